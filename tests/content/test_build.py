"""The site builds with `mkdocs build --strict`, warning-free."""

from verified_guide.build import errors
from verified_guide.plugins.stamp import versions


def test_mkdocs_build_strict(site):
    result, _ = site
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{errors(result)}"
    assert "WARNING" not in result.stderr, errors(result)


def test_every_page_shows_the_versions_that_verified_it(built_site):
    found = versions()
    stamp = f"Outputs verified with torch {found['torch']}, NumPy {found['numpy']}, Python {found['python']}"
    pages = list(built_site.rglob("index.html"))
    assert pages
    missing = [p.relative_to(built_site).as_posix() for p in pages if stamp not in p.read_text(encoding="utf-8")]
    assert not missing, f"no stamp {stamp!r} on {missing}"
