"""Every page with examples is also a notebook: it runs in a fresh kernel and prints what the page shows.

How a cell's output is compared: the harness runs a block with stdout and stderr as one
stream, as a terminal shows them; a kernel keeps them apart. A cell passes when its stdout
equals the page's output block and it wrote nothing to stderr, raised nothing and displayed
no value: the pages print their warnings themselves (README, "Adding an example"), so
anything on stderr is a warning the page does not show.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import textwrap
from pathlib import Path

import pytest
import torch

import harness
import notebooks
import reuse
from conftest import ROOT
import test_browser
from test_browser import Watch, dark_problems, light_problems

SITE_URL = notebooks.site_url(ROOT)
NOTEBOOKS = notebooks.notebooks(SITE_URL, ROOT)  # {page: notebook without outputs}
MARKDOWN = harness.load_markdown(ROOT)
BLOCKS = {page: harness.page_blocks(ROOT / "docs" / page, MARKDOWN) for page in NOTEBOOKS}
SOURCE = reuse.source(Path(notebooks.__file__), Path(harness.__file__), Path(__file__))
PAGE_BUDGET = 300 * 1024  # bytes transferred on a first visit, the page and everything it loads


def test_every_page_with_examples_has_a_notebook():
    with_blocks = {b.page for b in harness.collect(ROOT)[0]}
    assert set(NOTEBOOKS) == with_blocks


@pytest.mark.parametrize("page", sorted(NOTEBOOKS))
def test_notebook_holds_the_page_in_order(page):
    """Code cells are the page's blocks in page order, each as the page shows it (or guarded, or as a script)."""
    nb, blocks = NOTEBOOKS[page], BLOCKS[page]
    shown = [c.metadata["guide"]["block"] for c in nb.cells if c.cell_type == "code" and "block" in c.metadata.get("guide", {})]
    assert shown == [b.target for b in blocks if not _marks(b) & {"skip"}]
    by_id = {tuple(c.metadata["guide"].items())[0]: c.source for c in nb.cells if c.metadata.get("guide")}
    for block in blocks:
        code, marks = block.code.rstrip("\n"), _marks(block)
        if "skip" in marks:
            assert f"```python\n{code}\n```" in by_id[("skipped", block.target)], block
        elif "script" in marks or block.target in notebooks.OWN_PROCESS:
            assert by_id[("file", block.target)].partition("\n")[2] == code, block
        elif marks & {"cuda", "no_cuda"}:
            assert textwrap.indent(code, "    ", lambda line: bool(line.strip())) in by_id[("block", block.target)], block
        else:
            assert by_id[("block", block.target)] == code, block
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "pytest" not in prose and "--8<--" not in prose and "!!!" not in prose, "MkDocs syntax left in the prose"
    assert not re.search(r"\]\((?!https?://|#)[^)]*\)", prose), "a relative link, which a downloaded notebook cannot follow"


@pytest.fixture(scope="module")
def runs(request):
    """The outputs of the selected notebooks, run at most once, all at once, each in its own kernel."""
    selected = {i.callspec.params["page"] for i in request.session.items if i.originalname == "test_notebook_runs_in_a_fresh_kernel_and_prints_the_page"}
    fresh = os.environ.get("FRESH") == "1"
    found = {page: None if fresh else notebooks.cached_outputs(NOTEBOOKS[page]) for page in selected}
    missing = [page for page, outputs in found.items() if outputs is None]
    for page, outputs in zip(missing, notebooks.execute_all([NOTEBOOKS[p] for p in missing])):
        found[page] = outputs
    return found


@pytest.mark.parametrize("page", sorted(NOTEBOOKS))
def test_notebook_runs_in_a_fresh_kernel_and_prints_the_page(page, request):
    nb, blocks = NOTEBOOKS[page], BLOCKS[page]
    key = reuse.key(SOURCE, notebooks.dumps(nb), *(repr((b.target, b.expected)) for b in blocks), str(torch.cuda.is_available()))
    if reuse.passed_before(key, request.node.nodeid):
        return
    outputs = request.getfixturevalue("runs")[page]
    cells = [c for c in nb.cells if c.cell_type == "code"]
    problems = []
    for cell, found in zip(cells, outputs, strict=True):
        if errors := notebooks.errors(found["outputs"]):
            problems.append(f"cell {cell.id} raised:\n" + re.sub(r"\x1b\[[0-9;]*m", "", errors[0]))
        if err := notebooks.printed(found["outputs"], "stderr"):
            problems.append(f"cell {cell.id} wrote to stderr (a warning the page does not show?):\n{err}")
        if shown := [o["output_type"] for o in found["outputs"] if o["output_type"] not in ("stream", "error")]:
            problems.append(f"cell {cell.id} displayed a value ({shown}): end it with a print, or an assignment")
    by_block = {c.metadata["guide"]["block"]: o for c, o in zip(cells, outputs) if "block" in c.metadata.get("guide", {})}
    for block in blocks:
        expected = _expected(block)
        if expected is None:
            continue
        actual = notebooks.printed(by_block[block.target]["outputs"])
        if actual != expected:
            problems.append(
                f"the cell of {block.target} prints other than docs/{page}:{block.line} shows, in the notebook's kernel. "
                "If it depends on what an earlier cell left (default dtype, warning filters, a warning PyTorch gives "
                "once per process), add it, or the cell that leaves that state, to notebooks.OWN_PROCESS:\n"
                + harness.diff(dataclasses.replace(block, expected=expected), actual)
            )
    assert not problems, f"notebook of docs/{page}:\n\n" + "\n\n".join(problems)
    reuse.record_pass(key)


