"""Every guide page as a Jupyter notebook, made from the page itself.

The notebook of docs/<page>.md holds the page's prose as Markdown cells and its examples
as code cells, in page order. It is generated from the page as the tests expand it
(pages.expand and pages.page_blocks), so there is no copy to keep in step.
plugins/notebook_pages.py builds it into the site; tests/content/test_notebooks.py runs it.

A block that does not run the same everywhere becomes a cell that runs anywhere (its
mark's `notebook` form, marks.py):

    cuda         the block, under `if torch.cuda.is_available():`; else it prints why it skipped
    no_cuda      the reverse
    script       `%%writefile <section>.py`, then a cell that runs that file with the kernel's Python
    own_process  the same, after a line saying why (it changes or depends on process-wide state)
    skip         shown as code in a Markdown cell: not run

Outputs come from running the notebook with nbclient, top to bottom in one fresh kernel.
They depend on the code cells only, so they are cached under .cache/notebooks/outputs/
keyed by the code, the interpreter and its installed versions, the relevant environment
variables and how execute() runs them: editing prose needs no new run.

    python -m verified_guide.notebooks [docs/page.md ...]   # `make notebooks`: run and cache them
"""

from __future__ import annotations

import ast
import concurrent.futures
import copy
import functools
import inspect
import json
import os
import platform
import re
import signal
import sys
import tempfile
import textwrap
import threading
from importlib.metadata import version
from pathlib import Path
from posixpath import dirname, join, normpath
from typing import Callable

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import digest, marks, records, runner, zygote
from . import pages as pages_
from .paths import notebook_path, page_name, page_url, pages, project_root
from .runner import BLOCK_TIMEOUT, HASH_SEEDS, environment


def outputs_dir(root: Path) -> Path:
    """<key>.json: the outputs of one run, cell by cell."""
    return root / ".cache" / "notebooks" / "outputs"


SKIPPED = {
    "cuda": "Skipped: this example needs a CUDA GPU{extra}.",
    "no_cuda": "Skipped: this example shows what happens without CUDA, and this machine has it.",
}
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')
HEADING_ID = re.compile(r"^(?P<heading>#{1,6}\s.*?)\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
ATTR_LIST = re.compile(r"(?<=\))\{[^}\n]*\}")  # ![alt](src){ width="672" }
# [text](target): the text may hold code spans with brackets, [`a[:] = 9`](memory.md#x)
LINK = re.compile(r"(?P<open>!?\[(?:`[^`\n]*`|[^\]`])*\]\()(?P<target>[^)\s]+)(?P<close>[^)]*\))")
COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
OUTPUT_DIRECTIVE = "pytest-codeblocks:expected-output"


# ------------------------------------------------------------------------------ generate


def generate(page: Path, markdown, site_url: str, root: Path):
    """The notebook of a page, without outputs; None when the page has no Python block (PageError for a broken one)."""
    blocks = pages_.page_blocks(page, markdown, root)
    if not blocks:
        return None
    rel = page_name(root, page)
    text = pages_.expand(page, markdown, root)
    front, body_start = _front_matter(text)
    lines = text.splitlines()
    python = [f for f in pages_.fences(text) if f.family == "python"]
    assert len(python) == len(blocks), f"{page}: {len(python)} fences, {len(blocks)} blocks"
    cells, prose, i = [], [], body_start
    for fence, block in zip(python, blocks):
        prose += lines[i : fence.line - 1]
        cells += _markdown_cells("\n".join(prose), rel, site_url)
        cells += code_cells(block)
        prose, i = [], _after_output(lines, fence)
    cells += _markdown_cells("\n".join(prose + lines[i:]), rel, site_url)
    _add_intro(cells, rel, site_url, any(marks.notebook_form(b.marks) in SKIPPED for b in blocks))
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
            "language_info": {"name": "python"},
            "guide": {"page": f"docs/{rel}", "description": front.get("description", "")},
        },
    )
    nbformat.validate(nb)
    return nb


def made_key(page: Path, root: Path, site_url: str) -> str:
    """What the page's notebook is made from (all that generate reads): the page, the snippet files it may include
    and mkdocs.yml (pages.includable), the site's address, this package and the interpreter."""
    return digest.content_hash(
        page.read_bytes(), site_url, digest.interpreter(), digest.package_sources(),
        digest.files(root, root / "mkdocs.yml", *pages_.includable(page, root)),
    )


