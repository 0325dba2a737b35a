"""`make serve` shows an edit within the budget, and its partial rebuilds leave a right site.

bench/serve_reload.py serves a copy of the site, saves a page and an example it includes a
few times each, and restores them. After that, the server must hold what a full build of
the same files holds: the same search index, and mkdocs-jupyter's cache of rendered
notebooks intact (a dirty rebuild would otherwise evict every notebook it did not render).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

import reuse
from conftest import ROOT, load_bench

bench = load_bench("serve_reload")
INPUTS = [ROOT / name for name in bench.COPY] + [ROOT / "bench" / "serve_reload.py"]


@pytest.fixture(scope="module")
def reloads(request):
    """The bench's run, or None when it passed before with byte-identical inputs (tests/reuse.py)."""
    files = sorted(f for p in INPUTS for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file() and "__pycache__" not in f.parts)
    key = reuse.key(*(f.relative_to(ROOT).as_posix().encode() + f.read_bytes() for f in files))
    if reuse.passed_before(key, request.node.nodeid):
        yield None
        return
    failed = request.session.testsfailed
    yield bench.measure(edits=3)
    if request.session.testsfailed == failed:  # every test of this module passed
        reuse.record_pass(key)


def median(times: list[float]) -> float:
    return round(statistics.median(times), 2)


def test_an_edit_shows_within_the_budget(reloads):
    if reloads is None:
        return
    assert median(reloads.page) <= bench.BUDGET, f"page saved -> shown: {reloads.page}\n{reloads.log}"
    assert median(reloads.snippet) <= bench.BUDGET, f"example saved -> shown: {reloads.snippet}\n{reloads.log}"


def test_the_server_logs_no_error(reloads):
    if reloads is None:
        return
    for word in ("ERROR", "Traceback", "WARNING", "Aborted"):
        assert word not in reloads.log, reloads.log


def test_the_search_index_after_partial_rebuilds_is_a_full_builds(reloads, site):
    if reloads is None:
        return
    result, site_dir = site
    assert result.returncode == 0, result.stderr
    full = json.loads((Path(site_dir) / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert reloads.search_index["config"] == full["config"]
    assert reloads.search_index["docs"] == full["docs"]


def test_rendered_notebooks_stay_cached(reloads):
    if reloads is None:
        return
    before, after = reloads.notebook_cache
    assert before <= after, f"evicted: {sorted(before - after)}"
