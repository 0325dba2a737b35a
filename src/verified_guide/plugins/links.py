"""Links and anchors written as raw HTML in a page are checked as MkDocs checks Markdown links.

MkDocs validates `[text](page.md#anchor)`, but passes raw HTML (`<a href="…">`, `src="…"`)
through untouched, so a broken one would ship in a strict build. After a full build, each
relative href and src written in a page's HTML must name a file of the built site, and its
#anchor an id on that page; a miss is a warning (so `--strict` fails) naming the page and line.
"""

from __future__ import annotations

import logging
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.verified_guide.links")

ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*(["'])(?P<url>[^"']*)\1""")
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|`[^`\n]*`", re.S | re.M)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def ids(html: str) -> set[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def raw_links(source: str) -> list[tuple[int, str]]:
    """(line, url) of each href and src written as HTML in a Markdown source, code aside."""
    blanked = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)  # keeps line numbers
    return [(blanked.count("\n", 0, m.start("url")) + 1, m.group("url")) for m in ATTRIBUTE.finditer(blanked)]


def broken(url: str, page_dest: str, site_dir: Path, ids_of) -> str | None:
    """Why a link from the page built at page_dest (e.g. "convert/memory/index.html") leads nowhere, or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:", "javascript:")):
        return None  # outside the site: not ours to check offline
    path = unquote(parts.path)
    if path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_dest), path))
        if target.startswith(".."):
            return "it leads outside the site"
        file = site_dir / target
        if file.is_dir() or path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            return f"the built site has no {file.relative_to(site_dir).as_posix()}"
    else:
        file = site_dir / page_dest
    if parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids_of(file):
        return f"{file.relative_to(site_dir).as_posix()} has no id {parts.fragment!r}"
    return None


class HtmlLinksPlugin(BasePlugin):
    def __init__(self):
        self.dirty = False
        self.found: list[tuple[str, str, int, str]] = []  # (page src path, page dest path, line, url)

    def on_startup(self, command, dirty):
        self.dirty = dirty  # a dirty serve build writes only some pages: the next full build checks them all

    def on_pre_build(self, config):
        self.found.clear()

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.abs_src_path and page.file.src_uri.endswith(".md"):
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            self.found += [(page.file.src_uri, page.file.dest_uri, line, url) for line, url in raw_links(source)]
        return markdown

    def on_post_build(self, config):
        if self.dirty:
            return
        site_dir = Path(config.site_dir)
        cache: dict[Path, set[str]] = {}

        def ids_of(file: Path) -> set[str]:
            if file not in cache:
                cache[file] = ids(file.read_text(encoding="utf-8"))
            return cache[file]

        for src, dest, line, url in self.found:
            if why := broken(url, dest, site_dir, ids_of):
                log.warning(f"docs/{src}:{line}: the HTML link {url!r} leads nowhere: {why}")
