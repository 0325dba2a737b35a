"""When the tests' `make serve` bench starts beside the site's build (serve_reload.measure_beside_build).

After an edit it must not wait for the whole build, nor serve without the outputs the build is making:
it waits for the edited page's notebook outputs and copies them. On a new clone it waits for the build's end.
"""

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from verified_guide import notebooks
from verified_guide.benchmarks import serve_reload
from verified_guide.paths import project_root


@pytest.fixture
def trees(tmp_path):
    """(the checkout, the bench's copy of it). Passed to measure_beside_build, with outputs_held for measure(): never
    patched into serve_reload, whose real bench this run may be running in a thread meanwhile (tests/conftest.py)."""
    root, site = tmp_path / "root", tmp_path / "site"
    for tree in (root, site):
        notebooks.outputs_dir(tree).mkdir(parents=True)
    (notebooks.outputs_dir(root) / "other.json").write_text("[]")
    return root, site


def outputs_held(tree, stop, **options) -> list[str]:
    """Instead of measure(): which outputs the copy held when the server would have started."""
    return sorted(p.name for p in notebooks.outputs_dir(tree).iterdir())


def a_build(seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_after_an_edit_it_waits_for_the_edited_notebook_only(trees):
    root, site = trees
    build = a_build(60)
    try:
        threading.Timer(0.3, lambda: (notebooks.outputs_dir(root) / "edited.json").write_text("[]")).start()
        start = time.perf_counter()
        held = serve_reload.measure_beside_build(site, build, ["edited.json"], root=root, run=outputs_held)
        assert time.perf_counter() - start < 10, "it waited for the build's end"
        assert build.poll() is None
        assert held == ["edited.json"], "the outputs the build had made were not copied, or more was"
    finally:
        build.kill()
        build.wait()


def test_on_a_new_clone_it_waits_for_the_build_and_takes_its_caches(trees):
    root, site = trees
    build = a_build(0.5)
    held = serve_reload.measure_beside_build(site, build, None, root=root, run=outputs_held)
    assert build.poll() is not None, "it started before the build had ended"
    assert held == ["other.json"]


def test_more_stale_notebooks_than_an_edit_makes_wait_for_the_build(trees):
    root, site = trees
    build = a_build(0.5)
    held = serve_reload.measure_beside_build(site, build, [f"{n}.json" for n in range(serve_reload.MAX_STALE + 1)], root=root, run=outputs_held)
    assert build.poll() is not None
    assert held == ["other.json"]


def test_a_run_cut_short_stops_it_without_waiting_for_the_build(trees):
    root, site = trees
    build, stop = a_build(60), threading.Event()
    try:
        threading.Timer(0.3, stop.set).start()
        start = time.perf_counter()
        with pytest.raises(serve_reload.Stopped):
            serve_reload.measure_beside_build(site, build, None, stop, root=root, run=outputs_held)
        assert time.perf_counter() - start < 10
    finally:
        build.kill()
        build.wait()


def test_the_bench_never_installs_into_the_venv_it_serves_with(tmp_path):
    """A copy whose pins are newer than the .venv's stamp: `make serve` there would reinstall the package, editable,
    from the copy, which the bench deletes (it happened with a clone made after the .venv). Dry run (make -n)."""
    venv, tree = tmp_path / "venv", tmp_path / "tree"
    venv.mkdir()
    tree.mkdir()
    (venv / "installed").write_text("")
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy(project_root() / name, tree / name)
        os.utime(tree / name, (time.time() + 60, time.time() + 60))  # newer than the stamp
    dry = subprocess.run(["make", "-n", *serve_reload.serve_command(8000, venv)[1:]], cwd=tree, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "mkdocs serve" in dry.stdout and "pip" not in dry.stdout, dry.stdout
    plain = subprocess.run(["make", "-n", "serve", f"VENV={venv}"], cwd=tree, capture_output=True, text=True)
    assert "pip install" in plain.stdout, "the Makefile no longer installs when the pins are newer: this test checks nothing"
