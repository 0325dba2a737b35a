"""What a reader does, in a real browser: search, follow a link, copy a block, read offline."""

import functools
import os
import re
from pathlib import Path

import pytest

from verified_guide import browser as browser_, pages, records
from verified_guide.benchmarks import search as bench_search
from verified_guide.browser import ANCHORS_SCROLL, Transfers, Watch, copy_problems, load_problems, next_frame, views_problems
from verified_guide.paths import page_name, page_url, project_root

ROOT = project_root()
PAGES = [page_name(ROOT, p).removesuffix(".md") for p in pages.pages(ROOT)]


pytestmark = pytest.mark.browser


def reader_key(built_site: Path, site_assets: bytes, browser_version: str, name: str) -> str:
    html = built_site / page_url(name) / "index.html"
    return records.key(ROOT, html.read_bytes(), site_assets, browser_version)


def reader_problems(chromium, server: str, built_site: Path, name: str) -> list[str]:
    """What test_page_as_a_reader_meets_it checks, in one page load of the page `name`."""
    url = server + page_url(name)
    problems = []
    with browser_.tab(chromium, color_scheme="light", permissions=["clipboard-read", "clipboard-write"]) as page:
        watch, transfers = Watch(page, server), Transfers(page)
        page.goto(url, wait_until="load")
        problems += views_problems(page)
        transfers.quiet()
        problems += transfers.problems() + load_problems(page, watch)
        problems += copy_problems(page, [b.code for b in blocks() if b.page == f"{name}.md"])
        problems += browser_.settled(page, ANCHORS_SCROLL, [anchor for anchor, _ in bench_search.headings(built_site, name)],
                                     what="following each heading's link")
    return problems


