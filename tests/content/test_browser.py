"""What a reader does, in a real browser: search, follow a link, copy a block, read offline."""

import functools
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from verified_guide import pages, records
from verified_guide.browser import ANCHORS_SCROLL, Watch, dark_problems, light_problems
from verified_guide.build import build
from verified_guide.paths import page_name, page_url, project_root

ROOT = project_root()
PAGES = [page_name(ROOT, p).removesuffix(".md") for p in pages.pages(ROOT)]


pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_meets_it(browser, server, built_site, site_assets, name, request):
    """One visit per page and palette, checking everything a reader relies on:

    nothing loaded from outside the site, no failed request or console error; each copy
    button copies exactly the code the harness tested; each heading's link scrolls to it;
    no serious axe-core finding and 4.5:1 contrast for every code colour, in the light
    and the dark palette (only colours differ in dark, so only contrast is rerun there);
    no sideways scrolling on a 375 px screen.
    """
    html = built_site / page_url(name) / "index.html"
    key = records.key(ROOT, html.read_bytes(), site_assets, browser.version)
    if records.passed_before(ROOT, key, request.node.nodeid):
        return
    url = server + page_url(name)
    problems = []

    context = browser.new_context(color_scheme="light", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(url, wait_until="networkidle")
    problems += light_problems(page, watch, [b.code for b in blocks() if b.page == f"{name}.md"])
    problems += page.evaluate(ANCHORS_SCROLL, [anchor for anchor, _ in heading_anchors(built_site, name)])
    context.close()
    problems += dark_problems(browser, url)

    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(url)
    if (overflow := page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) > 0:
        problems.append(f"at 375 px the page is {overflow} px too wide")
    context.close()

    assert not problems, "\n".join(problems)
    records.record_pass(ROOT, key)


def test_search_from_a_wiki_link(page, server):
    page.goto(server + "?q=" + quote_plus("torch.from_numpy"))
    page.wait_for_selector(".md-search-result__item")
    assert page.locator(".md-search-result__item").count() > 0


def search(page, query: str) -> list[str]:
    """Type a query into the open search box; the links of the results, best first."""
    page.evaluate("window.previousFirst = document.querySelector('.md-search-result__item')")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material searches on key events
    page.wait_for_function("document.querySelector('.md-search-result__item') !== window.previousFirst")
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")


def test_searching_an_error_message_finds_its_section_first(page, server, built_site):
    """Paste any message heading the pitfalls page into search: its section is the first hit."""
    messages = heading_anchors(built_site, "pitfalls/errors", levels="2")
    assert len(messages) >= 15
    page.goto(server + "?q=numpy")  # a link from a wiki opens search
    page.wait_for_selector(".md-search-result__item")
    wrong = []
    for anchor, message in messages:
        sections = [h for h in search(page, message) if "#" in h]
        if not sections or not sections[0].split("?")[0].endswith("pitfalls/errors/") or not sections[0].endswith("#" + anchor):
            wrong.append(f"{message!r}: first section hit {sections[:1]}, expected pitfalls/errors/#{anchor}")
    assert not wrong, "\n".join(wrong)


@functools.cache
def blocks() -> list[pages.Block]:
    return pages.collect(ROOT)[0]


def heading_anchors(site_dir: Path, name: str, levels: str = "23") -> list[tuple[str, str]]:
    """(anchor, text) of the page's headings, from the built HTML."""
    html = (site_dir / page_url(name) / "index.html").read_text(encoding="utf-8")
    return [
        (anchor, unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip())
        for anchor, text in re.findall(rf'<h[{levels}] id="([^"]+)">(.*?)</h[{levels}]>', html, re.S)
    ]


@pytest.fixture(scope="session")
def offline_site(built_site, tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site-offline")
    result = build(ROOT, site_dir, offline=True)
    assert result.returncode == 0, result.stderr
    return site_dir


def test_offline_site_works_from_disk(page, offline_site):
    watch = Watch(page, "file://")
    page.goto((offline_site / "index.html").as_uri())
    page.get_by_role("link", name="Quick start").first.click()
    page.wait_for_url("**/start/quickstart.html")
    assert page.locator("h1").inner_text().startswith("Quick start")

    page.locator(".md-search__input").click()
    page.fill(".md-search__input", "shares_memory")
    page.press(".md-search__input", "End")  # Material searches on key events
    page.wait_for_selector(".md-search-result__item")
    assert page.locator(".md-search-result__item").count() > 0
    assert not [u for u in watch.outside if not u.startswith("file://")]
    assert not watch.errors, watch.errors