def made_path(root: Path, key: str) -> Path:
    """Where the notebook made from `key` (made_key) is kept: "null" for a page without examples."""
    return root / ".cache" / "notebooks" / "source" / f"{key}.ipynb"


def made(page: Path, root: Path, site_url: str, markdown: Callable, key: str | None = None):
    """generate(page, markdown(), site_url, root), kept between runs by made_key (FRESH=1 makes it again), for the
    build and the tests alike; `markdown` is called only for a notebook not made before: loading MkDocs' Markdown
    took most of a run's time to make every page's notebook when nothing had changed. A page that breaks a rule
    (PageError) is never kept, nor one whose files differ from `key` once it is made (InputsChanged: `key` was read
    before an edit, or the page was saved while it was read, as `make serve` sees)."""
    key = key or made_key(page, root, site_url)
    stored = made_path(root, key)
    if not records.fresh() and stored.is_file():
        text = stored.read_text(encoding="utf-8")
        return None if text == "null" else loads(text)
    unchanged = functools.partial(pages_.unchanged_since, page, key, lambda: made_key(page, root, site_url),
                                  "its notebook was being made")
    try:
        nb = generate(page, markdown(), site_url, root)
    except Exception:  # what a read of two versions at once raised says nothing about either
        unchanged()
        raise
    unchanged()  # else kept under a key that the files it was made from do not match
    stored.parent.mkdir(parents=True, exist_ok=True)
    written = stored.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
    written.write_text("null" if nb is None else dumps(nb), encoding="utf-8")
    written.replace(stored)  # whole or not at all: the build and the tests may make it at once
    return nb


def _front_matter(text: str) -> tuple[dict, int]:
    if not text.startswith("---\n"):
        return {}, 0
    end = text.index("\n---\n", 3)
    import yaml

    return yaml.safe_load(text[4:end]) or {}, text.count("\n", 0, end) + 2


def _after_output(lines: list[str], fence) -> int:
    """Index of the first line after the fence and its expected-output block, if any."""
    i = fence.end
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and pages_.OUTPUT_DIRECTIVE in lines[i]:
        rest = "\n".join(lines[i + 1 :])
        output = pages_.fences(rest)[0]
        return i + 1 + output.end
    return fence.end


def cell_runs_block(block) -> bool:
    """Whether the block's cell runs the block here and the notebook test holds it to the page's output:
    not shown as Markdown, its output compared, and not a GPU (or no-GPU) block skipped on this machine."""
    form = marks.notebook_form(block.marks)
    if form == "markdown" or not marks.compares_output(block.marks):
        return False
    if form in ("cuda", "no_cuda"):
        return runner.cuda_available() == (form == "cuda")
    return True


def code_cells(block) -> list:
    """The cells of one block. The first cell's metadata names the block; so does the one that prints its output."""
    form = marks.notebook_form(block.marks)
    section = block.section
    meta = {"guide": {"block": block.target}}
    code = block.code.rstrip("\n")
    if form == "markdown":
        reason = marks.reason(block.marks, "skip")
        return [new_markdown_cell(f"Not run: {reason}\n\n```python\n{code}\n```", id=f"{section}-skip", metadata={"guide": {"skipped": block.target}})]
    if form == "script":
        name = section.replace("-", "_") + ".py"
        cells = [
            new_code_cell(f"%%writefile {name}\n{code}", id=f"{section}-file", metadata={"guide": {"file": block.target}}),
            new_code_cell(f'import sys\n\n!"{{sys.executable}}" {name}', id=section, metadata=meta),
        ]
        if own := marks.reason(block.marks, "own_process"):  # the page does not say why: the notebook does
            why = f"*This example runs as a script, in a new Python process: {own.rstrip('.')}.*"
            cells.insert(0, new_markdown_cell(why, id=f"{section}-why", metadata={"guide": {"why": block.target}}))
        return cells
    if form in ("cuda", "no_cuda"):
        code = _guarded(code, form == "cuda", block)
    return [new_code_cell(code, id=section, metadata=meta)]


