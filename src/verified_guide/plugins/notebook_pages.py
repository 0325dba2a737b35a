"""Each guide page with examples, also as a Jupyter notebook: downloadable, and rendered by mkdocs-jupyter.

notebooks.py makes the notebook of docs/<page>.md from the page itself, and runs it with
nbclient. This plugin adds it to the build as notebooks/<page>.ipynb (not in the nav, not
in the search index: it repeats its page), lets mkdocs-jupyter render it at
notebooks/<page>/ next to a copy to download, and links both from the page (through
page.meta["notebook_links"], which the stamp plugin shows under the version stamp).

`mkdocs build` runs the notebooks whose outputs are not cached yet (in parallel) and
waits. `mkdocs serve` waits for neither: its first build shows such a notebook without
outputs; after that, a rebuild uses the notebooks as they are, and brings those of edited
pages up to date in the background (generating them again, running them when their code
changed). Each one written there reloads its page, so an edit shows without waiting on
the notebook it also changes.

mkdocs-jupyter's HTML carries 600 KB of JupyterLab CSS and scripts that load MathJax and
Mermaid from CDNs; the notebook pages keep neither. Their code and output blocks get the
classes of the guide's own, so the theme styles them (both palettes) and gives the code copy buttons;
their outputs are the guide's Output blocks (program output, no copy button).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import fcntl
import functools
import logging
import os
import posixpath
import re
import threading
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from .. import notebooks
from ..build import NOTEBOOKS_WRITTEN
from ..pages import INCLUDE_ANYWHERE, load_markdown
from ..paths import notebook_path, page_url

log = logging.getLogger("mkdocs.plugins.verified_guide.notebooks")
# What `mkdocs serve` logs when an edited page's notebook starts running in the background, and when that run ends.
BACKGROUND_RUN_STARTED = "shown without outputs until its run in the background ends"
BACKGROUND_RUN_ENDED = "its run in the background ended"


class NotebookPagesConfig(Config):
    enabled = config_options.Type(bool, default=True)


class NotebookPagesPlugin(BasePlugin[NotebookPagesConfig]):
    def __init__(self):
        self.serving = False
        self.first_served = False  # `mkdocs serve` has built once: notebooks change in the background from then on
        self.background = None  # quick jobs, in order: making notebooks again (a thread, under serve)
        self.kernels = None  # notebook runs: seconds each (threads, under serve)
        self.running: dict[str, concurrent.futures.Future] = {}  # outputs key -> its run in the background
        self.refreshing: dict[str, str] = {}  # (serve) page src_uri -> the source digest its notebook is being made from
        self.current: dict[str, str] = {}  # (serve) page src_uri -> the source digest of its notebook in self.site
        # (serve) Held while a notebook in self.site is written with what `current` says it is: a run that ends just as
        # the page is edited again (put back) then writes either before the edit's notebook or not at all, never after.
        # And by each build, from on_pre_build to its end: mkdocs-jupyter reads a notebook twice, for its cache's key
        # and to render it, and keeps the render under that key; a notebook written in the background between the two
        # reads kept the new render under the old notebook's key, and the page showed it when the old one came back.
        self.writing = threading.RLock()
        self.building = False  # (serve) this build holds self.writing
        self.pending: list = []  # what to start in the background once this build is done
        self.built: dict[str, str] = {}  # page src_uri -> its notebook's src_uri, for this build
        self.guides: dict[str, object] = {}  # notebook src_uri -> its guide page in the nav, for this build
        self.markdown = None  # the tests' Markdown, made at most once per build
        self.urls: dict[str, str] = {}
        self.descriptions: dict[str, str] = {}  # notebook src_uri -> its page's description
        self.configured: dict[str, str] = {}  # mkdocs.yml's site_url (notebooks.site_url), read once per build
        self.root = self.site = None

    # ---------------------------------------------------------------- set-up

    def on_startup(self, command, dirty):
        self.serving = command == "serve"
        if self.serving:
            self.background = concurrent.futures.ThreadPoolExecutor(1)
            self.kernels = concurrent.futures.ThreadPoolExecutor(max(1, (os.cpu_count() or 2) // 2))

    def on_shutdown(self):
        for pool in (self.background, self.kernels):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        # Ctrl-C during a build ends it without on_build_error (KeyboardInterrupt): a job waiting for self.writing
        # would then never end, and Python waits for the pools' threads before it exits.
        self._build_ended()

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.site = self.root / ".cache" / "notebooks" / "site"  # the notebooks the site is built from, with their outputs
        for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):  # a line per notebook and step
            logging.getLogger(name).setLevel(logging.WARNING)

    def guide_url(self, config) -> str:
        """The address a notebook links the guide at: site_url as mkdocs.yml (or SITE_URL) sets it (notebooks.site_url).

        `mkdocs serve` replaces site_url with its own address; a notebook keeps the configured
        one (its links in the site are made relative), so it is the same notebook, and its cached
        outputs and render serve, whatever port the server listens on.
        """
        if "site_url" not in self.configured:  # read once per build
            self.configured["site_url"] = notebooks.site_url(self.root)
        return self.configured["site_url"]

    def on_serve(self, server, config, builder):
        if not self.config.enabled:
            return
        self.first_served = True
        server.watch(str(self.site))  # a notebook written in the background reloads its page
        # What reading an edited page imports (pytest-codeblocks' extractor, and pytest with it: 0.35 s), now, in the
        # background, rather than after the first save, when the reader waits for its notebook.
        self.background.submit(notebooks.pages_.import_the_reader)

    # ---------------------------------------------------------------- the notebooks of this build

    @event_priority(100)  # before mkdocs-jupyter's on_files, which takes the notebooks in
    def _add_notebooks(self, files, config):
        self.built.clear()
        self.markdown = None
        self.configured.clear()
        if not self.config.enabled:
            return files
        pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md")]
        self.urls.clear()  # a page's address in a notebook (directory URLs) -> in this build (file URLs offline)
        self.urls.update({page_url(f.src_uri): f.url for f in pages})
        found = self._as_they_are(pages, config) if self.first_served else self._up_to_date(pages, config)
        for page in found:
            src_uri = notebook_path(page)
            # A file of the cache directory (not File.generated: mkdocs-jupyter's wrapper loses its path).
            files.append(File(src_uri, str(self.site), config.site_dir, config.use_directory_urls))
            self.built[page] = src_uri
        if not self.serving and (written := os.environ.get(NOTEBOOKS_WRITTEN)):
            Path(written).touch()  # every notebook is written, with its outputs (build.NOTEBOOKS_WRITTEN)
        return files

    @event_priority(-100)  # after mkdocs-jupyter has wrapped them, which resets this
    def _keep_out_of_nav(self, files, config):
        for src_uri in self.built.values():
            files.get_file_from_path(src_uri).inclusion = InclusionLevel.NOT_IN_NAV  # linked from its page only
        return files

    on_files = CombinedEvent(_add_notebooks, _keep_out_of_nav)

    def _up_to_date(self, pages, config) -> list[str]:
        """Write the notebook of every page with examples, with its outputs; run those not cached."""
        generated = {}
        for f in pages:
            source_digest, examples = self._source(Path(f.abs_src_path), config)
            if examples and (nb := self._notebook(f.src_uri, Path(f.abs_src_path), config, source_digest)) is not None:
                generated[f.src_uri] = (source_digest, nb)
        outputs = {page: notebooks.cached_outputs(nb, self.root) for page, (_, nb) in generated.items()}
        missing = [page for page, found in outputs.items() if found is None]
        if missing and not self.serving:
            log.info(f"running {len(missing)} notebooks (their outputs are cached in .cache/notebooks/outputs)")
            outputs.update(zip(missing, notebooks.execute_all([generated[page][1] for page in missing], self.root)))
        for page, (source_digest, nb) in generated.items():
            self._write_notebook(page, nb, outputs[page])
            self.current[page] = source_digest
            if outputs[page] is None:
                self.pending.append((self._run, page, nb))
        return list(generated)

    def _as_they_are(self, pages, config) -> list[str]:
        """(serve, after its first build) The notebooks in self.site; those of edited pages are made again after this build."""
        found = []
        for f in pages:
            source_digest, examples = self._source(Path(f.abs_src_path), config)
            if examples and source_digest not in (self.current.get(f.src_uri), self.refreshing.get(f.src_uri)):
                self.refreshing[f.src_uri] = source_digest
                self.pending.append((self._refresh, f.src_uri, Path(f.abs_src_path), config, source_digest))
            if examples and (self.site / notebook_path(f.src_uri)).exists():
                found.append(f.src_uri)
        return found

    def _refresh(self, page: str, path: Path, config, source_digest: str) -> None:
        """(serve, in the background) Make the notebook of an edited page again; run it if its code changed."""
        try:
            # Its own Markdown (the build's may be converting meanwhile), loaded only for a notebook not made before.
            nb = self._notebook(page, path, config, source_digest, functools.partial(load_markdown, self.root))
            outputs = None if nb is None else notebooks.cached_outputs(nb, self.root)
            with self.writing:
                self.current[page] = source_digest
                if nb is None:
                    (self.site / notebook_path(page)).unlink(missing_ok=True)
                else:
                    self._write_notebook(page, nb, outputs)
            if nb is not None and outputs is None:
                self._run(page, nb)
        except notebooks.pages_.InputsChanged as e:  # saved again meanwhile: that save's rebuild makes it again
            log.info(f"notebook of docs/{page} not made from this version: {e}")
        except Exception as e:  # a page with a broken example: the build says why, and its notebook stays as it was
            log.warning(f"notebook of docs/{page} not made again: {e}")
        finally:
            if self.refreshing.get(page) == source_digest:
                del self.refreshing[page]

    def _write_notebook(self, page: str, nb, outputs: list | None) -> None:
        if outputs is not None:
            for cell, found in zip((c for c in nb.cells if c.cell_type == "code"), outputs):
                for error in notebooks.errors(found["outputs"]):
                    log.warning(f"notebook of docs/{page}: cell {cell.id} raised:\n{_plain(error)}")
            nb = notebooks.with_outputs(nb, outputs)
        src_uri = notebook_path(page)
        self.descriptions[src_uri] = nb.metadata["guide"]["description"]
        _write(self.site / src_uri, notebooks.dumps(nb))

    def _source(self, page: Path, config) -> tuple[str, bool]:
        """What the page's notebook is made from (notebooks.made_key), and whether the page has examples."""
        examples = bool(INCLUDE_ANYWHERE.search(page.read_text(encoding="utf-8")))
        return notebooks.made_key(page, self.root, self.guide_url(config)), examples

    def _notebook(self, page: str, path: Path, config, source_digest: str, md: Callable | None = None):
        """The page's notebook without outputs, made again only when what it is made from changed (notebooks.made);
        md makes the Markdown to read the page with (default: the build's).

        A page whose examples break a rule gets no notebook, and the build fails with the rule's
        message (the tests name the same page and line).
        """

        def markdown():
            if md is not None:
                return md()
            if self.markdown is None:  # once per build, as MkDocs' Markdown for this mkdocs.yml
                self.markdown = load_markdown(self.root)
            return self.markdown

        try:
            return notebooks.made(path, self.root, self.guide_url(config), markdown, source_digest)
        except notebooks.pages_.PageError as err:
            log.warning(f"docs/{page} has no notebook: its examples break a rule:\n{err}")
            return None

    def on_pre_build(self, config):
        if self.serving:  # no notebook in self.site changes while this build reads it (self.writing)
            self.writing.acquire()
            self.building = True

    def on_post_build(self, config):
        """Start the background work the build asked for once it is done, so that it does not slow it down."""
        for job, *args in self.pending:
            if self.background is not None:
                self.background.submit(job, *args)
        self.pending.clear()
        self._build_ended()

    def on_build_error(self, error):
        self._build_ended()

    def _build_ended(self) -> None:
        if self.building:
            self.building = False
            self.writing.release()

    def _run(self, page: str, nb) -> None:
        """Run the notebook in the background; when it ran clean, write it with its outputs (serve reloads)."""
        if self.kernels is None:
            return
        key = notebooks.outputs_key(nb)
        if key in self.running and not self.running[key].done():
            return
        log.info(f"notebook of docs/{page}: {BACKGROUND_RUN_STARTED}")
        self.running[key] = self.kernels.submit(notebooks.execute, nb, self.root)
        self.running[key].add_done_callback(lambda future: self._ran(future, page, nb))

    def _ran(self, future, page: str, nb) -> None:
        if future.cancelled():  # Ctrl-C stopped `mkdocs serve` before the run began (on_shutdown): nothing to show
            log.info(f"notebook of docs/{page}: {BACKGROUND_RUN_ENDED} (cancelled)")
            return
        if future.exception():
            log.error(f"notebook of docs/{page}: {future.exception()}")
        elif errors := [e for cell in future.result() for e in notebooks.errors(cell["outputs"])]:
            log.warning(f"notebook of docs/{page}: a cell raised, so it keeps no outputs:\n{_plain(errors[0])}")
        else:  # the page's notebook now (its prose may have changed during the run): with these outputs
            with self.writing:  # not after an edit made meanwhile has written its own (_refresh)
                now = _read(notebooks.made_path(self.root, self.current.get(page, ""))).decode("utf-8")
                if now not in ("", "null") and notebooks.outputs_key(latest := notebooks.loads(now)) == notebooks.outputs_key(nb):
                    self._write_notebook(page, latest, future.result())
        # After the notebook is written, which starts the rebuild that shows it: a reader of the log (the `make serve`
        # bench) knows no run is left once each one started has ended, and no rebuild once each one started was served.
        log.info(f"notebook of docs/{page}: {BACKGROUND_RUN_ENDED}")

    # ---------------------------------------------------------------- the pages

    @event_priority(-100)  # after mkdocs-jupyter's, which gives the page its render through its cache
    def on_pre_page(self, page, config, files):
        """A notebook page renders holding RENDER_LOCK: mkdocs-jupyter writes its cache's file in place (no temporary
        file), and another build of the tree (the offline copy's, which the tests run beside the site's) could read it
        half written. The second to render a notebook waits for the first, then reads its render from the cache."""
        if page.file.src_uri in self.built.values():
            render = page.render

            def locked(*args, **kwargs):
                with _held(self.root / RENDER_LOCK):
                    return render(*args, **kwargs)

            page.render = locked
        return page

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        if src in self.built:  # a guide page: links to its notebook, which the stamp plugin shows
            notebook = files.get_file_from_path(self.built[src])
            view = get_relative_url(notebook.url, page.url)
            # mkdocs-jupyter copies the .ipynb into the folder of the notebook's page
            download = get_relative_url(
                posixpath.join(posixpath.dirname(notebook.dest_uri), Path(notebook.src_uri).name), page.url
            )
            page.meta["notebook_links"] = (
                '<p class="notebook-links" data-search-exclude>'
                f'<a href="{download}" download>Download notebook</a> (.ipynb, every example as a cell) · '
                f'<a href="{view}">View the notebook with its outputs</a></p>'
            )
        return markdown

    def on_page_content(self, html, page, config, files):
        src = page.file.src_uri
        if src.startswith("notebooks/") and src.endswith(".ipynb"):
            return self._notebook_page(html, page, config)
        return html

    def _notebook_page(self, html: str, page, config) -> str:
        page.meta["search"] = {"exclude": True}  # the guide page is the one to find
        page.meta["title"] = f"{page.title} (notebook)"
        page.meta["description"] = f"{page.title} as a Jupyter notebook you can run: {self.descriptions[page.file.src_uri]}"
        html = trim(html)
        page.toc = toc(html)
        return _notebook_links(self._relative_links(html, page, self.guide_url(config)), page)

    def on_page_context(self, context, page, config, nav):
        """A notebook page marks its guide page as the current one in the navigation."""
        guide = self._guide_page(page, nav)
        if guide is not None:
            guide.active = True  # MkDocs makes its sections active too
        return context

    def on_post_page(self, output, page, config):
        guide = self._guide_page(page, None)
        if guide is not None:
            guide.active = False
        return output

    def _guide_page(self, page, nav):
        """The guide page in the nav whose notebook `page` is, or None for any other page."""
        src = page.file.src_uri
        if not (src.startswith("notebooks/") and src.endswith(".ipynb")):
            return None
        if nav is not None:
            pages = {p.file.src_uri: p for p in nav.pages}
            self.guides[src] = next((pages.get(g) for g, n in self.built.items() if n == src), None)
        return self.guides.get(src)

    def _relative_links(self, html: str, page, site_url: str) -> str:
        """The notebook links to the guide by full address (it is downloaded); its page in the site, relatively."""
        if not site_url:
            return html

        def relative(m):
            path, hash_, anchor = m.group(2).partition("#")
            url = get_relative_url(self.urls.get(path, path) or ".", page.url)
            return f'{m.group(1)}="{url}{"/" if not path and not url.endswith("/") else ""}{hash_}{anchor}"'

        return re.sub(rf'\b(href|src)="{re.escape(site_url)}([^"]*)"', relative, html)


