"""Every page with examples is also a notebook: it runs in a fresh kernel and prints what the page shows.

How a cell's output is compared: the harness runs a block with stdout and stderr as one
stream, as a terminal shows them; a kernel keeps them apart. A cell passes when its stdout
equals the page's output block and it wrote nothing to stderr, raised nothing and displayed
no value: the pages print their warnings themselves (README, "Adding an example"), so
anything on stderr is a warning the page does not show.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import textwrap
from pathlib import Path

import pytest

from verified_guide import marks, notebooks, outputs, pages, records, runner
from verified_guide import browser as browser_
from verified_guide.browser import Transfers, Watch, copy_problems, load_problems, views_problems
from verified_guide.paths import notebook_path, page_url, project_root

ROOT = project_root()


def _with_examples() -> list[str]:
    """The pages with a ```python include, read cheaply (the notebooks are made when a test needs them)."""
    return sorted({page for page, _, _, _ in pages.quick_ids(ROOT)})


PAGES = _with_examples()


@functools.cache
def made_page(page: str) -> tuple:
    """(the page's notebook without outputs, the page's blocks), made once, when the first test needs them.
    Page by page: a page that cannot become a notebook fails its own tests, not every page's."""
    path = ROOT / "docs" / page
    nb = notebooks.made(path, ROOT, _site_url(), _markdown)  # made again only when what it reads changed
    return nb, pages.page_blocks(path, None if pages.read_before(path, ROOT) else _markdown(), ROOT)


@functools.cache
def _site_url() -> str:
    return notebooks.site_url(ROOT)


@functools.cache
def _markdown():
    return pages.load_markdown(ROOT)


def made() -> tuple[dict, dict]:
    """({page: notebook without outputs}, {page: its blocks}) of every page."""
    both = {page: made_page(page) for page in PAGES}
    return {page: nb for page, (nb, _) in both.items()}, {page: blocks for page, (_, blocks) in both.items()}


def test_every_page_with_examples_has_a_notebook():
    nbs, _ = made()
    assert set(nbs) == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_notebook_holds_the_page_in_order(page):
    """Code cells are the page's blocks in page order, each as the page shows it (or guarded, or as a script)."""
    nb, blocks = made_page(page)
    shown = [c.metadata["guide"]["block"] for c in nb.cells if c.cell_type == "code" and "block" in c.metadata.get("guide", {})]
    assert shown == [b.target for b in blocks if marks.notebook_form(b.marks) != "markdown"]
    by_id = {tuple(c.metadata["guide"].items())[0]: c.source for c in nb.cells if c.metadata.get("guide")}
    for block in blocks:
        code, form = block.code.rstrip("\n"), marks.notebook_form(block.marks)
        if form == "markdown":
            assert f"```python\n{code}\n```" in by_id[("skipped", block.target)], block
        elif form == "script":
            assert by_id[("file", block.target)].partition("\n")[2] == code, block
        elif form in ("cuda", "no_cuda"):
            assert textwrap.indent(code, "    ", lambda line: bool(line.strip())) in by_id[("block", block.target)], block
        else:
            assert by_id[("block", block.target)] == code, block
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "pytest" not in prose and "--8<--" not in prose and "!!!" not in prose, "MkDocs syntax left in the prose"
    assert not re.search(r"\]\((?!https?://|#)[^)]*\)", prose), "a relative link, which a downloaded notebook cannot follow"


@pytest.fixture(scope="module")
def runs(request, site):
    """The outputs of the selected notebooks, run at most once, all at once, each in its own kernel.
    After the site's build (`site`), which runs them and caches their outputs: none runs twice."""
    selected = {i.callspec.params["page"] for i in request.session.items if i.originalname == "test_notebook_runs_in_a_fresh_kernel_and_prints_the_page"}
    nbs = {}
    for page in selected:
        try:
            nbs[page] = made_page(page)[0]
        except Exception:  # noqa: BLE001 - that page's own tests show why; the others still run
            pass
    selected = set(nbs)
    found = {page: None if records.fresh() else notebooks.cached_outputs(nbs[page], ROOT) for page in selected}
    missing = [page for page, ran in found.items() if ran is None]
    for page, ran in zip(missing, notebooks.execute_all([nbs[p] for p in missing], ROOT)):
        found[page] = ran
    return found


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_in_a_fresh_kernel_and_prints_the_page(page, request):
    nb, blocks = made_page(page)
    key = records.key(ROOT, notebooks.dumps(nb), *(repr((b.target, b.expected)) for b in blocks))
    if records.passed_before(ROOT, key, request.node.nodeid):
        return
    ran = request.getfixturevalue("runs")[page]
    cells = [c for c in nb.cells if c.cell_type == "code"]
    problems = []
    for cell, found in zip(cells, ran, strict=True):
        if errors := notebooks.errors(found["outputs"]):
            problems.append(f"cell {cell.id} raised:\n" + re.sub(r"\x1b\[[0-9;]*m", "", errors[0]))
        if err := notebooks.printed(found["outputs"], "stderr"):
            problems.append(f"cell {cell.id} wrote to stderr (a warning the page does not show?):\n{err}")
        if shown := [o["output_type"] for o in found["outputs"] if o["output_type"] not in ("stream", "error")]:
            problems.append(f"cell {cell.id} displayed a value ({shown}): end it with a print, or an assignment")
    by_block = {c.metadata["guide"]["block"]: o for c, o in zip(cells, ran) if "block" in c.metadata.get("guide", {})}
    for block in blocks:
        expected = _expected(block)
        if expected is None:
            continue
        actual = notebooks.printed(by_block[block.target]["outputs"])
        if actual != expected:
            problems.append(
                f"the cell of {block.target} prints other than docs/{page}:{block.line} shows, in the notebook's kernel. "
                + _why(block, actual, expected) + "\n"
                + outputs.page_diff(dataclasses.replace(block, expected=expected), actual)
            )
    assert not problems, f"notebook of docs/{page}:\n\n" + "\n\n".join(problems)
    records.record_pass(ROOT, key)


def _why(block, in_kernel: str, expected: str) -> str:
    """Whether the page is wrong, the block prints differently from one run to the next, or the cell depends on
    what earlier cells left: run the block alone, under each hash seed (the kernel runs under the second), to tell."""
    alone = runner.run(block, ROOT)
    if alone.error is None and alone.output == in_kernel:
        return f"Run alone it prints the same: the page's output is wrong; run `make outputs PAGES=docs/{block.page}`."
    again = runner.run(block, ROOT, seed=runner.HASH_SEEDS[1])
    if alone.error is None and again.error is None and alone.output != again.output:
        return "Run alone it " + outputs.differs_between_runs(
            alone.output, again.output, f"; the kernel runs under {runner.HASH_SEEDS[1]}")
    if alone.error is None and alone.output == expected:
        return (
            "Run alone it prints what the page shows: in the notebook it depends on what an earlier cell left "
            "(default dtype or device, warning filters, a warning PyTorch gives once per process). Mark it, or the "
            'cell that leaves that state, <!--pytest.mark.own_process(reason="…")--> on the page.'
        )
    return "Run alone it prints something else again (see the page test of this block)."


def _expected(block) -> str | None:
    """What the block's cell must print here, or None when it is not compared."""
    if notebooks.cell_runs_block(block):
        return block.expected
    form = marks.notebook_form(block.marks)
    if form == "markdown" or not marks.compares_output(block.marks):
        return None
    if form == "cuda":
        extra = "".join(f" and {m}" for m in _extra_modules(block))
        return notebooks.SKIPPED["cuda"].format(extra=extra) + "\n"
    return notebooks.SKIPPED["no_cuda"] + "\n"


def _extra_modules(block) -> list[str]:
    source = notebooks.code_cells(block)[0].source
    return re.findall(r'find_spec\("([^"]+)"\)', source)


# ------------------------------------------------------------------------------ in the site


def _site_notebook(site_dir: Path, page: str) -> Path:
    """The notebook to download, next to its rendered page: notebooks/start/quickstart/quickstart.ipynb."""
    src = notebook_path(page)
    folder = src.removesuffix("index.ipynb") if src.endswith("/index.ipynb") else src.removesuffix(".ipynb") + "/"
    return site_dir / folder / Path(src).name


def _site_page(site_dir: Path, page: str) -> Path:
    return site_dir / page_url(page) / "index.html"


@pytest.mark.parametrize("page", PAGES)
def test_site_has_the_notebook_of_the_page_with_its_outputs(built_site, page):
    """The notebook to download is the one generated from the page now, with the outputs the tests checked."""
    site_dir = built_site
    downloaded = _site_notebook(site_dir, page)
    nb = made_page(page)[0]
    ran = notebooks.cached_outputs(nb, ROOT)
    assert ran is not None, "the build did not run this notebook"
    assert downloaded.read_text(encoding="utf-8") == notebooks.dumps(notebooks.with_outputs(nb, ran))
    rendered = (downloaded.parent / "index.html").read_text(encoding="utf-8")
    for cell, found in zip((c for c in nb.cells if c.cell_type == "code"), ran):
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


def test_notebook_pages_are_not_in_nav_or_search(built_site):
    site_dir = built_site
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in index["docs"] if d["location"].startswith("notebooks/")] == []
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "notebooks/" not in nav


def test_notebook_pages_load_nothing_from_outside(built_site):
    """No MathJax or Mermaid from a CDN, no `<script src="">`, no JupyterLab CSS: checked in the HTML of every page."""
    site_dir = built_site
    for page in PAGES:
        html = (_site_notebook(site_dir, page).parent / "index.html").read_text(encoding="utf-8")
        assert not re.search(r'src=""|cdnjs|jsdelivr|unpkg|mathjax|mermaid|jp-[A-Za-z]+\s*\{', html, re.I), page


# ------------------------------------------------------------------------------ in the browser


def _reader_key(built_site: Path, site_assets: bytes, browser_version: str, page: str) -> str:
    html = _site_notebook(built_site, page).parent / "index.html"
    return records.key(ROOT, html.read_bytes(), site_assets, browser_version)


def _reader_problems(chromium, server: str, built_site: Path, page: str) -> list[str]:
    """What test_notebook_page_as_a_reader_meets_it checks, in one page load of the notebook page of `page`."""
    html = _site_notebook(built_site, page).parent / "index.html"
    url = server + html.parent.relative_to(built_site).as_posix() + "/"
    with browser_.tab(chromium, color_scheme="light", permissions=["clipboard-read", "clipboard-write"]) as tab:
        watch, transfers = Watch(tab, server), Transfers(tab)
        tab.goto(url, wait_until="load")
        problems = views_problems(tab)
        transfers.quiet()
        problems += transfers.problems() + load_problems(tab, watch)
        links = tab.eval_on_selector_all(".notebook-links a", "links => links.map(a => [a.href, a.hasAttribute('download')])")
        guide = server + page_url(page)
        if [href for href, download in links if download] != [url + _site_notebook(built_site, page).name]:
            problems.append(f"no link to download the notebook: {links}")
        if [href for href, download in links if not download] != [guide]:
            problems.append(f"no link to its guide page {guide}: {links}")
        current = tab.eval_on_selector_all(".md-nav--primary .md-nav__item--active > a.md-nav__link", "links => links.map(a => a.href)")
        if current != [guide]:
            problems.append(f"the navigation shows {current} as the current page, not {guide}")
        problems += copy_problems(tab, [c.source for c in made_page(page)[0].cells if c.cell_type == "code"])
    return problems


def page_check(fixture):
    """conftest.PageChecks: (the parameter, the key of a page, its check) of test_notebook_page_as_a_reader_meets_it."""
    browser_version, server, built_site, site_assets = (fixture(name) for name in ("browser_version", "server", "built_site", "site_assets"))
    return (
        "page",
        lambda page: _reader_key(built_site, site_assets, browser_version, page),
        lambda page: _reader_check(page, server, built_site),
    )


def _reader_check(page: str, server: str, built_site: Path):
    made_page(page)  # made here, once, before the checks' threads need it
    return functools.partial(_reader_problems, server=server, built_site=built_site, page=page)


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_notebook_page_as_a_reader_meets_it(page_checks, page, request):
    """A first visit (loaded and viewed, until the network is quiet: browser.Transfers.quiet): within FIRST_VISIT_BYTES, search not loaded, nothing from outside the site, no failed request or
    console error; no serious axe finding and 4.5:1 code contrast in both palettes; the reading rules
    (browser.READING) at 1280 and 375 px in both palettes, in one page load (browser.views_problems); copy buttons
    copy the code cells; the page links its guide page and the
    notebook to download, and the navigation shows the guide page as the current one.
    The pages are checked several at a time, each in its own browser (conftest.PageChecks)."""
    page_checks.verify(request.node)