def _guarded(code: str, cuda: bool, block) -> str:
    """The block under a check that skips it, with a message, where it cannot run."""
    if any(tok for tok in _multiline_strings(code)):
        raise ValueError(f"{block}: a multi-line string cannot be indented under a CUDA check")
    tree = ast.parse(code)
    imported = {
        alias.name.partition(".")[0]
        for node in tree.body
        for alias in (node.names if isinstance(node, ast.Import) else [])
    } | {node.module.partition(".")[0] for node in tree.body if isinstance(node, ast.ImportFrom) and node.module}
    extra = sorted(imported - set(sys.stdlib_module_names) - {"numpy", "torch"})  # e.g. cupy
    body = textwrap.indent(code, "    ", lambda line: bool(line.strip()))
    skip = f'    print("{SKIPPED["cuda" if cuda else "no_cuda"].format(extra="".join(f" and {m}" for m in extra))}")'
    head = "import importlib.util\n\n" if extra else ""
    if cuda:
        condition = " and ".join(["torch.cuda.is_available()", *(f'importlib.util.find_spec("{m}")' for m in extra)])
        text = f"{head}import torch\n\nif {condition}:\n{body}\nelse:\n{skip}"
    else:
        text = f"import torch\n\nif torch.cuda.is_available():\n{skip}\nelse:\n{body}"
    compile(text, str(block), "exec")
    return text


def _multiline_strings(code: str):
    import io
    import tokenize

    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.STRING and tok.start[0] != tok.end[0]:
            yield tok


def _markdown_cells(text: str, page: str, site_url: str) -> list:
    """The page's prose in Markdown that Jupyter renders: no MkDocs extensions, links to the site."""
    text = _admonitions(text)
    out, pos = [], 0
    lines = text.splitlines()
    for fence in pages_.fences(text):  # prose between fences is rewritten; code in fences is kept
        out.append(_prose("\n".join(lines[pos : fence.line - 1]), page, site_url))
        lang = fence.lang.strip("{}.") if fence.lang else ""
        out.append("\n".join([f"{fence.indent}```{lang}", *fence.body, f"{fence.indent}```"]))
        pos = fence.end
    out.append(_prose("\n".join(lines[pos:]), page, site_url))
    source = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    if not source.strip():
        return []
    return [new_markdown_cell(source)]


def _admonitions(text: str) -> str:
    """`!!! note "Title"` and its indented body -> a block quote with the title in bold."""
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        m = ADMONITION.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        body, i = [], i + 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
            body.append(lines[i][4:])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        title = m.group("title") or m.group("kind").capitalize()
        out += [f"> **{title}**", ">"] + [f"> {line}".rstrip() for line in _admonitions("\n".join(body)).splitlines()] + [""]
    return "\n".join(out)


def _prose(text: str, page: str, site_url: str) -> str:
    text = COMMENT.sub("", text)  # marks, directives and output-region markers
    lines = []
    for line in text.splitlines():
        m = HEADING_ID.match(line)
        if m:  # keep the page's anchors, so links to #id still work
            line = f'{m.group("heading")} <a id="{m.group("id")}"></a>'
        lines.append(line)
    text = ATTR_LIST.sub("", "\n".join(lines))
    return LINK.sub(lambda m: m.group("open") + _absolute(m.group("target"), page, site_url) + m.group("close"), text)


def _absolute(target: str, page: str, site_url: str) -> str:
    """A link of the page, as an address that works from a downloaded notebook too."""
    if target.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    path, _, anchor = target.partition("#")
    path = normpath(join(dirname(page), path))
    url = page_url(path) if path.endswith(".md") else path
    return site_url + url + (f"#{anchor}" if anchor else "")


def _add_intro(cells: list, page: str, site_url: str, guarded: bool) -> None:
    """Under the title: where the notebook comes from, and what its outputs were made with."""
    first = cells[0]
    heading, _, rest = first.source.partition("\n")
    if first.cell_type != "markdown" or not heading.startswith("# "):
        heading, rest = "", ""
        cells.insert(0, first := new_markdown_cell(""))
    title = re.sub(r"\s*<a id=.*", "", heading[2:]) or "Home"
    versions = f"torch {version('torch')}, NumPy {version('numpy')} and Python {platform.python_version()}"
    intro = (
        f"*This notebook is the page [{title}]({site_url}{page_url(page)}) of the verified NumPy ⇄ PyTorch "
        f"guide, with each example as a code cell. Its outputs come from running it top to bottom with "
        f"{versions}, and the guide's tests check that they are the page's."
        + (" A cell that needs a GPU, or its absence, says so and skips where it cannot run." if guarded else "")
        + "*"
    )
    first.source = "\n\n".join(part for part in (heading, intro, rest.strip()) if part)
    _number_ids(cells)


