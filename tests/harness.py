"""Find every Python block on every page, expand it as MkDocs does, run it as pasted.

Used by the tests (tests/test_pages.py) and by `make outputs`:

    python tests/harness.py --update [docs/some/page.md ...]

re-runs the blocks and rewrites the expected-output blocks on the pages.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dataclasses
import difflib
import importlib
import io
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

# Ask NVML, not the CUDA runtime, whether a GPU exists: a CUDA runtime initialised in
# this process would make CUDA unusable in the forked children that run the blocks.
os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")

import numpy  # noqa: F401  imported once here so each forked block starts fast
import torch
from pytest_codeblocks.main import extract_from_buffer, stdout_io

ROOT = Path(__file__).resolve().parents[1]
BLOCK_TIMEOUT = 120  # seconds; a block that hangs fails instead of stalling the suite

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_LANG = re.compile(r"^\{?\.?(py|python\d?|py\d|pycon|pyi|pytb|ipython\d?|sage)\b", re.I)
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<target>[^"']+)\1[ \t]*$""")
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODEBLOCKS_DIRECTIVE = re.compile(r"<!--[-\s]*pytest-codeblocks:(?P<keyword>.*?)-->")
SECTION_START = re.compile(r"#\s*-{1,}8<-{1,}\s*\[\s*start\s*:\s*(?P<name>[a-z][-_0-9a-z]*)\s*\]")

# Marks a page may put before a block, each with a reason the reader can see on the page.
MARKS = {
    "no_output": "the block runs, but its output is not compared",
    "cuda": "skipped unless CUDA is available",
    "no_cuda": "skipped when CUDA is available (the output is a machine without one)",
    "skip": "not run",
    "script": "runs as `python file.py` in a new interpreter (for multiprocessing on spawn platforms)",
}

# The warning filters of a fresh `python` (3.11): pytest's own must not leak into blocks.
FRESH_WARNING_FILTERS = [
    ("default", None, DeprecationWarning, "__main__", 0),
    ("ignore", None, DeprecationWarning, None, 0),
    ("ignore", None, PendingDeprecationWarning, None, 0),
    ("ignore", None, ImportWarning, None, 0),
    ("ignore", None, ResourceWarning, None, 0),
]


@dataclasses.dataclass
class Mark:
    name: str
    reason: str


@dataclasses.dataclass
class Block:
    page: str  # relative to docs/, e.g. "start/quickstart.md"
    line: int  # line of the opening fence in the page source
    target: str  # the include, e.g. "start/quickstart.py:dtype-is-kept"
    code: str  # exactly what the page shows
    first_line: int  # line of the code's first line in the snippet file
    expected: str | None
    marks: list[Mark]

    @property
    def snippet(self) -> str:
        return self.target.partition(":")[0]

    def __str__(self) -> str:  # the pytest id: page and snippet
        return f"{self.page}::{self.target}"


@dataclasses.dataclass
class Fence:
    line: int  # 1-based
    indent: str
    info: str
    body: list[str]
    end: int  # line of the closing fence
    char: str  # ` or ~

    @property
    def lang(self) -> str:
        return self.info.strip().split(" ")[0] if self.info.strip() else ""


class PageError(Exception):
    """A page breaks a rule of the harness; the message names the file and line."""


