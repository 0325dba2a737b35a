"""Page checks run several at a time (browser.in_parallel), and each page still gets its own verdict."""

import threading

from verified_guide import browser


class FakeChromium:
    made: list = []

    def __init__(self):
        self.thread = threading.get_ident()  # made in the thread that uses it (playwright's sync API needs that)
        self.closed = False
        FakeChromium.made.append(self)

    def close(self):
        self.closed = True


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
    assert len(FakeChromium.made) == 3 and all(c.closed for c in FakeChromium.made), "one browser a thread, closed after"
    assert set(used) == set(checks) and all(c in FakeChromium.made for c in used.values()), "each ran in one of those browsers"
