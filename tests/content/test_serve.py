"""`make serve` shows an edit within the budget, and its partial rebuilds leave a right site.

verified_guide.benchmarks.serve_reload serves a small site (tests/fixtures/serve-site: the project's mkdocs.yml, theme,
plugins and assets around three pages of its own), saves a page and an example it includes twice each, and
restores them. After that, the server must hold what a full build of the same files holds: the same search index,
and mkdocs-jupyter's cache of rendered notebooks intact (a dirty rebuild would otherwise evict every notebook it did
not render). These checks read what `make serve` is made of and no page of the guide, so an edit to a page does not
rerun them; `make bench-serve` times the same on the guide itself.
"""

from __future__ import annotations

import statistics

import pytest

from verified_guide import records
from verified_guide.benchmarks import serve_reload as bench
from verified_guide.paths import notebook_path, project_root
from verified_guide.plugins import serve_dirty

ROOT = project_root()


@pytest.fixture(scope="module")
def run(request, serve_reloads):
    """The bench's run on the small site (started in a thread when the checks were collected: conftest.serve_reloads),
    two saves of each kind, and the search index of a full build of that site; None when all of this module passed
    before with the same inputs (records.py)."""
    key, started = serve_reloads
    if records.passed_before(ROOT, key, request.module.__name__):
        yield None
        return
    failed = request.session.testsfailed
    yield started.result()  # conftest.start_serve_bench starts it whenever this module is selected and has not passed before
    if request.session.testsfailed == failed:  # every test of this module passed
        records.record_pass(ROOT, key)


@pytest.fixture(scope="module")
def reloads(run):
    return None if run is None else run[0]


def measured(reloads):
    """The run, or a skip saying its pass was reused (never a silent pass)."""
    if reloads is None:
        pytest.skip("passed before with the same small site, tooling and environment (records.py): not measured again")
    return reloads


def median(times: list[float]) -> float:
    return round(statistics.median(times), 2)


def test_an_edit_shows_within_the_budget(reloads):
    """Held to the server's own time: each reload's seconds less those it waited for a core (serve_reload's docstring)."""
    reloads = measured(reloads)
    for what, shown, waited in (("page", reloads.page, reloads.page_waited), ("example", reloads.snippet, reloads.snippet_waited)):
        assert median(bench.own_seconds(shown, waited)) <= bench.BUDGET, (
            f"{what} saved -> shown: {shown} s, of which waiting for a core {waited} s\n{reloads.log}")


def test_the_server_logs_no_error(reloads):
    reloads = measured(reloads)
    for word in ("ERROR", "Traceback", "WARNING", "Aborted"):
        assert word not in reloads.log, reloads.log


def test_the_server_stops_as_ctrl_c_stops_it(reloads):
    """Stopped with SIGTERM, it shuts down as on Ctrl-C: it removes the site it built in /tmp."""
    assert "Shutting down..." in measured(reloads).log


def test_the_search_index_after_partial_rebuilds_is_a_full_builds(run):
    reloads, full = measured(run)
    assert reloads.search_index["config"] == full["config"]
    assert reloads.search_index["docs"] == full["docs"]


def test_each_save_rebuilds_only_the_pages_it_changed(reloads):
    """Every partial rebuild renders only pages the saves changed: the page saved and the home page, and their notebook
    pages. On a site of three pages the budget could not tell a full rebuild from a partial one; this can, at any load."""
    reloads = measured(reloads)
    saved = [bench.SMALL_SITE_PAGE.removeprefix("docs/"), "index.md"]
    changed = set(saved) | {notebook_path(page) for page in saved}
    assert serve_dirty.REBUILT_ALL not in reloads.log, f"a save rebuilt every page\n{reloads.log}"
    rebuilds = [line.split(serve_dirty.REBUILT, 1)[1].strip() for line in reloads.log.splitlines() if serve_dirty.REBUILT in line]
    assert rebuilds, f"no rebuild said what it rendered\n{reloads.log}"
    for rendered in rebuilds:
        assert set(rendered.split(", ")) <= changed, f"a save rebuilt pages it did not change: {rendered}\n{reloads.log}"


def test_rendered_notebooks_stay_cached(reloads):
    reloads = measured(reloads)
    before, after = reloads.notebook_cache
    assert before, "no rendered notebook cached when the server started (the small site's build renders them): nothing to keep"
    assert before <= after, f"evicted: {sorted(before - after)}"
