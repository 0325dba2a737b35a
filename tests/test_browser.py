"""What a reader does, in a real browser: search, follow a link, copy a block, read offline."""

from html import unescape
import re
from pathlib import Path
from urllib.parse import quote_plus, urlparse

import pytest

import harness
from notebooks import page_url
import reuse
from conftest import ROOT, build

PAGES = [p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in harness.pages(ROOT)]


pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


class Watch:
    """Requests that leave the site, failed requests and console errors of one page."""

    def __init__(self, page, base: str):
        self.outside, self.failed, self.errors = [], [], []
        allowed = urlparse(base).netloc
        page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != allowed and self.outside.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def light_problems(page, watch: Watch, code: list[str]) -> list[str]:
    """On a page loaded in the light palette: what went wrong loading it, whether each copy
    button copies exactly its code (in page order), axe's serious findings and code contrast."""
    problems = [f"request outside the site: {u}" for u in watch.outside]
    problems += [f"failed request: {u}" for u in watch.failed]
    problems += [f"console error: {e}" for e in watch.errors]
    if page.locator('script[src=""], img[src=""], iframe[src=""]').count():
        problems.append("an element with an empty src")
    code = [c.rstrip("\n") for c in code]
    if code:
        page.wait_for_selector('.language-python [data-md-type="copy"]')  # added by script
    copied = [c.rstrip("\n") for c in page.evaluate(COPY_EVERY_BLOCK)]
    if copied != code:
        problems.append(f"copy buttons: {len(copied)} copied, {len(code)} expected; first difference: "
                        f"{next(((c, t) for c, t in zip(copied, code) if c != t), None)!r}")
    return problems + [f"light: {v}" for v in page.evaluate(CODE_CONTRAST) + serious_violations(page)]


def dark_problems(browser, url: str) -> list[str]:
    """The page in the dark palette: only colours change, so only contrast is checked again."""
    context = browser.new_context(color_scheme="dark")  # a new context: Material remembers the palette
    page = context.new_page()
    page.goto(url)
    problems = [] if page.evaluate("document.body.dataset.mdColorScheme") == "slate" else ["the dark palette did not apply"]
    problems += [f"dark: {v}" for v in page.evaluate(CODE_CONTRAST) + serious_violations(page, runOnly=["color-contrast"])]
    context.close()
    return problems


def serious_violations(page, **options) -> list[str]:
    """axe-core's serious and critical findings, code blocks aside (see code_contrast)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"exclude": [[".highlight"]]}, options={"resultTypes": ["violations"], **options})
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# axe takes seconds per page on the thousands of token spans in code blocks, and they only
# come in a dozen colours: check each colour once, with the WCAG formula, in the browser.
CODE_CONTRAST = """() => {
  const rgb = (s) => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const seen = new Map();
  for (const el of document.querySelectorAll(".highlight code, .highlight code span")) {
    if (!el.textContent.trim()) continue;
    let bg = el, back;
    while (bg && (back = getComputedStyle(bg).backgroundColor) && (back === "transparent" || rgb(back)[3] === 0)) bg = bg.parentElement;
    const [fr, fg, fb, fa = 1] = rgb(getComputedStyle(el).color);
    const b = rgb(back);
    const mixed = [fr * fa + b[0] * (1 - fa), fg * fa + b[1] * (1 - fa), fb * fa + b[2] * (1 - fa)];
    const [hi, lo] = [lum(mixed), lum(b)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const key = `${el.className || "code"} ${getComputedStyle(el).color} on ${back}`;
    if (!seen.has(key)) seen.set(key, ratio);
  }
  return [...seen].filter(([, ratio]) => ratio < 4.5).map(([key, ratio]) => `${key}: ${ratio.toFixed(2)}:1`);
}"""


# Click each Python block's copy button and read the clipboard, in page order.
COPY_EVERY_BLOCK = """async () => {
    const copied = [];
    for (const button of document.querySelectorAll('.language-python [data-md-type="copy"]')) {
        await navigator.clipboard.writeText("");
        button.click();
        let text = "";
        for (let i = 0; i < 200 && !text; i++) {
            await new Promise((r) => setTimeout(r, 5));
            text = await navigator.clipboard.readText();
        }
        copied.push(text);
    }
    return copied;
}"""

# Follow a link to each heading; it must end at the top of the window, or as high as the
# end of the page lets it go.
ANCHORS_SCROLL = """async (ids) => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const wrong = [];
    for (const id of ids) {
        location.hash = id;
        await frames();
        const top = document.getElementById(id).getBoundingClientRect().top;
        const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        if (!(top >= 0 && top < (atBottom ? window.innerHeight : 200))) wrong.push(`#${id} ends ${Math.round(top)} px down`);
    }
    return wrong;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_meets_it(browser, server, site, site_assets, name, request):
    """One visit per page and palette, checking everything a reader relies on:

    nothing loaded from outside the site, no failed request or console error; each copy
    button copies exactly the code the harness tested; each heading's link scrolls to it;
    no serious axe-core finding and 4.5:1 contrast for every code colour, in the light
    and the dark palette (only colours differ in dark, so only contrast is rerun there);
    no sideways scrolling on a 375 px screen.
    """
    html = site[1] / page_url(name) / "index.html"
    key = reuse.key(html.read_bytes(), site_assets, reuse.source(Path(__file__)), browser.version)
    if reuse.passed_before(key, request.node.nodeid):
        return
    url = server + page_url(name)
    problems = []

    context = browser.new_context(color_scheme="light", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(url, wait_until="networkidle")
    problems += light_problems(page, watch, [b.code for b in BLOCKS if b.page == f"{name}.md"])
    problems += page.evaluate(ANCHORS_SCROLL, [anchor for anchor, _ in heading_anchors(site[1], name)])
    context.close()
    problems += dark_problems(browser, url)

    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(url)
    if (overflow := page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) > 0:
        problems.append(f"at 375 px the page is {overflow} px too wide")
    context.close()

    assert not problems, "\n".join(problems)
    reuse.record_pass(key)


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


def test_searching_an_error_message_finds_its_section_first(page, server, site):
    """Paste any message heading the pitfalls page into search: its section is the first hit."""
    messages = heading_anchors(site[1], "pitfalls/errors", levels="2")
    assert len(messages) >= 15
    page.goto(server + "?q=numpy")  # a link from a wiki opens search
    page.wait_for_selector(".md-search-result__item")
    wrong = []
    for anchor, message in messages:
        sections = [h for h in search(page, message) if "#" in h]
        if not sections or not sections[0].split("?")[0].endswith("pitfalls/errors/") or not sections[0].endswith("#" + anchor):
            wrong.append(f"{message!r}: first section hit {sections[:1]}, expected pitfalls/errors/#{anchor}")
    assert not wrong, "\n".join(wrong)


BLOCKS, _ = harness.collect(ROOT)


def heading_anchors(site_dir: Path, name: str, levels: str = "23") -> list[tuple[str, str]]:
    """(anchor, text) of the page's headings, from the built HTML."""
    html = (site_dir / page_url(name) / "index.html").read_text(encoding="utf-8")
    return [
        (anchor, unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip())
        for anchor, text in re.findall(rf'<h[{levels}] id="([^"]+)">(.*?)</h[{levels}]>', html, re.S)
    ]


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
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