def _number_ids(cells: list) -> None:
    """Stable, unique cell ids (nbformat makes random ones), so the same page gives the same bytes."""
    seen, n = set(), 0
    for cell in cells:
        if cell.cell_type == "markdown" and not cell.metadata.get("guide"):
            n += 1
            cell.id = f"text-{n}"
        while cell.id in seen:
            cell.id = cell.id[:60] + "-" + str(len(seen))
        seen.add(cell.id)


def dumps(nb) -> str:
    return nbformat.v4.writes(nb) + "\n"  # what nbformat.write writes, without validating again


def loads(text: str):
    return nbformat.v4.reads(text)  # a notebook this module wrote, read without validating again


# ------------------------------------------------------------------------------ execute


KERNELS = Path(__file__).with_name("kernels.py")  # how execute() starts a kernel (read, not imported: jupyter_client is slow to import)


@functools.cache
def _running_code() -> tuple[str, ...]:
    """The code that runs a notebook, read once per process: getting a function's source tokenizes its whole file
    (under the profiler, 1.6 CPU seconds for the 90 keys of a test run after an edit). No process outlives an edit
    of this package that it would miss: `make serve` watches the pages, not the package it has imported."""
    return (inspect.getsource(execute), KERNELS.read_text(encoding="utf-8"),
            inspect.getsource(zygote.fork_kernel), inspect.getsource(zygote.run_kernel))


def outputs_key(nb) -> str:
    """What a run's outputs depend on: the code cells, the interpreter and versions, the environment the cells see,
    and execute(). Not the variables only the build reads: the build (OFFLINE=false), the offline build and the tests
    share one run of each notebook."""
    return digest.content_hash(
        digest.interpreter(), digest.relevant_environment(examples_only=True), *_running_code(),
        *(c.source for c in nb.cells if c.cell_type == "code"),
    )


def cached_outputs(nb, root: Path) -> list | None:
    path = outputs_dir(root) / f"{outputs_key(nb)}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


class KernelDied(RuntimeError):
    pass


def execute(nb, root: Path) -> list:
    """Run a copy of the notebook in a fresh kernel (forked when it can be: kernels.py); cache and return each code
    cell's outputs.

    The kernel runs in an empty temporary directory (the %%writefile cells write there), with the
    environment of a block's second run (runner.environment: PYTHONHASHSEED=2): each cell is a
    second run of its block, beside the tests' first (tests/content/test_examples.py).
    A cell that raises does not stop the run; its error is among its outputs. A kernel that
    dies raises KernelDied naming the page and the block whose cell was running.
    """
    from nbclient import NotebookClient
    from traitlets.config import Config

    from .kernels import ZygoteKernelManager

    nb = copy.deepcopy(nb)
    running: list = []
    kernels: list = []  # the kernel's process, to say how it died: nbclient drops it on cleanup
    with tempfile.TemporaryDirectory() as tmp:
        config = Config()  # Unix sockets in the temporary directory: no TCP port, and no warning about one
        config.KernelManager.transport, config.KernelManager.ip = "ipc", os.path.join(tmp, "kernel")
        cwd = os.path.join(tmp, "cwd")  # beside the sockets and the log, not among them: empty, as a block's run
        os.mkdir(cwd)
        client = NotebookClient(
            nb, config=config, kernel_name="python3", timeout=BLOCK_TIMEOUT, allow_errors=True,
            kernel_manager_class=ZygoteKernelManager,  # forked from a process that imported numpy and torch
            coalesce_streams=True,  # one stdout output per cell, however the kernel flushed it
            resources={"metadata": {"path": cwd}},
            on_cell_execute=lambda cell, cell_index: running.append(cell),
            on_notebook_start=lambda notebook: kernels.append(getattr(getattr(client.km, "provisioner", None), "process", None)),
        )
        # What the kernel process itself prints (not its cells: those are outputs) is only
        # worth reading when it dies; otherwise it is shutdown noise from ipykernel.
        with open(os.path.join(tmp, "kernel.log"), "w+") as log:
            try:
                client.execute(stdout=log, stderr=log, env=environment(HASH_SEEDS[1]))
            except Exception as e:
                log.seek(0)
                page = nb.metadata.get("guide", {}).get("page", "a page")
                cell = running[-1] if running else None
                guide = cell.metadata.get("guide", {}) if cell is not None else {}
                block = next(iter(guide.values()), None)
                where = f"the cell of snippets/{block}" if block else f"cell {cell.id if cell is not None else '?'}"
                code = kernels[0].poll() if kernels and kernels[0] is not None else None
                how = f"the kernel was killed by {signal.Signals(-code).name} (signal {-code})" if code is not None and code < 0 else (
                    f"the kernel exited with status {code}" if code is not None else "the kernel died")
                cell_printed = printed(cell.get("outputs", [])) if cell is not None else ""
                raise KernelDied(
                    f"notebook of {page}: {how} while running {where} ({type(e).__name__}).\n"
                    f"The cell printed:\n{cell_printed or '(nothing)'}\nThe kernel process printed:\n{log.read()[-4000:] or '(nothing)'}"
                ) from e
    for cell in nb.cells:  # `!cmd` prints through a terminal, which ends lines with \r\n
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                out.text = out.text.replace("\r\n", "\n")
    found = [{"outputs": c.outputs, "execution_count": c.execution_count} for c in nb.cells if c.cell_type == "code"]
    if not any(errors(c["outputs"]) for c in found):  # a failed run is never reused
        outputs_dir(root).mkdir(parents=True, exist_ok=True)
        path = outputs_dir(root) / f"{outputs_key(nb)}.json"
        tmp_path = path.with_suffix(f".{os.getpid()}.tmp")
        tmp_path.write_text(json.dumps(found, sort_keys=True, indent=1), encoding="utf-8")
        tmp_path.replace(path)  # atomic: a reader never sees half a file
    return found