def fences(text: str) -> list[Fence]:
    """Every fenced block of a Markdown source, with 1-based line numbers."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            mark = m.group("fence")
            closer = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
            j = i + 1
            while j < len(lines) and not closer.match(lines[j]):
                j += 1
            found.append(Fence(i + 1, m.group("indent"), m.group("info"), lines[i + 1 : j], j + 1, mark[0]))
            i = j
        i += 1
    return found


def is_python(fence: Fence) -> bool:
    return bool(PYTHON_LANG.match(fence.lang))


def load_markdown(root: Path = ROOT):
    """A Markdown instance configured exactly as mkdocs.yml configures MkDocs."""
    from markdown import Markdown
    from mkdocs.config import load_config

    with contextlib.redirect_stderr(io.StringIO()), contextlib.chdir(root):  # base_path is relative to root
        config = load_config(str(root / "mkdocs.yml"))
        return Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def expand(page: Path, markdown, root: Path = ROOT) -> str:
    """The page with every `--8<--` include replaced, by the pymdownx.snippets preprocessor."""
    from pymdownx.snippets import SnippetMissingError

    source = page.read_text(encoding="utf-8")
    markdown.reset()
    try:
        with contextlib.chdir(root):
            return "\n".join(markdown.preprocessors["snippet"].run(source.splitlines())) + "\n"
    except SnippetMissingError as err:
        line = next(
            (n for n, text in enumerate(source.splitlines(), 1) if "8<" in text and _quoted(err) in text),
            1,
        )
        raise PageError(f"{page}:{line}: broken include: {err}") from None


def _quoted(err: Exception) -> str:
    m = re.search(r"'([^']*)'", str(err))
    return m.group(1) if m else "8<"


def parse_mark(text: str, where: str) -> Mark:
    try:
        call = ast.parse(text, mode="eval").body
        assert isinstance(call, ast.Call)
        name = ast.unparse(call.func).removeprefix("pytest.mark.")
        reason = next(k.value.value for k in call.keywords if k.arg == "reason")
        assert name in MARKS and isinstance(reason, str) and reason.strip()
    except (SyntaxError, AssertionError, StopIteration, AttributeError):
        allowed = ", ".join(f'pytest.mark.{m}(reason="...")' for m in MARKS)
        raise PageError(f"{where}: unknown or reason-less mark <!--{text}-->; use one of {allowed}") from None
    return Mark(name, reason)


def section_start(root: Path, target: str) -> int:
    """Line in the snippet file of the first line of the included section."""
    path, _, section = target.partition(":")
    for n, text in enumerate((root / "snippets" / path).read_text(encoding="utf-8").splitlines(), 1):
        m = SECTION_START.search(text)
        if m and m.group("name") == section:
            return n + 1
    return 1


def check_raw(page: Path, source: str) -> list[Fence]:
    """Rules on the page source; returns its Python fences in order."""
    problems, python = [], []
    for fence in fences(source):
        where = f"{page}:{fence.line}"
        includes = [INCLUDE.match(line) for line in fence.body if line.strip()]
        if not is_python(fence):
            if any(m and m.group("target").partition(":")[0].endswith(".py") for m in includes):
                problems.append(f"{where}: a .py snippet in a ```{fence.info.strip()} block is never run; use ```python")
            continue
        if fence.info.strip() != "python" or fence.char != "`":
            problems.append(
                f"{where}: ```{fence.info.strip()} is not collected by pytest-codeblocks; "
                "write the fence as exactly ```python (no title or other attributes, no ~~~)"
            )
        elif len(includes) != 1 or not includes[0]:
            problems.append(
                f"{where}: Python written inline in a page; move it to snippets/ as a named section "
                'and include it with --8<-- "<section>/<topic>.py:<name>"'
            )
        elif ":" not in includes[0].group("target"):
            problems.append(f"{where}: include a named section of the snippet file (\"file.py:name\"), not the whole file")
        else:
            python.append(fence)
    for m in CODEBLOCKS_DIRECTIVE.finditer(source):
        if m.group("keyword").strip("- ") != "expected-output":
            line = source.count("\n", 0, m.start()) + 1
            problems.append(
                f"{page}:{line}: <!--pytest-codeblocks:{m.group('keyword')}--> is not allowed here: "
                "every block runs alone, and skips use a mark with a visible reason"
            )
    if problems:
        raise PageError("\n".join(problems))
    return python


def page_blocks(page: Path, markdown, root: Path = ROOT, need_outputs: bool = True) -> list[Block]:
    """The page's Python blocks, as pytest-codeblocks extracts them from the expanded page."""
    source = page.read_text(encoding="utf-8")
    rel = page.relative_to(root / "docs").as_posix()
    raw = check_raw(page, source)
    try:
        extracted = [b for b in extract_from_buffer(io.StringIO(expand(page, markdown, root))) if b.syntax == "python"]
    except RuntimeError as err:  # pytest-codeblocks' own complaints (stray marker, unclosed fence)
        raise PageError(f"{page}: {err}") from None
    if len(extracted) != len(raw):
        raise PageError(f"{page}: found {len(raw)} ```python fences but pytest-codeblocks extracted {len(extracted)}")
    visible = COMMENT.sub("", source)
    blocks = []
    for fence, found in zip(raw, extracted):
        target = next(INCLUDE.match(line) for line in fence.body if line.strip()).group("target")
        marks = [parse_mark(text, f"{page}:{fence.line}") for text in found.marks]
        for mark in marks:
            if mark.reason not in visible:
                raise PageError(
                    f"{page}:{fence.line}: the reason of mark '{mark.name}' must also be written on the page "
                    f"where the reader sees it: {mark.reason!r}"
                )
        if need_outputs and found.expected_output is None and not marks:
            raise PageError(
                f"{page}:{fence.line}: {target} has no <!--pytest-codeblocks:expected-output--> block; "
                "run `make outputs` to add it, or mark the block with a visible reason"
            )
        first = section_start(root, target)
        blocks.append(Block(rel, fence.line, target, found.code, first, found.expected_output, marks))
    return blocks


