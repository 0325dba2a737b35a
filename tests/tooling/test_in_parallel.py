"""Page checks run several at a time (browser.in_parallel), and each page still gets its own verdict."""

import threading

import pytest

from verified_guide import browser


class FakeChromium:
    made: list = []

    def __init__(self):
        self.thread = threading.get_ident()  # made in the thread that uses it (playwright's sync API needs that)
        self.closed = False
        FakeChromium.made.append(self)

    def connected(self):
        return not self.closed

    def close(self):
        self.closed = True


@pytest.fixture(autouse=True)
def own_browsers(monkeypatch):
    """Each test gets a pool of its own, for its fake browsers, and closes them, passed or failed; the run's pool, with
    the browsers launched beside the site's build (browser.start_early), is the page checks' again after it."""
    monkeypatch.setattr(browser, "_pool", [])
    yield
    browser.close_workers()  # the test's pool: monkeypatch puts the run's back after this


def test_each_check_reports_its_own_result_or_exception(monkeypatch):
    monkeypatch.setattr(browser, "Chromium", FakeChromium)
    FakeChromium.made = []
    used = {}

    def check(name, problems):
        def run(chromium):
            assert chromium.thread == threading.get_ident(), "a browser used outside the thread that made it"
            used[name] = chromium
            if problems is None:
                raise TimeoutError(f"{name} did not load")
            return problems
        return run

    checks = {f"page{i}": check(f"page{i}", [] if i % 3 else ["wrong"]) for i in range(9)}
    checks["broken"] = check("broken", None)
    found = browser.in_parallel(checks, browsers=3)

    assert set(found) == set(checks), "every page has a verdict"
    assert isinstance(found["broken"], TimeoutError), "a check that raised is reported as its exception, on its own page"
    assert [name for name, problems in found.items() if problems == ["wrong"]] == ["page0", "page3", "page6"]
    assert len(FakeChromium.made) == 3, "one browser a thread"
    assert set(used) == set(checks) and all(c in FakeChromium.made for c in used.values()), "each ran in one of those browsers"

    again = browser.in_parallel({"page9": check("page9", [])}, browsers=3)
    assert again == {"page9": []} and used["page9"] in FakeChromium.made[:3] and len(FakeChromium.made) == 3, \
        "the next call checks in a kept browser, in its own thread"
    FakeChromium.made[0].closed = True  # as a browser that crashed
    browser.in_parallel({f"page{i}": check(f"page{i}", []) for i in range(10, 13)}, browsers=3)
    assert len(FakeChromium.made) == 4 and FakeChromium.made[0] not in [used[f"page{i}"] for i in range(10, 13)], \
        "a browser that no longer answers is started again"
    browser.close_workers()
    assert all(c.closed for c in FakeChromium.made), "closed with the workers (at the end of a run)"


def test_a_check_that_calls_pytest_fail_reports_it_and_the_browser_stays(monkeypatch):
    """pytest.fail, skip and a failed pytest.raises raise BaseExceptions, not Exceptions: they are reported as the
    check's result too, for its test to raise, and the thread and its browser stay for the next check."""
    monkeypatch.setattr(browser, "Chromium", FakeChromium)
    FakeChromium.made = []

    def fails(chromium):
        pytest.fail("the page is wrong")

    found = browser.in_parallel({"fails": fails}, browsers=1)
    assert isinstance(found["fails"], pytest.fail.Exception)
    assert browser.in_parallel({"next": lambda chromium: chromium}, browsers=1) == {"next": FakeChromium.made[0]}
    assert len(FakeChromium.made) == 1
    browser.close_workers()


def test_a_check_in_a_kept_browser_returns_its_result_or_raises_its_exception_here(monkeypatch):
    monkeypatch.setattr(browser, "Chromium", FakeChromium)
    FakeChromium.made = []

    def fails(chromium):
        raise AssertionError("the page is wrong")

    assert browser.in_a_kept_browser(lambda chromium: chromium) is FakeChromium.made[0]
    with pytest.raises(AssertionError, match="the page is wrong"):
        browser.in_a_kept_browser(fails)
    assert len(FakeChromium.made) == 1, "both in the one kept browser"
    browser.close_workers()