def _marks(block) -> set[str]:
    return {m.name for m in block.marks}


def _expected(block) -> str | None:
    """What the block's cell must print here, or None when it is not compared."""
    marks = _marks(block)
    if "skip" in marks or "no_output" in marks:
        return None
    if "cuda" in marks and not torch.cuda.is_available():
        extra = "".join(f" and {m}" for m in _extra_modules(block))
        return notebooks.SKIPPED["cuda"].format(extra=extra) + "\n"
    if "no_cuda" in marks and torch.cuda.is_available():
        return notebooks.SKIPPED["no_cuda"] + "\n"
    return block.expected


def _extra_modules(block) -> list[str]:
    source = notebooks.code_cells(block)[0].source
    return re.findall(r'find_spec\("([^"]+)"\)', source)


# ------------------------------------------------------------------------------ in the site


def _site_notebook(site_dir: Path, page: str) -> Path:
    """The notebook to download, next to its rendered page: notebooks/start/quickstart/quickstart.ipynb."""
    src = notebooks.notebook_path(page)
    folder = src.removesuffix("index.ipynb") if src.endswith("/index.ipynb") else src.removesuffix(".ipynb") + "/"
    return site_dir / folder / Path(src).name


def _site_page(site_dir: Path, page: str) -> Path:
    return site_dir / (notebooks.page_url(page)) / "index.html"


@pytest.mark.parametrize("page", sorted(NOTEBOOKS))
def test_site_has_the_notebook_of_the_page_with_its_outputs(site, page):
    """The notebook to download is the one generated from the page now, with the outputs the tests checked."""
    result, site_dir = site
    assert result.returncode == 0, result.stderr
    downloaded = _site_notebook(site_dir, page)
    nb = NOTEBOOKS[page]
    outputs = notebooks.cached_outputs(nb)
    assert outputs is not None, "the build did not run this notebook"
    assert downloaded.read_text(encoding="utf-8") == notebooks.dumps(notebooks.with_outputs(nb, outputs))
    rendered = (downloaded.parent / "index.html").read_text(encoding="utf-8")
    for cell, found in zip((c for c in nb.cells if c.cell_type == "code"), outputs):
        for text in (notebooks.printed(found["outputs"]).strip().splitlines() or [""])[:1]:
            assert _html_escape(text) in rendered, f"{cell.id}: its output is not on the rendered page"
    guide = _site_page(site_dir, page).read_text(encoding="utf-8")
    links = re.search(r'<p class="notebook-links".*?</p>', guide, re.S)
    assert links, f"docs/{page} does not link its notebook"
    for href in re.findall(r'href="([^"]+)"', links.group(0)):
        target = (_site_page(site_dir, page).parent / href).resolve()
        assert (target / "index.html" if href.endswith("/") else target).exists(), href


def _html_escape(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


def test_notebook_pages_are_not_in_nav_or_search(site):
    _, site_dir = site
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in index["docs"] if d["location"].startswith("notebooks/")] == []
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "notebooks/" not in nav


def test_notebook_pages_load_nothing_from_outside(site):
    """No MathJax or Mermaid from a CDN, no `<script src="">`, no JupyterLab CSS: checked in the HTML of every page."""
    _, site_dir = site
    for page in NOTEBOOKS:
        html = (_site_notebook(site_dir, page).parent / "index.html").read_text(encoding="utf-8")
        assert not re.search(r'src=""|cdnjs|jsdelivr|unpkg|mathjax|mermaid|jp-[A-Za-z]+\s*\{', html, re.I), page


# ------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
@pytest.mark.parametrize("page", sorted(NOTEBOOKS))
def test_notebook_page_as_a_reader_meets_it(browser, server, site, site_assets, page, request):
    """A first visit: at most PAGE_BUDGET bytes in all, nothing from outside the site, no failed request or
    console error; copy buttons copy the code cells; no serious axe finding and 4.5:1 code contrast in both palettes."""
    html = _site_notebook(site[1], page).parent / "index.html"
    checks = reuse.source(Path(__file__), Path(test_browser.__file__))
    key = reuse.key(html.read_bytes(), site_assets, checks, browser.version)
    if reuse.passed_before(key, request.node.nodeid):
        return
    url = server + html.parent.relative_to(site[1]).as_posix() + "/"
    context = browser.new_context(color_scheme="light", permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    watch, finished = Watch(tab, server), []
    tab.on("requestfinished", lambda r: finished.append(r))
    with tab.expect_request_finished(lambda r: r.url.endswith("search/search_index.json")):
        tab.goto(url, wait_until="networkidle")  # the search index too: it is part of a first visit
    tab.wait_for_load_state("networkidle")
    problems = []
    total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished)
    if total > PAGE_BUDGET:
        sizes = sorted(((r.sizes()["responseBodySize"], r.url) for r in finished), reverse=True)[:5]
        problems.append(f"first visit transfers {total / 1024:.0f} KB, over {PAGE_BUDGET // 1024} KB: {sizes}")
    problems += light_problems(tab, watch, [c.source for c in NOTEBOOKS[page].cells if c.cell_type == "code"])
    context.close()
    problems += dark_problems(browser, url)
    assert not problems, "\n".join(problems)
    reuse.record_pass(key)
