"""`make serve` rebuilds only the pages an edit changes (`mkdocs serve --dirty`), and keeps them right.

A full rebuild of the site takes about 3 s; a reload should show in under 2. MkDocs' dirty
build redoes a page only when its Markdown is newer than its HTML, which misses what else a
page here is made of, so this hook adds it:

- an edited example (snippets/...) rebuilds the pages that include it;
- an edited mkdocs.yml (nav, theme, extensions) rebuilds every page;
- the theme's templates are compiled once, not on every build (a third of a rebuild);
- mkdocs-jupyter keeps the rendered notebooks of the pages not rebuilt (it would drop them
  from its cache as unused, and the next `mkdocs build` would render them all again);
- the search index keeps the entries of the pages not rebuilt and replaces those of the
  pages rebuilt, in page order (Material's own merge expects a single page per rebuild, and
  drops every entry when that page is the home page).

Every nav title is set in mkdocs.yml, so pages not rebuilt keep a right nav, and MkDocs'
warning that a dirty build may get it wrong is dropped: `serve` stays strict. (A nav entry
without a title would need its page read: then every page is rebuilt, and the log says
why.) `mkdocs build` is never dirty, and this hook does nothing there.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

INCLUDE = re.compile(r"""-{1,}8<-{1,}\s+["']([^"':]+)""")  # --8<-- "section/topic.py:name"
WARNING = "A 'dirty' build is being performed"

dirty = False
rebuilt: set[str] = set()  # the URLs of the pages this build renders
order: dict[str, int] = {}  # page URL -> its place in this build
stamps: dict[str, float] = {}  # the HTML of a page this build renders -> the mtime of its newest source


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(WARNING)


def on_startup(command, dirty: bool):
    globals()["dirty"] = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def on_pre_build(config):
    rebuilt.clear()


@event_priority(-100)  # after the hooks and plugins that add files
def on_files(files, config):
    if not dirty:
        return files
    order.clear()
    order.update({("" if f.url == "./" else f.url): n for n, f in enumerate(files.documentation_pages())})  # as Page.url
    stamps.clear()
    root = Path(config.config_file_path).parent
    snippets = [root / p for p in config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])]
    config_mtime = os.path.getmtime(config.config_file_path)
    for file in files.documentation_pages():
        if file.abs_src_path is None:
            continue  # generated: always rebuilt
        sources = [os.path.getmtime(file.abs_src_path), config_mtime]
        if file.src_uri.endswith(".md"):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            for name in {m.group(1) for m in INCLUDE.finditer(text)}:
                sources += [os.path.getmtime(base / name) for base in snippets if (base / name).is_file()]
        stamp = max(sources)
        modified = not os.path.isfile(file.abs_dest_path) or os.path.getmtime(file.abs_dest_path) < stamp
        # Decided once: a file saved during this build (an edit, a notebook written in the
        # background) must not make a page count as unchanged when read, changed when written.
        file.is_modified = lambda modified=modified: modified
        if modified:
            stamps[file.abs_dest_path] = stamp
    return files


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept between builds; keyed by each template's source, so an edit recompiles it."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


templates = MemoryBytecodeCache()


def on_env(env, config, files):
    if dirty:
        env.bytecode_cache = templates
    return env


def on_nav(nav, config, files):
    if dirty and (untitled := [p.file.src_uri for p in nav.pages if p.title is None]):
        logging.getLogger("mkdocs.hooks.serve_dirty").info(
            f"mkdocs.yml: no title in the nav for {', '.join(untitled)}: every page is rebuilt on each change"
        )
        for file in files.documentation_pages():
            file.is_modified = lambda: True
    return nav


def on_pre_page(page, config, files):
    rebuilt.add(page.url)  # a dirty build calls this only for the pages it renders
    return page


@event_priority(100)  # before the plugins' own: search writes its index, mkdocs-jupyter evicts
def on_post_build(config):
    if not dirty:
        return
    for html, stamp in stamps.items():  # as old as its sources were: one saved since is newer, and counts
        if os.path.isfile(html):
            os.utime(html, (stamp, stamp))
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:  # its cache, as if every notebook had been rendered: evict nothing
        jupyter._used_cache_paths.update(Path(jupyter.config["cache_dir"]).glob("*.json"))
    search = config.plugins.get("material/search")
    if search is not None and search.search_index_prev is not None:
        page = lambda entry: entry["location"].partition("#")[0]  # noqa: E731
        kept = [e for e in search.search_index_prev.entries if page(e) not in rebuilt]
        entries = kept + search.search_index.entries
        search.search_index.entries = sorted(entries, key=lambda e: order.get(page(e), len(order)))
        search.search_index_prev = None  # merged here: the plugin writes these entries as they are


def on_build_error(error):
    """A failed build may have written some pages: mark them stale, so the next build renders them again."""
    if dirty:
        for html in stamps:
            if os.path.isfile(html):
                os.utime(html, (0, 0))
