"""Fixtures the checks share: the project, its built site, a server for it, and Chromium."""

import concurrent.futures
import functools
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from verified_guide import browser as browser_, digest, records
from verified_guide import build as build_
from verified_guide.benchmarks import serve_reload
from verified_guide.paths import project_root
from verified_guide.pytest_plugin import selects_every_test_in
from verified_guide.server import serve


@pytest.fixture(scope="session")
def root() -> Path:
    """The guide under test: this checkout, or $GUIDE_ROOT (the tooling tests point it at small trees)."""
    return project_root()


SITE_BUILD = pytest.StashKey[tuple]()
OFFLINE_BUILD = pytest.StashKey["OfflineBuild"]()
SERVE_BENCH = pytest.StashKey[tuple]()
BUILD_STARTED = pytest.StashKey[bool]()  # start_site_build ran (the build itself only if it had to be)


def needs_the_site(item) -> bool:
    return "site" in getattr(item, "fixturenames", ())


def runs_late(item) -> bool:
    """Reads the built site, or uses Chromium: after the examples and the tooling tests, which the build overlaps, so
    that no browser takes their cores."""
    return needs_the_site(item) or "browser_version" in getattr(item, "fixturenames", ())


def checks_pages(item) -> bool:
    """A check of every page in Chromium (conftest.PageChecks): several browsers at once, both cores busy."""
    return "page_checks" in getattr(item, "fixturenames", ())


def searches(item) -> bool:
    """A check of the site's search that reads no build but the site's (not the offline copy's, which builds meanwhile)."""
    return "search_check" in getattr(item, "fixturenames", ()) and item.get_closest_marker("offline") is None


def in_chromium(item) -> bool:
    """A check run in Chromium (or waiting for one that is: the page checks' set, PageChecks)."""
    names = getattr(item, "fixturenames", ())
    return checks_pages(item) or "browser_version" in names or "search_check" in names or \
        item.get_closest_marker("browser") is not None


def waits_for_the_serve_bench(item) -> bool:
    """A check of test_serve, which waits for the `make serve` bench running beside the others (start_serve_bench)."""
    return "serve_reloads" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items):
    """The checks that read the built site, and those of Chromium itself, run after the others, so that the site's
    build, started in the background as the session starts, overlaps them; the tooling tests first, as they keep a core busy only part of the time
    (subprocesses, small builds) and the build fills the rest. Of the site's checks, those of every page come first,
    then those of search, which need no more than the site: after an edit, they ran last, after the offline copy's
    build and check, with one core left idle. Before all of them, those that read only the built files, which run
    while Chromium checks the pages in the background (PageChecks.start, started_page_checks). Those of the `make serve`
    bench come last of all: they wait for it, and the checks after them would wait too (stable: in file order)."""
    items.sort(key=lambda item: (runs_late(item) or waits_for_the_serve_bench(item), waits_for_the_serve_bench(item),
                                 in_chromium(item), not checks_pages(item), not searches(item),
                                 not item.nodeid.startswith("tests/tooling/")))


CONTENT = Path(__file__).parent / "content"  # the checks that read the site


def pytest_sessionstart(session):
    """When the command line selects every check (`make test`: tests, without -k or -m), start building the site
    now, in the background, before the checks are collected (a second of one core, which the build fills):
    start_site_build. A narrower run starts it once they are collected, if a selected check reads the site."""
    session.config.add_cleanup(browser_.close_workers)  # the browsers in_parallel kept for the run's checks
    if not session.config.option.collectonly and selects_every_test_in(session.config, CONTENT):
        start_site_build(session)


