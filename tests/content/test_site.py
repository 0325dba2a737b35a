"""What search engines and wiki link previews read: titles, descriptions, canonical URLs."""

import os
import re
from html import unescape



def built_pages(site_dir):
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in site_dir.rglob("index.html")}


def meta(html: str, pattern: str) -> str | None:
    m = re.search(pattern, html)
    return unescape(m.group(1)) if m else None


def test_every_page_has_a_unique_title_and_description(built_site):
    site_dir = built_site
    titles, descriptions = {}, {}
    for path, html in built_pages(site_dir).items():
        titles.setdefault(meta(html, r"<title>(.*?)</title>"), []).append(path)
        description = meta(html, r'<meta name="description" content="([^"]*)"')
        assert description and len(description) >= 50, f"{path}: no real meta description ({description!r})"
        descriptions.setdefault(description, []).append(path)
    assert not [t for t, paths in titles.items() if len(paths) > 1], titles
    assert not [d for d, paths in descriptions.items() if len(paths) > 1], descriptions


def test_canonical_urls_come_from_site_url(built_site):
    site_dir = built_site
    site_url = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"  # as in mkdocs.yml
    for path, html in built_pages(site_dir).items():
        page_url = site_url + path.removesuffix("index.html")
        assert f'<link rel="canonical" href="{page_url}">' in html, path


def test_sitemap_lists_every_page_and_404_exists(built_site):
    site_dir = built_site
    sitemap = (site_dir / "sitemap.xml").read_text()
    site_url = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    for path in built_pages(site_dir):
        assert f"<loc>{site_url}{path.removesuffix('index.html')}</loc>" in sitemap, path
    assert "404" in (site_dir / "404.html").read_text()


def test_every_page_is_in_the_navigation(root):
    config = (root / "mkdocs.yml").read_text()
    listed = set(re.findall(r":\s*([\w/.-]+\.md)\s*$", config, re.M))
    pages = {p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md")}
    assert pages == listed, f"not in nav: {pages - listed}; in nav but missing: {listed - pages}"
