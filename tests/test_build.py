"""The site builds with `mkdocs build --strict`, warning-free."""

from importlib.metadata import version


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