PREFACE = re.compile(r'<p><em>This notebook is the page (<a href="[^"]*">.*?</a>) of the .*?</em></p>\s*', re.S)


def _notebook_links(html: str, page) -> str:
    """The notebook's long italic preface (for readers of the .ipynb), on its page as one line: its guide page and the download."""
    download = get_relative_url(posixpath.join(posixpath.dirname(page.file.dest_uri), Path(page.file.src_uri).name), page.url)
    guide = PREFACE.search(html)
    html = PREFACE.sub("", html, count=1)
    links = (
        '<p class="notebook-links">'
        + (f"The page {guide.group(1)} as a notebook: each example is a cell, with the outputs of one run from top to bottom. " if guide else "")
        + f'<a href="{download}" download>Download notebook</a> (.ipynb)</p>'
    )
    head, sep, rest = html.partition('<p class="verified-with"')
    if sep:
        stamp, end, rest = rest.partition("</p>")
        return head + sep + stamp + end + links + rest
    head, sep, rest = html.partition("</h1>")
    return head + sep + links + rest if sep else links + html


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # a traceback without its terminal colours


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


RENDER_LOCK = Path(".cache") / "notebooks" / "render.lock"  # in the tree built (on_pre_page)


@contextlib.contextmanager
def _held(path: Path):
    """An exclusive lock on the file `path` (made if missing), between processes and threads alike."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _write(path: Path, text: str) -> None:
    """Write only a change: an unchanged file keeps its mtime, and mkdocs-jupyter its cached HTML."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def trim(html: str) -> str:
    """mkdocs-jupyter's notebook HTML, without its CSS and scripts, its blocks styled as the guide's."""
    html = re.sub(r"<(style|script)\b[^>]*>.*?</\1>\s*|<!--.*?-->", "", html, flags=re.S)
    html = re.sub(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', "", html, flags=re.S)
    html = re.sub(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', "", html, flags=re.S)
    html = html.replace(' tabindex="0"', "")  # no keyboard stop on every cell
    html = html.replace(' id="cell-id=', ' id="cell-')  # "=" breaks the theme's copy buttons, which select by id
    html = re.sub(  # input: the guide's Python block
        r'<div class="highlight-ipynb hl-python[^"]*"><pre><span></span>(.*?)</pre></div>',
        r'<div class="language-python highlight"><pre><span></span><code>\1</code></pre></div>',
        html, flags=re.S,
    )
    html = re.sub(  # outputs: the guide's "Output" block (theme/partials/content.html)
        r'(<div class="jp-RenderedText[^>]*data-mime-type="([^"]+)"[^>]*>)\s*<pre>(.*?)</pre>',
        lambda m: m.group(1) + '<div class="output"><span class="output__label">'
        + ("Printed to stderr" if m.group(2).endswith("stderr") else "Output")
        + f"</span><pre><samp>{m.group(3)}</samp></pre></div>",
        html, flags=re.S,
    )
    html = re.sub(  # a code block in the prose (a shell command): one of the theme's, which scrolls instead of widening the page
        r'<div class="highlight"><pre><span></span>(.*?)</pre></div>',
        r'<div class="highlight"><pre><span></span><code>\1</code></pre></div>',
        html, flags=re.S,
    )
    return _headings(html)


HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<slug>[^"]*)">(?P<text>.*?)(?: <a id="(?P<id>[^"]+)"></a>)?'
    r'<a class="anchor-link" href="#[^"]*">¶</a></h(?P=level)>',
    re.S,
)


def _headings(html: str) -> str:
    """Each heading with the page's own id (so #links match the guide's) and the theme's permalink."""

    def heading(m):
        anchor = m.group("id") or m.group("slug")
        return (
            f'<h{m.group("level")} id="{anchor}">{m.group("text")}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{m.group("level")}>'
        )

    return HEADING.sub(heading, html)


def toc(html: str):
    """The table of contents of the final HTML (mkdocs-jupyter's drops code from headings)."""
    root = {"level": 0, "children": []}
    stack = [root]
    for m in re.finditer(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"', html, re.S):
        level = int(m.group(1))
        token = {"level": level, "id": m.group(2), "name": re.sub(r"<[^>]+>", "", m.group(3)).strip(), "children": []}
        while stack[-1]["level"] >= level:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return get_toc(root["children"])