def pytest_collection_finish(session):
    """Start the site's build now if no earlier (start_site_build), when a selected check reads the site; stop the one
    started early when none does (a deselection, a collection that dropped them); launch browsers beside it when the
    pages will need checking. Then the `make serve` bench on its small site, when a check of test_serve is selected
    and must run (start_serve_bench)."""
    stash, items = session.config.stash, session.items
    if session.config.option.collectonly:
        return
    needs_site = any(needs_the_site(i) for i in items)
    if BUILD_STARTED not in stash and needs_site:
        start_site_build(session)
    if SITE_BUILD in stash and not needs_site:
        build_.stop(stash[SITE_BUILD][0])
        del stash[SITE_BUILD]
    if SITE_BUILD in stash and any(checks_pages(i) for i in items) and build_.sources_changed(project_root()):
        # Built because a page, an example or the tooling changed, the site will have pages to check in Chromium.
        # Their browsers launch now, beside the build, which leaves a core free while its kernels run, instead of
        # once it has ended, where their launch took the first second of the page checks after an edit.
        browser_.start_early(EARLY_BROWSERS)
    if SITE_BUILD in stash and any(i.get_closest_marker("offline") for i in items):
        start_offline_build(session)
    if any(i.nodeid.startswith("tests/content/test_serve.py::") for i in items):
        start_serve_bench(session)


def start_site_build(session) -> None:
    """Start building the site in the background when the last build cannot be reused (build.reusable)."""
    root, stash = project_root(), session.config.stash
    stash[BUILD_STARTED] = True
    if build_.reusable(root) is None:
        work = Path(tempfile.mkdtemp(prefix="site-"))  # the site, the offline copy (start_offline_build), a signal
        started = build_.start(root, work / "html", notebooks_written=work / "notebooks-written")
        stash[SITE_BUILD] = (started, work)
        session.config.add_cleanup(lambda: build_.stop(started) or shutil.rmtree(work, ignore_errors=True))


def start_offline_build(session) -> None:
    """The offline copy's build (OfflineBuild), for the checks marked offline, when the site is being built: the pages
    changed, so their passes will not be reused. Its environment is this process's now, before any test runs: the
    tooling tests set and remove variables (FRESH, OFFLINE, ...) for a while."""
    stash = session.config.stash
    started, work = stash[SITE_BUILD]
    offline = OfflineBuild(project_root(), work / "offline", started, work / "notebooks-written",
                           offline=True, environ=dict(os.environ), nice=OFFLINE_NICE)
    stash[OFFLINE_BUILD] = offline
    session.config.add_cleanup(offline.stop)  # before the site's cleanup, which removes its directory


# Browsers launched beside the site's build (pytest_collection_finish): as many as an edited page's checks take, its
# own and its notebook page's; a run with more pages to check launches the others when its checks begin.
EARLY_BROWSERS = 2
SERVE_SITE = Path(__file__).parent / "fixtures" / "serve-site"  # the small site test_serve's checks serve


def start_serve_bench(session) -> None:
    """The `make serve` bench (serve_reload.measure_small_site) on its small site, copied now (copy_small_site), in a
    thread from the end of collection, beside the site's build and the other checks; for test_serve's checks to wait
    for (serve_reloads). Not when they all passed before with its key: the small site as copied, the tooling, the
    environment. A page of the guide is no part of it: editing one reruns its own checks, not these."""
    root, stash = project_root(), session.config.stash
    tree = Path(tempfile.mkdtemp(prefix="serve-site-"))
    session.config.add_cleanup(lambda: shutil.rmtree(tree, ignore_errors=True))  # the last cleanup: after the bench's
    serve_reload.copy_small_site(SERVE_SITE, tree, root)
    key = records.key(root, digest.files(tree, tree))
    if records.recorded(root, key):
        stash[SERVE_BENCH] = (key, None)
        return
    pool, stop = concurrent.futures.ThreadPoolExecutor(1), threading.Event()
    # A run cut short (Ctrl-C, -x) ends the bench at its next wait instead of waiting for it.
    session.config.add_cleanup(lambda: stop.set() or pool.shutdown(cancel_futures=True))
    # Two saves of each kind (the bench's default is 5), and no pause after the first build.
    # The server gets the environment as it is now, before any test runs: the tooling tests set and remove
    # variables (FRESH, OFFLINE, ...) for a while, maybe just when the bench starts it.
    future = pool.submit(serve_reload.measure_small_site, tree, stop, edits=2, settle=0, environ=dict(os.environ))
    stash[SERVE_BENCH] = (key, future)