def test_a_browser_that_does_not_start_fails_each_check_it_takes_with_its_error(monkeypatch):
    """Each of its pages' tests fails naming the error, instead of finding no verdict; the thread stays, and its next
    task starts a browser again."""
    starts = []

    def chromium_that_starts_the_second_time():
        starts.append(1)
        if len(starts) == 1:
            raise OSError("chromium-headless-shell: error while loading shared libraries")
        return FakeChromium()

    monkeypatch.setattr(browser, "Chromium", chromium_that_starts_the_second_time)
    found = browser.in_parallel({"page0": lambda chromium: [], "page1": lambda chromium: []}, browsers=1)
    assert set(found) == {"page0", "page1"}
    assert all(isinstance(e, RuntimeError) and "error while loading shared libraries" in str(e) for e in found.values()), found
    assert browser.in_parallel({"page2": lambda chromium: []}, browsers=1) == {"page2": []}, "the thread started one again"
    browser.close_workers()


def test_the_work_after_the_pages_goes_to_the_first_browser_free_and_starts_none(monkeypatch):
    """in_parallel(then=...): after an edit, the searches (tests/content/test_search.py, browser_work) wait for no
    page but the last one still checked, and start no browser of their own."""
    monkeypatch.setattr(browser, "Chromium", FakeChromium)
    FakeChromium.made = []
    order, released, slow_finished = [], threading.Event(), threading.Event()

    def page(name):
        def run(chromium):
            order.append(name)
            if name == "slow":  # checked until the work after the pages lets it end
                released.wait(10)
                slow_finished.set()
            return []
        return run

    def then(chromium):
        order.append("then")
        assert not slow_finished.is_set(), "it waited for every page, instead of taking the browser freed first"
        released.set()
        return chromium

    found = browser.in_parallel({"slow": page("slow"), "fast": page("fast")}, browsers=4, then={"then": then})
    assert order.index("then") > max(order.index("slow"), order.index("fast")), "taken once both pages were"
    assert found["slow"] == found["fast"] == [] and found["then"] in FakeChromium.made
    assert len(FakeChromium.made) == 2, "a browser a page, none for the work after them"
    assert browser.in_parallel({}, then={"alone": lambda chromium: chromium})["alone"] in FakeChromium.made, \
        "with no page to check, the work still runs, in a kept browser"
    browser.close_workers()


def test_browsers_launched_early_are_the_ones_the_checks_take(monkeypatch):
    """browser.start_early (tests/conftest.py calls it as the site's build starts): each browser launches in the thread
    of the worker that keeps it, without the caller waiting, and the checks then take those browsers, launching none."""

    class Launched(FakeChromium):
        def __init__(self):
            super().__init__()
            self.launched_in = []

        def start(self):
            self.launched_in.append(threading.get_ident())
            return self

    monkeypatch.setattr(browser, "Chromium", Launched)
    FakeChromium.made = []
    browser.start_early(2)
    found = browser.in_parallel({"a": lambda chromium: chromium, "b": lambda chromium: chromium}, browsers=2)
    assert len(FakeChromium.made) == 2 and {found["a"], found["b"]} <= set(FakeChromium.made), "no browser but those two"
    assert all(c.launched_in == [c.thread] for c in FakeChromium.made), "each launched once, in its own worker's thread"


def test_a_browser_that_fails_to_launch_early_is_launched_by_its_first_check_which_reports_it(monkeypatch):
    class FailsOnce(FakeChromium):
        tries = 0

        def start(self):
            FailsOnce.tries += 1
            if FailsOnce.tries == 1:
                raise RuntimeError("Chromium exited at launch")
            return self

    monkeypatch.setattr(browser, "Chromium", FailsOnce)
    FakeChromium.made = []
    browser.start_early(1)  # its failure is kept for no one: the worker lives on
    found = browser.in_parallel({"a": lambda chromium: chromium.start()}, browsers=1)
    assert found["a"] is FakeChromium.made[0] and FailsOnce.tries == 2