def pages(root: Path = ROOT) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def collect(root: Path = ROOT) -> tuple[list[Block], list[str]]:
    """All blocks of all pages, and the problems that stop a page from being tested."""
    markdown = load_markdown(root)
    blocks, problems = [], []
    for page in pages(root):
        try:
            blocks += page_blocks(page, markdown, root)
        except PageError as err:
            problems.append(str(err))
    return blocks, problems


def orphans(blocks: list[Block], root: Path = ROOT) -> list[str]:
    """Snippet files, and sections in them, that no page shows."""
    shown = {b.target for b in blocks}
    found = []
    for path in sorted((root / "snippets").rglob("*.py")):
        rel = path.relative_to(root / "snippets").as_posix()
        sections = [m.group("name") for m in SECTION_START.finditer(path.read_text(encoding="utf-8"))]
        if not sections:
            found.append(f"snippets/{rel}: no page includes this file (it has no --8<-- sections)")
        found += [f"snippets/{rel}: section '{s}' is not included by any page" for s in sections if f"{rel}:{s}" not in shown]
    return found


@dataclasses.dataclass
class Result:
    output: str
    error: str | None  # a traceback, or why the block could not finish


def run(block: Block, root: Path = ROOT, timeout: float = BLOCK_TIMEOUT) -> Result:
    """Run a block as if pasted into a fresh `python`, in a child forked from this process.

    The parent has imported numpy and torch but run nothing, so the child starts with
    fresh defaults, seeds and once-per-process warnings. stdout and stderr go to one
    stream, as in a terminal. Line numbers in a traceback are those of the snippet file.
    """
    filename = f"snippets/{block.snippet}"
    if any(m.name in ("script", "cuda") for m in block.marks):  # cuda: a fresh process, to be safe
        return run_script(block, root, timeout)
    code = compile("\n" * (block.first_line - 1) + block.code, filename, "exec")
    with tempfile.TemporaryFile() as out:
        status_r, status_w = os.pipe()
        sys.stdout.flush(), sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(status_r)
                os.chdir(root)
                os.dup2(out.fileno(), 1), os.dup2(out.fileno(), 2)
                stream = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
                sys.stderr = stream
                sys.stdin = open(os.devnull)
                importlib.reload(warnings)  # undo pytest's capture of warnings...
                warnings.filters[:] = FRESH_WARNING_FILTERS  # ...and its filters
                error = ""
                with stdout_io(stream):
                    try:
                        exec(code, {"__name__": "__main__", "__builtins__": builtins})
                    except SystemExit as exc:
                        if exc.code not in (None, 0):
                            error = f"SystemExit: {exc.code}"
                    except BaseException as exc:
                        error = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
                stream.flush()
                os.write(status_w, error.encode() or b"ok")
            finally:
                os._exit(0)
        os.close(status_w)
        ready, _, _ = select.select([status_r], [], [], timeout)
        status = os.read(status_r, 1 << 20).decode() if ready else None
        if status is None:
            os.kill(pid, signal.SIGKILL)
        os.close(status_r)
        _, code_ = os.waitpid(pid, 0)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if status is None:
        return Result(output, f"timed out after {timeout:.0f} s")
    if status == "":
        return Result(output, f"the process died ({'signal ' + str(-code_) if code_ < 0 else 'exit ' + str(code_)})")
    return Result(output, None if status == "ok" else status)