@pytest.fixture(scope="session")
def site(root, tmp_path_factory, request):
    """The site, built once for the session, or the last build while nothing it reads has changed
    (build.reused_or_built): (build result, site directory). Only test_build looks at a failure.
    The build started with the session, if it had to be (pytest_sessionstart)."""
    started, work = request.config.stash.get(SITE_BUILD, (None, None))
    return build_.reused_or_built(root, work / "html" if work else tmp_path_factory.mktemp("site"), started)


# How much lower the offline copy's build runs than the checks and the site's build, which it shares the cores with.
OFFLINE_NICE = 10


class OfflineBuild(build_.AfterNotebooks):
    """The offline copy's build, started by start_offline_build as soon as the site's build has written every notebook
    with its outputs (build.AfterNotebooks): it renders its pages while the site's build renders its own, on the core
    that build leaves free, instead of beside the page checks once the site is built (after an edit, 3 of the CPU
    seconds the checks of two pages and of search took). Niced (OFFLINE_NICE), as those come first. site() gives its
    directory once built, from any thread (a check beside the page checks waits for it too: test_browser's
    browser_work), and fails with MkDocs' errors."""

    def site(self) -> Path:
        result = self.wait()
        assert result.returncode == 0, build_.errors(result)
        return self.site_dir


@pytest.fixture(scope="session")
def offline_build(request, site) -> OfflineBuild | None:
    """The offline copy's build when the run started it beside the site's (start_offline_build), else None."""
    return request.config.stash.get(OFFLINE_BUILD, None)


@pytest.fixture(scope="session")
def offline_site(root, built_site, offline_build, tmp_path_factory) -> Path:
    """The copy of the site to open from disk (file://), made from the same tree as the built site."""
    if offline_build is not None:
        return offline_build.site()
    site_dir = tmp_path_factory.mktemp("site-offline")
    result = build_.build(root, site_dir, offline=True)
    assert result.returncode == 0, build_.errors(result)
    return site_dir


@pytest.fixture(scope="session")
def built_site(site) -> Path:
    """The built site's directory; the checks that need it skip, saying why, when the build failed."""
    result, site_dir = site
    if result.returncode != 0:
        pytest.skip("the site did not build (tests/content/test_build.py::test_mkdocs_build_strict shows MkDocs' message)")
    return site_dir


@pytest.fixture(scope="session")
def server(built_site):
    """The built site on 127.0.0.1, gzipped as a web host serves it."""
    base, httpd = serve(built_site)
    yield base
    httpd.shutdown()


# What no page loads when a reader visits it: the search index (loaded when search is opened:
# the search checks key on it, search_site), the notebooks to download (pages link them,
# test_notebooks checks their content) and the sitemap (its dates would rerun every check each day).
def loaded_by_a_visit(path: Path) -> bool:
    return path.suffix not in (".html", ".ipynb") and path.name != "search_index.json" and not path.name.startswith("sitemap.xml")


@pytest.fixture(scope="session")
def serve_reloads(request):
    """(key, the run of the `make serve` bench on its small site, or None when every check of test_serve passed before
    with that key): started in a thread at the end of collection (start_serve_bench), for tests/content/test_serve.py
    to wait for. Its run gives (serve_reload.Reloads, the search index of a full build of the small site)."""
    return request.config.stash[SERVE_BENCH]


@pytest.fixture(scope="session")
def site_assets(built_site) -> bytes:
    """Everything besides a page's HTML that its look and behaviour on a visit depend on (for the pass records' keys)."""
    return digest.files(built_site, *sorted(p for p in built_site.rglob("*") if p.is_file() and loaded_by_a_visit(p)))


