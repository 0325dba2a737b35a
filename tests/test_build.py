"""The site builds with `mkdocs build --strict`, warning-free."""

import os
import subprocess
import sys
from importlib.metadata import version

import pytest

from conftest import ROOT


def build(root, site_dir) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site")
    return build(ROOT, site_dir), site_dir


def test_mkdocs_build_strict(site):
    result, _ = site
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_every_page_shows_the_versions_that_verified_it(site):
    _, site_dir = site
    stamp = f"Outputs verified with torch {version('torch')}, NumPy {version('numpy')}, Python "
    pages = [p for p in site_dir.rglob("index.html")]
    assert pages
    for page in pages:
        assert stamp in page.read_text(encoding="utf-8"), page