def run_script(block: Block, root: Path, timeout: float) -> Result:
    """Run a block as a script file in a new interpreter: spawned workers can import it."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "snippets" / block.snippet
        script.parent.mkdir(parents=True)
        script.write_text("\n" * (block.first_line - 1) + block.code, encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, str(script)], cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired as err:
            return Result((err.output or b"").decode(), f"timed out after {timeout:.0f} s")
    output = done.stdout.replace(f"{tmp}/", "")  # tracebacks name snippets/<file>.py, as for other blocks
    if done.returncode:
        head, sep, tb = output.partition("Traceback (most recent call last):")
        return Result(head, (sep + tb) or f"exit status {done.returncode}")
    return Result(output, None)


def skip_reason(block: Block) -> str | None:
    """Why this machine does not run the block, or None."""
    names = {mark.name: mark.reason for mark in block.marks}
    if "skip" in names:
        return names["skip"]
    if "cuda" in names and not torch.cuda.is_available():
        if os.environ.get("REQUIRE_CUDA") == "1":
            raise RuntimeError(f"{block}: REQUIRE_CUDA=1 but torch.cuda.is_available() is False")
        return names["cuda"]
    if "no_cuda" in names and torch.cuda.is_available():
        return names["no_cuda"]
    return None


def diff(block: Block, actual: str) -> str:
    lines = difflib.unified_diff(
        (block.expected or "").splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"expected (docs/{block.page}, block at line {block.line})",
        tofile=f"actual (snippets/{block.target})",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of output\n" for line in lines)


def rewrite_outputs(page: Path, outputs: dict[int, str]) -> bool:
    """Replace (or add) the expected-output block after each fence line in `outputs`."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    by_line = {f.line: f for f in fences("".join(lines))}
    for fence_line in sorted(outputs, reverse=True):  # bottom-up keeps line numbers valid
        fence, text = by_line[fence_line], outputs[fence_line]
        pad = fence.indent
        body = [pad + line if line.strip() else line for line in text.splitlines(keepends=True)]
        nxt = fence.end  # index of the line after the closing fence
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt < len(lines) and "pytest-codeblocks:expected-output" in lines[nxt]:
            out_fence = min((f for f in by_line.values() if f.line > nxt + 1), key=lambda f: f.line)
            lines[out_fence.line : out_fence.end - 1] = body
        else:
            lines[fence.end : fence.end] = [
                "\n",
                f"{pad}<!--pytest-codeblocks:expected-output-->\n",
                "\n",
                f'{pad}```text title="Output"\n',
                *body,
                f"{pad}```\n",
            ]
    new = "".join(lines)
    changed = new != page.read_text(encoding="utf-8")
    if changed:  # an unchanged page keeps its mtime: `make serve` rebuilds nothing for it
        page.write_text(new, encoding="utf-8")
    return changed


def update(selected: list[str], root: Path = ROOT) -> int:
    """`make outputs`: run every block (of the selected pages) and rewrite its output."""
    markdown = load_markdown(root)
    failed = 0
    wanted = {Path(p).resolve() for p in selected}
    for page in pages(root):
        if wanted and page.resolve() not in wanted:
            continue
        try:
            blocks = page_blocks(page, markdown, root, need_outputs=False)
        except PageError as err:
            print(err, file=sys.stderr)
            failed += 1
            continue
        outputs = {}
        for block in blocks:
            if skip_reason(block) or any(m.name == "no_output" for m in block.marks):
                continue
            result = run(block, root)
            if result.error:
                print(f"docs/{block.page}:{block.line}: {block.target} raised; output not rewritten\n{result.error}", file=sys.stderr)
                failed += 1
                continue
            if result.output and not result.output.endswith("\n"):
                result.output += "\n"
            outputs[block.line] = result.output
        if outputs and rewrite_outputs(page, outputs):
            print(f"rewrote docs/{page.relative_to(root / 'docs').as_posix()}")
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "--update":
        sys.exit("usage: python tests/harness.py --update [docs/page.md ...]")
    start = time.perf_counter()
    status = update(args[1:])
    print(f"outputs refreshed in {time.perf_counter() - start:.1f} s; review them with `git diff docs/`")
    sys.exit(status)