def execute_all(nbs: list, root: Path, workers: int | None = None) -> list[list]:
    """Run several notebooks at once, each in its own kernel."""
    workers = workers or max(1, min(len(nbs), os.cpu_count() or 1))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda nb: execute(nb, root), nbs))


def with_outputs(nb, outputs: list):
    """A copy of the notebook with the given outputs in its code cells."""
    nb = copy.deepcopy(nb)
    for cell, found in zip((c for c in nb.cells if c.cell_type == "code"), outputs, strict=True):
        cell.outputs = [nbformat.from_dict(o) for o in found["outputs"]]
        cell.execution_count = found["execution_count"]
    return nb


def errors(outputs: list) -> list[str]:
    return ["\n".join(o.get("traceback", [])) or o.get("ename", "") for o in outputs if o["output_type"] == "error"]


def printed(outputs: list, stream: str = "stdout") -> str:
    return "".join(o["text"] for o in outputs if o["output_type"] == "stream" and o["name"] == stream)


# ------------------------------------------------------------------------------ all pages


def notebooks(root: Path, selected: list[Path] | None = None) -> dict[str, object]:
    """{page: notebook} for every page (or the selected ones) with a Python block (made, or kept: `made`)."""
    markdown = functools.cache(lambda: pages_.load_markdown(root))
    url = site_url(root)
    found = {}
    for page in selected or pages(root):
        nb = made(page, root, url, markdown)
        if nb is not None:
            found[page_name(root, page)] = nb
    return found


def site_url(root: Path) -> str:
    """site_url as MkDocs reads it from mkdocs.yml (SITE_URL through !ENV), ending with "/" as MkDocs' validation
    makes it: the address a notebook links the guide at. Read without loading MkDocs' configuration, which imports
    every plugin."""
    from urllib.parse import urlsplit, urlunsplit

    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        url = yaml_load(f).get("site_url") or ""
    parts = urlsplit(url)
    return url if not url or parts.path.endswith("/") else urlunsplit(parts._replace(path=parts.path + "/"))


def main(argv: list[str]) -> int:
    import time

    root = project_root()
    start = time.perf_counter()
    nbs = notebooks(root, [Path(p).resolve() for p in argv] or None)
    missing = {page: nb for page, nb in nbs.items() if cached_outputs(nb, root) is None}
    failed_any = False
    for page, outputs in zip(missing, execute_all(list(missing.values()), root)):
        failed = [e for c in outputs for e in errors(c["outputs"])]
        failed_any |= bool(failed)
        print(f"docs/{page}: {'ran' if not failed else 'FAILED'}" + ("\n" + "\n".join(failed) if failed else ""))
    print(f"{len(nbs)} notebooks, {len(missing)} run, in {time.perf_counter() - start:.1f} s")
    return 1 if failed_any else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