def page_check(fixture):
    """conftest.PageChecks: (the parameter, the key of a page, its check) of test_page_as_a_reader_meets_it."""
    browser_version, server, built_site, site_assets = (fixture(name) for name in ("browser_version", "server", "built_site", "site_assets"))
    blocks()  # read the pages once, before the checks' threads need them
    return (
        "name",
        lambda name: reader_key(built_site, site_assets, browser_version, name),
        lambda name: functools.partial(reader_problems, server=server, built_site=built_site, name=name),
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_as_a_reader_meets_it(page_checks, name, request):
    """One page load, checking everything a reader relies on:

    a first visit (the page loaded and viewed as below, until the network is quiet:
    browser.Transfers.quiet) within FIRST_VISIT_BYTES, search not loaded before it is opened, nothing
    loaded from outside the site, no failed request or console error; no serious axe-core
    finding and 4.5:1 contrast for every code colour, in the light and the dark palette
    (only colours differ in dark, so only contrast is rerun there); the READING rules at
    1280 and 375 px in both palettes (browser.views_problems: the palette switched with the
    header's toggle and the width changed, as a reader does, without reloading); each copy
    button copies exactly the code the harness tested; each heading's link scrolls to it.
    The pages are checked several at a time, each in its own browser (conftest.PageChecks).
    """
    page_checks.verify(request.node)


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except FileNotFoundError:  # it ended meanwhile (a helper process)
        return []
    for child in children:
        found += [child, *_descendants(child)]
    return found


def browser_ui(chromium) -> list[str]:
    """The addresses of the browser UI Chromium renders beside a page it opens."""
    with browser_.tab(chromium) as page:
        page.goto("data:text/html,<title>a page</title>")
        session = chromium.new_browser_cdp_session()
        return [t["url"] for t in session.send("Target.getTargets", {"filter": [{}]})["targetInfos"] if t["type"] == "browser_ui"]


def test_chromium_runs_only_the_page(browser_version, browser_check):
    """Chromium reads only the last --disable-features it is given: ours (browser.CHROMIUM_ARGS) keeps every feature
    Playwright disables, and with the omnibox popups disabled a new window renders no browser UI of its own."""
    if browser_check.passed_before():
        return
    ui = browser_.in_a_kept_browser(browser_ui)
    assert not ui, f"Chromium renders browser UI beside the page: {ui}"
    started = []
    for pid in _descendants(os.getpid()):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        except FileNotFoundError:  # a process that ended meanwhile
            continue
        # The browser process (its renderers and helpers have a --type), started by Playwright (through its pipe).
        if "--remote-debugging-pipe" in argv and not any(a.startswith("--type=") for a in argv):
            started.append(argv)
    assert started, "no Chromium browser process found among this process's descendants"
    for argv in started:
        lists = [a.removeprefix("--disable-features=").split(",") for a in argv if a.startswith("--disable-features=")]
        lost = [f for earlier in lists[:-1] for f in earlier if f not in lists[-1]]
        assert not lost, f"Chromium's last --disable-features drops what Playwright disables (update browser.PLAYWRIGHT_DISABLED_FEATURES): {lost}"
    browser_check.record_pass()


def test_a_page_chromium_stops_drawing_fails_its_check_instead_of_hanging(browser_version, browser_check):
    """The checks that wait for frames (browser.next_frame) give up, saying why, when none comes."""
    if browser_check.passed_before():
        return

    def check(tab):
        tab.goto("data:text/html,<title>a page</title><p>text")
        assert isinstance(tab.evaluate(f"({next_frame(2000)})()"), (int, float)), "a page being drawn gets its frame"
        tab.evaluate("window.requestAnimationFrame = () => 0")  # as if Chromium had stopped drawing it
        with pytest.raises(Exception, match="Chromium drew no frame of the page for 0.2 s"):
            tab.evaluate(f"({next_frame(200)})()")

    browser_.in_a_kept_tab(check)
    browser_check.record_pass()


def test_a_script_the_page_never_settles_fails_its_check_instead_of_hanging(browser_version, browser_check):
    """Playwright waits for a script's promise without end; the checks that await the page (copying each block,
    following each heading's link, the search workers' answers) give up after a while, saying so (browser.settled)."""
    if browser_check.passed_before():
        return

    def check(tab):
        tab.goto("data:text/html,<title>a page</title><p>text")
        assert browser_.settled(tab, "async (x) => x + 1", 41) == 42
        with pytest.raises(RuntimeError, match="waiting for nothing did not settle within 0.5 s"):
            browser_.settled(tab, "() => new Promise(() => {})", timeout_ms=500, what="waiting for nothing")
        with pytest.raises(RuntimeError, match="throwing failed in the page: Error: no"):
            browser_.settled(tab, "async () => { throw new Error('no'); }", what="throwing")

    browser_.in_a_kept_tab(check)
    browser_check.record_pass()


def test_a_request_after_the_load_event_still_counts_in_the_first_visit(browser_version, browser_check, server):
    """The page checks read a visit's transfers once the network is quiet (browser.Transfers.quiet), not at the load
    event they start checking from: a request the page makes 300 ms later is counted."""
    if browser_check.passed_before():
        return

    def check(tab):
        transfers = Transfers(tab)
        tab.goto(server + "404.html", wait_until="load")
        tab.evaluate("() => { setTimeout(() => fetch('sitemap.xml'), 300); }")
        transfers.quiet()
        assert [u for u in transfers.requested if u.endswith("/sitemap.xml")], transfers.requested
        assert len(transfers.finished) == len(transfers.requested), "a request still in flight"

    browser_.in_a_kept_tab(check)
    browser_check.record_pass()


FIRST_USE_READS = ("start/quickstart/index.html", "search/search_index.json")  # with the assets: the worker, the bundle


def first_use(page, server: str) -> None:
    transfers = Transfers(page)
    page.goto(server + "start/quickstart/", wait_until="networkidle")
    assert not [u for u in transfers.requested if "search" in u.removeprefix(server)]
    page.locator(".md-search__input").click()
    page.fill(".md-search__input", "from_numpy")
    page.press(".md-search__input", "End")  # Material searches on key events
    page.wait_for_selector(".md-search-result__item")
    assert [u for u in transfers.requested if u.endswith("search/search_index.json")]
    assert [u for u in transfers.requested if "/workers/search." in u]


def browser_work(fixture, items) -> dict:
    """conftest.PageChecks: the first use of search, and the offline copy opened from disk once its build (started with
    the checks, conftest.site) ends, when their checks must run: done beside the page checks, each in the first browser
    free, rather than after them (each 1 s at the end of a run after an edit, with one core busy)."""
    work = {}
    for item in items:
        if item.originalname == test_search_loads_on_first_use.__name__:
            if not fixture("pages_check_of")(item.nodeid, *FIRST_USE_READS).passed_before():
                work[item.nodeid] = browser_.in_a_tab(functools.partial(first_use, server=fixture("server")))
        elif item.originalname == test_offline_site_works_from_disk.__name__:
            offline = fixture("offline_build")  # None when no build was started: its test builds it itself
            if offline is not None and not fixture("search_check_of")(item.nodeid).passed_before():
                work[item.nodeid] = functools.partial(from_disk_once_built, offline=offline)
    return work


def from_disk_once_built(chromium, offline) -> None:
    """from_disk, in a new tab, once the offline copy's build (conftest.OfflineBuild) has ended."""
    site = offline.site()
    browser_.in_a_tab(functools.partial(from_disk, offline_site=site))(chromium)


def test_search_loads_on_first_use(browser_version, server, pages_check, request):
    """A page view loads neither the search index nor its worker; opening search loads both, and it finds."""
    check = pages_check(*FIRST_USE_READS)
    if check.passed_before():
        return
    # Asked here, not as an argument: a test that takes page_checks is a page's check (conftest.checks_pages).
    if not request.getfixturevalue("page_checks").did(request.node.nodeid):  # else it ran beside them (browser_work)
        browser_.in_a_kept_tab(functools.partial(first_use, server=server))
    check.record_pass()


# Every section of the errors page before it was split by topic: wikis link to
# /pitfalls/errors/#<anchor>, which must land on the section on its new page.
OLD_ERROR_ANCHORS = """
negative-strides unsupported-dtype byte-order strides-not-multiple expected-ndarray read-only-array
list-of-ndarrays ragged-sequences list-of-tensors copy-construct view-size default-collate
numpy-requires-grad numpy-on-cuda meta-device conj-bit neg-bit sparse-tensor bfloat16 copy-false
array-copy-keyword item-many-elements scalar-requires-grad array-wrap numpy-reduction
ndarray-times-tensor ndarray-plus-tensor must-be-tensor mat1-mat2-dtype m1-m2-dtype conv-input-type
target-dtype int-requires-grad in-place-leaf resize-array resize-tensor pin-memory dataloader-pin-memory
""".split()


# Where a link to #id ended: [the hash, the tag of the element, whether it is at the top of
# the window, or as high as the end of the page lets it go].
LANDED = """(id) => {
    const el = document.getElementById(id);
    if (!el) return null;
    const top = el.getBoundingClientRect().top;
    const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    return [location.hash, el.tagName, top >= 0 && top < (atBottom ? window.innerHeight : 200)];
}"""


def old_anchors_problems(page, errors_url: str, watch: Watch) -> list[str]:
    """Open errors_url#anchor for each old anchor: it must end on another page, at that section, at the top of the window."""
    wrong = []
    for anchor in OLD_ERROR_ANCHORS:
        page.goto(f"{errors_url}#{anchor}")
        page.wait_for_function("(errors) => location.href.split('#')[0] !== errors", arg=errors_url.split("#")[0], timeout=5000)
        page.wait_for_load_state()
        page.wait_for_timeout(50)
        landed = page.evaluate(LANDED, anchor)
        if not landed or landed[0] != f"#{anchor}" or not landed[1].startswith("H") or not landed[2]:
            wrong.append(f"#{anchor} landed on {page.url}: {landed}")
    return wrong + [f"request outside the site: {u}" for u in watch.outside] + [f"console error: {e}" for e in watch.errors]


def old_anchors_in(chromium, base: str, errors_url: str) -> list[str]:
    with browser_.tab(chromium) as page:
        return old_anchors_problems(page, errors_url, Watch(page, base))


@pytest.fixture(scope="module")
def old_anchors_found(server, request) -> dict:
    """Both checks of the old anchors, online and in the offline copy, each in its own browser at the same time (40
    page loads and redirects each: one after the other they took 17 s after the page checks). {where: the problems,
    or the exception its check raised}: each test reports its own, and a failed offline build fails only the offline one."""
    selected = {item.name for item in request.session.items}  # `-m "not offline"` builds no offline copy
    checks = {}
    if test_old_error_anchors_land_on_their_new_pages.__name__ in selected:
        checks["online"] = functools.partial(old_anchors_in, base=server, errors_url=server + "pitfalls/errors/")
    if test_old_error_anchors_land_offline.__name__ in selected:
        try:
            offline = request.getfixturevalue("offline_site")
            checks["offline"] = functools.partial(old_anchors_in, base="file://", errors_url=(offline / "pitfalls" / "errors.html").as_uri())
        except Exception as error:  # noqa: BLE001 - the offline build failed: raised again by the offline test
            return {**(browser_.in_parallel(checks, browsers=1) if checks else {}), "offline": error}
    return browser_.in_parallel(checks, browsers=len(checks))


def old_anchors_wrong(request, where: str) -> list[str]:
    found = request.getfixturevalue("old_anchors_found")[where]
    if isinstance(found, BaseException):
        raise found
    return found


def test_old_error_anchors_land_on_their_new_pages(pages_check, request):
    check = pages_check("pitfalls/**/*.html")
    if check.passed_before():
        return
    assert not (wrong := old_anchors_wrong(request, "online")), "\n".join(wrong)
    check.record_pass()


@pytest.mark.offline
def test_old_error_anchors_land_offline(pages_check, request):
    # The offline build is made from the same tree as the built site: the pages it reads there key it.
    check = pages_check("pitfalls/**/*.html")
    if check.passed_before():
        return
    assert not (wrong := old_anchors_wrong(request, "offline")), "\n".join(wrong)
    check.record_pass()


def test_errors_page_lists_every_old_anchor_for_readers_without_javascript(built_site):
    """With JavaScript off, #anchor scrolls to the link to its section, on the list of every message."""
    html = (built_site / "pitfalls" / "errors" / "index.html").read_text(encoding="utf-8")
    for anchor in OLD_ERROR_ANCHORS:
        link = re.search(rf'<a href="([^"]+)" id="{anchor}">', html)
        assert link and link.group(1).endswith(f"/#{anchor}"), anchor
        assert (built_site / "pitfalls" / "errors" / link.group(1).split("#")[0] / "index.html").resolve().exists(), link.group(1)


@functools.cache
def blocks() -> list[pages.Block]:
    return pages.collect(ROOT)[0]


def from_disk(page, offline_site: Path) -> None:
    """The offline copy opened from disk: its home page, its link to the quick start, and search."""
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


@pytest.mark.offline
def test_offline_site_works_from_disk(browser_version, search_check, request):
    # It opens the home page, follows its link to the quick start and searches: the search check's key
    # holds the home page and every heading (the quick start's title among them); the offline build is
    # made from the same tree as the built site.
    if search_check.passed_before():
        return
    if not request.getfixturevalue("page_checks").did(request.node.nodeid):  # else it ran beside them (browser_work)
        browser_.in_a_kept_tab(functools.partial(from_disk, offline_site=request.getfixturevalue("offline_site")))
    search_check.record_pass()