@pytest.fixture(scope="session")
def search_site(built_site, site_assets) -> str:
    """What a search check reads: the search index, the assets (the search worker and its ranking), the home page
    that a `?q=` link opens, and every page's headings (the sections a result opens)."""
    headings = "".join(
        f"{p.relative_to(built_site).as_posix()}\n" + "\n".join(re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", p.read_text(encoding="utf-8"), re.S))
        for p in sorted(built_site.rglob("*.html"))
    )
    return digest.content_hash(site_assets, digest.files(built_site, built_site / "search", built_site / "index.html"), headings)


class SiteCheck:
    """A check in Chromium across several pages of the built site, whose pass is reused while what it reads,
    the checks, the environment and the browser are what they were (records.py)."""

    def __init__(self, root: Path, key: str, node_id: str):
        self.root, self.key, self.node_id = root, key, node_id

    def passed_before(self) -> bool:
        return records.passed_before(self.root, self.key, self.node_id)

    def record_pass(self) -> None:
        records.record_pass(self.root, self.key)


@pytest.fixture(scope="session")
def search_check_of(root, search_site, browser_version):
    """search_check_of(node_id): the SiteCheck of that check of search (search_check)."""
    return lambda node_id: SiteCheck(root, records.key(root, search_site, browser_version, node_id), node_id)


@pytest.fixture
def search_check(request, search_check_of) -> SiteCheck:
    """For a check of search: an edit that changes no heading and nothing searched reuses its pass."""
    return search_check_of(request.node.nodeid)


@pytest.fixture
def browser_check(request, root, browser_version) -> SiteCheck:
    """For a check of Chromium itself, which reads no page of the site: reused while the browser and the tooling are unchanged."""
    return SiteCheck(root, records.key(root, browser_version, request.node.nodeid), request.node.nodeid)


@pytest.fixture(scope="session")
def pages_check_of(root, built_site, site_assets, browser_version):
    """pages_check_of(node_id, *patterns): the SiteCheck of that check, keyed on the pages the patterns match (pages_check)."""

    def make(node_id: str, *patterns: str) -> SiteCheck:
        found = sorted({p for pattern in patterns for p in built_site.glob(pattern) if p.is_file()})
        assert found, f"no page of the built site matches {patterns}"
        key = records.key(root, site_assets, digest.files(built_site, *found), browser_version, node_id)
        return SiteCheck(root, key, node_id)

    return make


@pytest.fixture
def pages_check(request, pages_check_of):
    """For a check that reads some pages: pages_check("pitfalls/**/*.html") keys it on those pages and the assets."""
    return functools.partial(pages_check_of, request.node.nodeid)


class PageChecks:
    """The checks of one page per test: every selected page of every such test (the guide pages', the notebook
    pages') runs in one set, several at a time (browser.in_parallel), when the first test that needs a run asks, so
    that no browser waits between one test's pages and the next's; each page's pass is reused by its key.

    The module of such a test says how to check a page: its page_check(fixture) returns (the test's parameter, the
    key of a page, the check of a page: a function of a browser), `fixture` giving the session's fixtures by name.

    Any selected test's module may also name other work in Chromium that its tests will need: its
    browser_work(fixture, items) returns {name: a function of a browser} (empty when none must run; `items`: its selected
    tests), which the set runs once its pages are all taken, each in the first browser free; did(name) and ran(name) tell.
    After an edit, the searches ran after the page checks, in one browser while the other had nothing left to do."""

    def __init__(self, root: Path, request):
        self.root, self.request = root, request
        self.of_module: dict = {}  # module name -> what its page_check returned
        self.found = None
        self.running = None  # the set's run in the background (start), until its results are in `found`
        self.cannot: dict = {}  # node id -> what made its check raise before it could run

    def _key_and_check(self, item):
        """The key of the item's page, and what makes its check (called only when the page must be checked)."""
        module = item.module
        if module.__name__ not in self.of_module:
            self.of_module[module.__name__] = module.page_check(self.request.getfixturevalue)
        param, key_of, check_of = self.of_module[module.__name__]
        value = item.callspec.params[param]
        return key_of(value), functools.partial(check_of, value)

    def start(self) -> None:
        """Begin the set in the background, once, if a selected page must be checked: the checks that read only the
        built files run meanwhile (they come first: pytest_collection_modifyitems), instead of after its last page."""
        if self.running is not None or self.found is not None:
            return
        todo = {}
        for other in self.request.session.items:
            if checks_pages(other):
                try:
                    other_key, check_of = self._key_and_check(other)
                    if not records.recorded(self.root, other_key):
                        todo[other.nodeid] = check_of()
                except Exception as error:  # noqa: BLE001 - e.g. a page's notebook cannot be made: its own test says so
                    self.cannot[other.nodeid] = error
        if not todo:
            self.found = dict(self.cannot)
            return
        pool = concurrent.futures.ThreadPoolExecutor(1)
        self.running = pool.submit(browser_.in_parallel, todo, then=self._other_work(self.cannot))
        pool.shutdown(wait=False)

    def _results(self) -> dict:
        """The set's results, once it has ended (start)."""
        if self.found is None and self.running is not None:
            self.found = {**self.running.result(), **self.cannot}
        return self.found or {}

    def verify(self, item) -> None:
        key, _ = self._key_and_check(item)
        if records.passed_before(self.root, key, item.nodeid):
            return
        self.start()
        problems = self._results()[item.nodeid]
        if isinstance(problems, BaseException):
            raise problems
        assert not problems, "\n".join(problems)
        records.record_pass(self.root, key)

    def _other_work(self, cannot: dict) -> dict:
        """Each selected module's browser_work (see the class), by name; a module's that raised goes into `cannot`."""
        work, items = {}, self.request.session.items
        # In the order of each module's last test: the searches (test_search) before the first use of search and the
        # offline copy (test_browser's last tests), which take a second each, the offline one once its build ends.
        last = {i.module: n for n, i in enumerate(items) if hasattr(i.module, "browser_work")}
        for module in sorted(last, key=last.get):
            try:
                work.update(module.browser_work(self.request.getfixturevalue, [i for i in items if i.module is module]))
            except Exception as error:  # noqa: BLE001 - its tests then do the work themselves, and report what fails
                cannot[f"{module.__name__}.browser_work"] = error
        return work

    def did(self, name: str) -> bool:
        """Whether the set of page checks ran browser_work's `name`, once it has ended (what it raised is raised here):
        when no page had to be checked, none ran it, and the module does that work itself."""
        if self.running is None or name not in self._results():
            return False
        if isinstance(found := self.found[name], BaseException):
            raise found
        return True

    def ran(self, name: str):
        """What browser_work's `name` returned, run with the pages (did); None when the set did not run it."""
        return self.found[name] if self.did(name) else None


@pytest.fixture(autouse=True)
def started_page_checks(request):
    """Before the first check that reads the built site, once it is built: the page checks' set starts in the
    background (PageChecks.start: nothing when no selected page must be checked), and the checks that read only the
    built files run beside it. Nothing when the site did not build: those checks skip, saying why."""
    if needs_the_site(request.node) and not in_chromium(request.node):
        try:
            request.getfixturevalue("page_checks").start()
        except pytest.skip.Exception:
            pass


@pytest.fixture(scope="session")
def page_checks(request, root, server) -> PageChecks:
    """A test that checks one page asks page_checks.verify(request.node); see PageChecks. (It asks for the server,
    which the checks read, so that these tests count as reading the built site: needs_the_site.)

    They do not wait for the `make serve` bench, which may be saving its files meanwhile: its budget is the server's
    own time, less what it waited for a core (serve_reload.run_queue_seconds)."""
    return PageChecks(root, request)


@pytest.fixture(scope="session")
def browser_version() -> str:
    """The version of the Chromium the checks run in, which their keys hold; a check that needs it is skipped, or
    failed in CI, where that Chromium is missing. The checks run in the browsers browser.in_parallel keeps."""
    if not browser_.CHROMIUM.exists():
        message = f"{browser_.CHROMIUM} not found: {browser_.INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing browser must never pass as a skip
        pytest.skip(message)
    return browser_.version()

