"""`make serve` rebuilds only the pages an edit changes (`mkdocs serve --dirty`), and keeps them right.

A full rebuild of the site takes about 3 s; a reload should show in under 2. MkDocs' dirty
build redoes a page only when its Markdown is newer than its HTML, which misses what else a
page here is made of, so this plugin adds it:

- an edited example (snippets/...) rebuilds the pages that include it, and the log names the pages each
  rebuild rendered ("rebuilt only: ...", or "rebuilt every page");
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
why.) `mkdocs build` is never dirty, and this plugin does nothing there.

`mkdocs serve` looks for saved files every POLL_SECONDS instead of MkDocs' 0.5 s: an edit waited for the next
look 0.25 s on average, twice when it changes the page's notebook too (the save, then the notebook written in the
background). It still polls, as MkDocs chose to, so that saves through a Docker or network mount are seen.

`mkdocs serve` stops on SIGTERM as on Ctrl-C, removing the site it built in /tmp.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import jinja2
from mkdocs.plugins import BasePlugin, event_priority

from ..pages import includable

WARNING = "A 'dirty' build is being performed"
REBUILT, REBUILT_ALL = "rebuilt only:", "rebuilt every page"  # how the log line of each rebuild after the first begins
# Seconds between two looks for saved files under `make serve`. A look stats every watched file (docs/, snippets/,
# mkdocs.yml, the notebooks): 1.1 ms of CPU here, 1 % of a core at this pace.
POLL_SECONDS = 0.1


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(WARNING)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept between builds; keyed by each template's source, so an edit recompiles it."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class StopAsCtrlC:
    """SIGTERM (`kill`, a container stopping) ends `mkdocs serve` as Ctrl-C does: it then removes the site it built
    in /tmp (8.6 MB), which a plain SIGTERM leaves behind. Ctrl-C itself may be ignored in a server started from a
    script in the background. Once: `make serve` sends its own SIGTERM on to the server when it gets one, and a
    second KeyboardInterrupt would break off the shutdown the first began ("Aborted!"). The later ones reach this
    handler, which stays installed, and are dropped here. Setting SIG_IGN instead let a second SIGTERM that arrived
    inside that call print "OSError: Signal 15 ignored due to race condition" and a traceback into the log."""

    def __init__(self):
        self.stopping = False

    def __call__(self, signum, frame):
        if self.stopping:
            return
        self.stopping = True
        raise KeyboardInterrupt


def poll_every(observer, seconds: float) -> None:
    """Make a watchdog PollingObserver not yet started look every `seconds`: the paths it watches already (MkDocs
    schedules docs/ and mkdocs.yml before on_serve) and those scheduled later (the plugins' and mkdocs.yml's `watch`).
    MkDocs gives no option for it; watchdog keeps the interval in each emitter's and the observer's `_timeout`."""
    observer._timeout = seconds
    for emitter in observer.emitters:
        emitter._timeout = seconds


class ServeDirtyPlugin(BasePlugin):
    def __init__(self):
        self.dirty = False
        self.rebuilt: dict[str, str] = {}  # the URL of each page this build renders -> its file (src_uri), for the log
        self.builds = 0  # in this process: the first renders every page
        self.order: dict[str, int] = {}  # page URL -> its place in this build
        self.stamps: dict[str, float] = {}  # the HTML of a page this build renders -> the mtime of its newest source
        self.templates = MemoryBytecodeCache()

    def on_startup(self, command, dirty: bool):
        self.dirty = dirty
        if command == "serve":  # called in the main thread, which alone may set a handler
            signal.signal(signal.SIGTERM, StopAsCtrlC())
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)

    def on_serve(self, server, config, builder):
        poll_every(server.observer, POLL_SECONDS)
        return server

    def on_pre_build(self, config):
        self.rebuilt.clear()

    @event_priority(-100)  # after the plugins that add files
    def on_files(self, files, config):
        if not self.dirty:
            return files
        self.order.clear()
        self.order.update({("" if f.url == "./" else f.url): n for n, f in enumerate(files.documentation_pages())})  # as Page.url
        self.stamps.clear()
        root = Path(config.config_file_path).parent
        config_mtime = os.path.getmtime(config.config_file_path)
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue  # generated: always rebuilt
            sources = [os.path.getmtime(file.abs_src_path), config_mtime]
            if file.src_uri.endswith(".md"):  # and the snippets it may include, however written (pages.includable)
                sources += [os.path.getmtime(path) for path in includable(Path(file.abs_src_path), root)]
            stamp = max(sources)
            modified = not os.path.isfile(file.abs_dest_path) or os.path.getmtime(file.abs_dest_path) < stamp
            # Decided once: a file saved during this build (an edit, a notebook written in the
            # background) must not make a page count as unchanged when read, changed when written.
            file.is_modified = lambda modified=modified: modified
            if modified:
                self.stamps[file.abs_dest_path] = stamp
        return files

    def on_env(self, env, config, files):
        if self.dirty:
            env.bytecode_cache = self.templates
        return env

    def on_nav(self, nav, config, files):
        if self.dirty and (untitled := [p.file.src_uri for p in nav.pages if p.title is None]):
            logging.getLogger("mkdocs.plugins.verified_guide.serve_dirty").info(
                f"mkdocs.yml: no title in the nav for {', '.join(untitled)}: every page is rebuilt on each change"
            )
            for file in files.documentation_pages():
                file.is_modified = lambda: True
        return nav

    def on_pre_page(self, page, config, files):
        self.rebuilt[page.url] = page.file.src_uri  # a dirty build calls this only for the pages it renders
        return page

    @event_priority(100)  # before the plugins' own: search writes its index, mkdocs-jupyter evicts
    def on_post_build(self, config):
        if not self.dirty:
            return
        self.builds += 1
        if self.builds > 1:  # what a save rebuilt (the first build renders every page)
            logging.getLogger("mkdocs.plugins.verified_guide.serve_dirty").info(
                f"{REBUILT_ALL} ({len(self.rebuilt)})" if len(self.rebuilt) >= len(self.order)
                else f"{REBUILT} {', '.join(sorted(self.rebuilt.values())) or 'no page'}")
        for html, stamp in self.stamps.items():  # as old as its sources were: one saved since is newer, and counts
            if os.path.isfile(html):
                os.utime(html, (stamp, stamp))
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None:  # its cache, as if every notebook had been rendered: evict nothing
            jupyter._used_cache_paths.update(Path(jupyter.config["cache_dir"]).glob("*.json"))
        search = config.plugins.get("material/search")
        if search is not None and search.search_index_prev is not None:
            page = lambda entry: entry["location"].partition("#")[0]  # noqa: E731
            kept = [e for e in search.search_index_prev.entries if page(e) not in self.rebuilt]
            entries = kept + search.search_index.entries
            search.search_index.entries = sorted(entries, key=lambda e: self.order.get(page(e), len(self.order)))
            search.search_index_prev = None  # merged here: the plugin writes these entries as they are

    def on_build_error(self, error):
        """A failed build may have written some pages: mark them stale, so the next build renders them again."""
        if self.dirty:
            for html in self.stamps:
                if os.path.isfile(html):
                    os.utime(html, (0, 0))
