"""The `make serve` bench's tree and command. The small site test_serve's checks serve (serve_reload.copy_small_site):
the project's configuration around pages of its own, so that those checks read no page of the guide and are rerun by
what `make serve` is made of. The bench stops when the run that started it is cut short, and never installs into the
.venv it serves with."""

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from verified_guide.benchmarks import serve_reload
from verified_guide.paths import project_root

FIXTURE = Path(__file__).parents[1] / "fixtures" / "serve-site"


@pytest.fixture
def small_site(tmp_path) -> Path:
    serve_reload.copy_small_site(FIXTURE, tmp_path / "site")
    return tmp_path / "site"


def test_its_mkdocs_yml_is_the_projects_with_its_own_nav(small_site):
    ours, project = (small_site / "mkdocs.yml").read_text(encoding="utf-8"), (project_root() / "mkdocs.yml").read_text(encoding="utf-8")
    assert serve_reload.NAV.sub("", ours) == serve_reload.NAV.sub("", project)
    assert serve_reload.NAV.search(ours).group().rstrip() == (FIXTURE / "nav.yml").read_text(encoding="utf-8").rstrip()


def test_it_holds_its_own_pages_and_no_page_of_the_guide(small_site):
    pages = sorted(p.relative_to(small_site / "docs").as_posix() for p in (small_site / "docs").rglob("*.md"))
    assert pages == sorted(p.relative_to(FIXTURE / "docs").as_posix() for p in (FIXTURE / "docs").rglob("*.md"))
    in_nav = re.findall(r":\s*(\S+\.md)\s*$", (FIXTURE / "nav.yml").read_text(encoding="utf-8"), re.M)
    assert sorted(in_nav) == pages, "every page of the small site in its nav, and only those (the build is strict)"
    assert serve_reload.SMALL_SITE_PAGE.removeprefix("docs/") in pages
    assert (small_site / "snippets" / serve_reload.SMALL_SITE_PAGE.removeprefix("docs/")).with_suffix(".py").is_file()


def test_what_make_serve_reads_of_the_project_comes_with_it(small_site):
    for name in serve_reload.AROUND_THE_SMALL_SITE:
        assert (small_site / name).exists(), name


@pytest.mark.parametrize("config", ["site_name: x\n", "nav:\n  - a.md\nnav:\n  - b.md\n"])
def test_a_mkdocs_yml_without_exactly_one_nav_is_refused(config):
    with pytest.raises(ValueError, match="top-level `nav:` blocks"):
        serve_reload.with_nav(config, "nav:\n  - c.md\n")


def test_the_nav_replaced_ends_where_the_next_key_begins():
    config = "site_name: x\nnav:\n  - Home: index.md\n  # a comment in the nav\n  - b.md\n\n# A comment of the next key\nvalidation:\n  anchors: warn\n"
    assert serve_reload.with_nav(config, "nav:\n  - c.md\n") == (
        "site_name: x\nnav:\n  - c.md\n\n# A comment of the next key\nvalidation:\n  anchors: warn\n")


def test_a_run_cut_short_stops_it_while_the_small_site_builds(small_site):
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    start = time.perf_counter()
    with pytest.raises(serve_reload.Stopped):
        serve_reload.measure_small_site(small_site, stop)
    assert time.perf_counter() - start < 5


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
