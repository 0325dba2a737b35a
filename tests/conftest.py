"""Fixtures the checks share: the project, its built site, a server for it, and Chromium."""

import os
from pathlib import Path

import pytest

from verified_guide import browser as browser_, digest, records
from verified_guide.build import reused_or_built
from verified_guide.paths import project_root
from verified_guide.server import serve


@pytest.fixture(scope="session")
def root() -> Path:
    """The guide under test: this checkout, or $GUIDE_ROOT (the tooling tests point it at small trees)."""
    return project_root()


@pytest.fixture(scope="session")
def site(root, tmp_path_factory):
    """The site, built once for the session, or the last build while nothing it reads has changed
    (build.reused_or_built): (build result, site directory). Only test_build looks at a failure."""
    return reused_or_built(root, tmp_path_factory.mktemp("site"))


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


@pytest.fixture(scope="session")
def site_assets(built_site) -> bytes:
    """Everything besides a page's HTML that its look and behaviour depend on (for the pass records' keys).

    Not the sitemap: no page reads it, and its dates would make every check run again each day.
    """
    return digest.files(
        built_site,
        *sorted(p for p in built_site.rglob("*") if p.is_file() and p.suffix != ".html" and not p.name.startswith("sitemap.xml")),
    )


@pytest.fixture(scope="session")
def whole_site(built_site, site_assets) -> str:
    """Every page's HTML and every asset: what a check across the whole site (search, links between pages) reads."""
    return digest.content_hash(site_assets, digest.files(built_site, *sorted(built_site.rglob("*.html"))))


class SiteCheck:
    """A check across the whole built site in Chromium, whose pass is reused while the site, the checks,
    the environment and the browser are what they were (records.py)."""

    def __init__(self, root: Path, key: str, node_id: str):
        self.root, self.key, self.node_id = root, key, node_id

    def passed_before(self) -> bool:
        return records.passed_before(self.root, self.key, self.node_id)

    def record_pass(self) -> None:
        records.record_pass(self.root, self.key)


@pytest.fixture
def site_check(request, root, whole_site, browser) -> SiteCheck:
    return SiteCheck(root, records.key(root, whole_site, browser.version, request.node.nodeid), request.node.nodeid)


@pytest.fixture(scope="session")
def browser():
    if not browser_.CHROMIUM.exists():
        message = f"{browser_.CHROMIUM} not found: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing browser must never pass as a skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser_.launch(playwright)
        yield chromium
        chromium.close()

