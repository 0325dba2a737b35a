"""Each guide page with examples, also as a Jupyter notebook: downloadable, and rendered by mkdocs-jupyter.

tests/notebooks.py makes the notebook of docs/<page>.md from the page itself, and runs it
with nbclient. This hook adds it to the build as notebooks/<page>.ipynb (not in the nav,
not in the search index: it repeats its page), lets mkdocs-jupyter render it at
notebooks/<page>/ next to a copy to download, and links both from the page.

`mkdocs build` runs the notebooks whose outputs are not cached yet (in parallel) and
waits. `mkdocs serve` does not wait: such a notebook shows without outputs, runs in the
background, and the page reloads when its outputs are cached.

mkdocs-jupyter's HTML carries 600 KB of JupyterLab CSS and scripts that load MathJax and
Mermaid from CDNs; the notebook pages keep neither. Their code and output blocks get the
classes of the guide's own, so the theme styles them (both palettes) and adds copy buttons.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import logging
import os
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
if (ROOT / "tests" / "notebooks.py").exists():
    sys.path.insert(0, str(ROOT / "tests"))
    import notebooks  # noqa: E402  (cheap: the harness, and torch, load only to generate a notebook)
else:
    notebooks = None  # a copy of the site without tests/ (tests/test_harness.py makes some): no notebooks

log = logging.getLogger("mkdocs.hooks.notebook_pages")
SOURCES = ROOT / ".cache" / "notebooks" / "source"  # <key>.ipynb: a notebook, by what it was generated from
SITE = ROOT / ".cache" / "notebooks" / "site"  # the notebooks the site is built from, with their outputs
INCLUDE = re.compile(r"""-{1,}8<-{1,}\s+["']([^"':]+)""")

serving = False
background = concurrent.futures.ThreadPoolExecutor(max(1, (os.cpu_count() or 2) // 2))
running: dict[str, concurrent.futures.Future] = {}  # outputs key -> its run in the background
pending: dict[str, tuple] = {}  # outputs key -> (page, notebook) to run after this build
built: dict[str, str] = {}  # page src_uri -> its notebook's src_uri, for this build
markdown: dict = {}  # the harness's Markdown, made at most once per build
urls: dict[str, str] = {}
descriptions: dict[str, str] = {}  # notebook src_uri -> its page's description


def on_startup(command, dirty):
    global serving
    serving = command == "serve"


def on_config(config):
    for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):  # a line per notebook and step
        logging.getLogger(name).setLevel(logging.WARNING)


def on_serve(server, config, builder):
    if notebooks is None:
        return
    notebooks.OUTPUTS.mkdir(parents=True, exist_ok=True)
    server.watch(str(notebooks.OUTPUTS))  # a background run that finishes reloads the page
    background.submit(notebooks._harness)  # import torch now, not on the first edit of a page


@event_priority(100)  # before mkdocs-jupyter's on_files, which takes the notebooks in
def _add_notebooks(files, config):
    built.clear()
    markdown.clear()
    if notebooks is None:
        return files
    pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md")]
    urls.clear()  # a page's address in a notebook (directory URLs) -> in this build (file URLs offline)
    urls.update({notebooks.page_url(f.src_uri): f.url for f in pages})
    generated = {f.src_uri: _notebook(Path(f.abs_src_path), config) for f in pages}
    generated = {page: nb for page, nb in generated.items() if nb is not None}
    outputs = {page: notebooks.cached_outputs(nb) for page, nb in generated.items()}
    missing = [page for page, found in outputs.items() if found is None]
    if missing and not serving:
        log.info(f"running {len(missing)} notebooks (their outputs are cached in {notebooks.OUTPUTS.relative_to(ROOT)})")
        outputs.update(zip(missing, notebooks.execute_all([generated[page] for page in missing])))
    for page, nb in generated.items():
        if outputs[page] is None:
            _run_in_background(page, nb)
        else:
            for cell, found in zip((c for c in nb.cells if c.cell_type == "code"), outputs[page]):
                for error in notebooks.errors(found["outputs"]):
                    log.warning(f"notebook of docs/{page}: cell {cell.id} raised:\n{_plain(error)}")
            nb = notebooks.with_outputs(nb, outputs[page])
        src_uri = notebooks.notebook_path(page)
        path = SITE / src_uri
        _write(path, notebooks.dumps(nb))
        # A file of the cache directory (not File.generated: mkdocs-jupyter's wrapper loses its path).
        files.append(File(src_uri, str(SITE), config.site_dir, config.use_directory_urls))
        built[page] = src_uri
        descriptions[src_uri] = nb.metadata["guide"]["description"]
    return files


@event_priority(-100)  # after mkdocs-jupyter has wrapped them, which resets this
def _keep_out_of_nav(files, config):
    for src_uri in built.values():
        files.get_file_from_path(src_uri).inclusion = InclusionLevel.NOT_IN_NAV  # linked from its page only
    return files


on_files = CombinedEvent(_add_notebooks, _keep_out_of_nav)


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # a traceback without its terminal colours


def _notebook(page: Path, config):
    """The page's notebook without outputs, generated again only when what it is made from changed."""
    text = page.read_bytes()
    snippets = sorted({m.group(1) for m in INCLUDE.finditer(text.decode("utf-8"))})
    if not snippets:
        return None  # no example, no notebook
    digest = hashlib.sha256()
    for part in [
        text, config.site_url or "", *notebooks.ENVIRONMENT, Path(notebooks.__file__).read_bytes(),
        (ROOT / "tests" / "harness.py").read_bytes(), Path(config.config_file_path).read_bytes(),
        *(p.encode() + _read(ROOT / "snippets" / p) for p in snippets),
    ]:
        data = part if isinstance(part, bytes) else part.encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    cached = SOURCES / f"{digest.hexdigest()}.ipynb"
    if cached.exists():
        text = cached.read_text(encoding="utf-8")
        return None if text == "null" else notebooks.loads(text)
    if "markdown" not in markdown:  # once per build, as MkDocs' Markdown for this mkdocs.yml
        markdown["markdown"] = notebooks._harness().load_markdown(ROOT)
    nb = notebooks.generate(page, markdown["markdown"], config.site_url or "", ROOT)
    _write(cached, notebooks.dumps(nb) if nb is not None else "null")
    return nb


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _write(path: Path, text: str) -> None:
    """Write only a change: an unchanged file keeps its mtime, and mkdocs-jupyter its cached HTML."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _run_in_background(page: str, nb) -> None:
    key = notebooks.outputs_key(nb)
    if key not in running or running[key].done():
        log.info(f"notebook of docs/{page}: shown without outputs until its run in the background ends")
        pending[key] = (page, nb)


def on_post_build(config):
    """Start the runs the build asked for once it is done, so that they do not slow it down."""
    for key, (page, nb) in pending.items():
        running[key] = background.submit(notebooks.execute, nb)
        running[key].add_done_callback(lambda future, page=page: _ran(future, page))
    pending.clear()


def _ran(future, page: str) -> None:
    if future.exception():
        log.error(f"notebook of docs/{page}: {future.exception()}")
    elif errors := [e for cell in future.result() for e in notebooks.errors(cell["outputs"])]:
        log.warning(f"notebook of docs/{page}: a cell raised, so it keeps no outputs:\n{_plain(errors[0])}")


def on_page_content(html, page, config, files):
    src = page.file.src_uri
    if src in built:  # a guide page: link its notebook, under the version stamp
        return _link_notebook(html, page, files.get_file_from_path(built[src]))
    if src.startswith("notebooks/") and src.endswith(".ipynb"):
        return _notebook_page(html, page, config)
    return html


def _link_notebook(html: str, page, notebook) -> str:
    view = get_relative_url(notebook.url, page.url)
    # mkdocs-jupyter copies the .ipynb into the folder of the notebook's page
    download = get_relative_url(posixpath.join(posixpath.dirname(notebook.dest_uri), Path(notebook.src_uri).name), page.url)
    links = (
        '<p class="notebook-links" data-search-exclude>'
        f'<a href="{download}" download>Download notebook</a> (.ipynb, every example as a cell) · '
        f'<a href="{view}">View the notebook with its outputs</a></p>'
    )
    head, sep, rest = html.partition('<p class="verified-with"')
    if sep:
        stamp, end, rest = rest.partition("</p>")
        return head + sep + stamp + end + links + rest
    head, sep, rest = html.partition("</h1>")
    return head + sep + links + rest if sep else links + html


def _notebook_page(html: str, page, config) -> str:
    page.meta["search"] = {"exclude": True}  # the guide page is the one to find
    page.meta["title"] = f"{page.title} (notebook)"
    page.meta["description"] = f"{page.title} as a Jupyter notebook you can run: {descriptions[page.file.src_uri]}"
    html = trim(html)
    page.toc = toc(html)
    return _relative_links(html, page, config.site_url or "")


def _relative_links(html: str, page, site_url: str) -> str:
    """The notebook links to the guide by full address (it is downloaded); its page in the site, relatively."""
    if not site_url:
        return html

    def relative(m):
        path, hash_, anchor = m.group(2).partition("#")
        url = get_relative_url(urls.get(path, path) or ".", page.url)
        return f'{m.group(1)}="{url}{"/" if not path and not url.endswith("/") else ""}{hash_}{anchor}"'

    return re.sub(rf'\b(href|src)="{re.escape(site_url)}([^"]*)"', relative, html)


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
    html = re.sub(  # outputs: the guide's "Output" block
        r'(<div class="jp-RenderedText[^>]*data-mime-type="([^"]+)"[^>]*>)\s*<pre>(.*?)</pre>',
        lambda m: m.group(1) + '<div class="language-text highlight"><span class="filename">'
        + ("Printed to stderr" if m.group(2).endswith("stderr") else "Output")
        + f"</span><pre><span></span><code>{m.group(3)}</code></pre></div>",
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
