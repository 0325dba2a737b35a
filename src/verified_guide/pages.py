"""A page's code blocks, found and expanded exactly as MkDocs shows them, and the rules they follow.

Every Python example lives in snippets/<page>.py as a named section, and the page includes it:

    ```python
    --8<-- "start/quickstart.py:memory-is-shared"
    ```

The page is expanded with the pymdownx.snippets preprocessor configured as mkdocs.yml
configures it, and pytest-codeblocks' extractor reads the expanded page: each ```python
block and the Output block after it (`<!--pytest-codeblocks:expected-output-->` then a
fence), or, for a block that prints Markdown (a generated table), the region anywhere on
the page between `<!-- output "<snippet>:<section>" -->` and `<!-- end output -->`.

Nothing Python-like may escape the tests: a Python block spelled in a way pytest-codeblocks
does not collect, any fence whose Pygments lexer is Python or a Python console, an indented
code block, and a shell block that runs Python are each refused with the page and line. A
broken rule refuses that block only: the page's other blocks are still run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import os
import pickle
import re
import threading
from collections.abc import Callable
from pathlib import Path

from . import digest, records
from . import marks as marks_
from .paths import cache, page_name, pages

# One home for each pattern of the page and snippet syntax.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<target>[^"']+)\1[ \t]*$""")
INCLUDE_ANYWHERE = re.compile(r"""-{1,}8<-{1,}\s+["'](?P<target>[^"']+)["']""")
SECTION_START = re.compile(r"#\s*-{1,}8<-{1,}\s*\[\s*start\s*:\s*(?P<name>[a-z][-_0-9a-z]*)\s*\]")
COMMENT = re.compile(r"<!--.*?-->", re.S)
MARK = re.compile(r"^[ \t]*<!--[-\s]*(?P<text>pytest\.mark\..*?)-->[ \t]*$")
CODEBLOCKS_DIRECTIVE = re.compile(r"<!--[-\s]*pytest-codeblocks:(?P<keyword>.*?)-->")
OUTPUT_DIRECTIVE = "pytest-codeblocks:expected-output"
REGION_START = re.compile(r'^[ \t]*<!--\s*output\s+"(?P<target>[^"]+)"\s*-->[ \t]*$')
REGION_END = re.compile(r"^[ \t]*<!--\s*end output\s*-->[ \t]*$")
# A command line that starts Python: python, python3.11, .venv/bin/python, pypy3, ipython, py -3.
RUNS_PYTHON = re.compile(r"(?:^|[\s;&|(`$/])(?:python[0-9.]*|pypy[0-9.]*|ipython[0-9]*|py)(?=\s|$)", re.M)

# Lexer families, by Pygments class name (pymdownx.highlight picks the lexer the same way).
PYTHON_LEXERS = {
    "PythonLexer", "Python2Lexer", "PythonConsoleLexer", "NumPyLexer", "CythonLexer", "IPythonLexer",
    "IPython3Lexer", "IPythonConsoleLexer", "IPythonPartialTracebackLexer",
}
SHELL_LEXERS = {
    "BashLexer", "BashSessionLexer", "ShellSessionBaseLexer", "SlurmBashLexer", "TcshLexer", "TcshSessionLexer",
    "FishShellLexer", "PowerShellLexer", "PowerShellSessionLexer", "BatchLexer", "MSDOSSessionLexer",
    "ExeclineLexer",
}


@dataclasses.dataclass
class Fence:
    line: int  # 1-based line of the opening fence
    indent: str
    info: str
    body: list[str]
    end: int  # 1-based line of the closing fence
    char: str  # ` or ~

    @property
    def lang(self) -> str:
        """The language as pymdownx.superfences reads it: ```python, ``` python, ```{.python .extra}."""
        info = self.info.strip()
        if info.startswith("{"):
            m = re.match(r"\{\s*\.([\w+#.-]+)", info)
            return m.group(1) if m else ""
        return info.split(" ")[0] if info else ""

    @property
    def family(self) -> str:
        """"python", "shell" or "other", by the Pygments lexer the site highlights it with."""
        return lexer_family(self.lang)


@dataclasses.dataclass
class Block:
    page: str  # relative to docs/, e.g. "start/quickstart.md"
    line: int  # line of the opening fence in the page source
    target: str  # the include, e.g. "start/quickstart.py:dtype-is-kept"
    code: str  # exactly what the page shows
    first_line: int  # line of the code's first line in the snippet file
    expected: str | None  # the output the page shows, or None
    marks: list[marks_.Mark]
    region: bool = False  # its output is a Markdown region (a generated table), not an Output block

    @property
    def snippet(self) -> str:
        return self.target.partition(":")[0]

    @property
    def section(self) -> str:
        return self.target.partition(":")[2]

    def __str__(self) -> str:  # the pytest id: page and snippet
        return f"{self.page}::{self.target}"


@dataclasses.dataclass
class Page:
    """A page's blocks and the problems found on it (each naming the page and line)."""

    blocks: list[Block]
    problems: list[str]


class PageError(Exception):
    """A page breaks a rule; the message names the file and line."""


class InputsChanged(Exception):
    """A page, or a file it may include, changed while it was being read: what was read may mix two versions, so it is
    neither kept nor used (an editor writing the file in place, `make serve` reading it meanwhile). Read it again."""


def unchanged_since(page: Path, then: str, now: Callable[[], str], what: str) -> None:
    """Raise InputsChanged unless the digest of the page's inputs is `now()` still what it was (`then`) before `what`
    began (read_inputs for a page's reading, notebooks.made_key for its notebook). A file that changed and was put
    back in between (the same bytes again) is not seen; any other change is."""
    if now() != then:
        raise InputsChanged(f"{page} (or a file it includes) changed while {what}: read again once it is saved")


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


@functools.cache
def lexer_family(lang: str) -> str:
    if not lang:
        return "other"
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = type(get_lexer_by_name(lang))
    except ClassNotFound:
        return "other"
    names = {cls.__name__ for cls in lexer.__mro__}
    if names & PYTHON_LEXERS:
        return "python"
    if names & SHELL_LEXERS:
        return "shell"
    return "other"


# What of mkdocs.yml decides how a page is read: the Markdown extensions and their options.
MARKDOWN_OPTIONS = ("markdown_extensions", "mdx_configs")


def load_markdown(root: Path):
    """A Markdown instance configured exactly as mkdocs.yml configures MkDocs."""
    from markdown import Markdown

    extensions, configs = markdown_options(root)
    with contextlib.chdir(root):  # base_path is relative to root
        return Markdown(extensions=extensions, extension_configs=configs)


def markdown_options(root: Path) -> tuple[list, dict]:
    """mkdocs.yml's Markdown extensions and their options, as MkDocs validates them.

    Only those options are read and validated, by MkDocs' own schema (MARKDOWN_OPTIONS): loading the whole
    configuration would import every plugin (mkdocs-jupyter with nbconvert: 0.45 s of the 0.65 it takes here), which
    no page's reading needs. tests/tooling/test_rules.py holds them to what the whole configuration gives."""
    from mkdocs.config import base
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    schema = [(name, option) for name, option in MkDocsConfig._schema if name in MARKDOWN_OPTIONS]
    path = root / "mkdocs.yml"
    config = base.LegacyConfig(schema, config_file_path=str(path))
    with open(path, "rb") as fd:
        config.load_dict(yaml_load(fd, get_yaml_loader(config=config)))  # as MkDocsConfig.load_file does
    errors, _ = config.validate()  # its warnings: every other option, which this schema does not know
    if errors:
        raise Abort("mkdocs.yml: " + "; ".join(f"{name}: {error}" for name, error in errors))
    return config["markdown_extensions"], config["mdx_configs"]


def check_config(root: Path) -> list[str]:
    """Rules on mkdocs.yml that the page checks rely on."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    m = re.search(r"^([ \t]*)- pymdownx\.snippets:[ \t]*\n((?:\1[ \t]+.*\n?)*)", text, re.M)
    if not m:
        return ["mkdocs.yml: the pymdownx.snippets extension is not configured (`- pymdownx.snippets:` with its options)"]
    options = m.group(2)
    line = text.count("\n", 0, m.start()) + 1
    problems = []
    if not re.search(r"^\s*check_paths:\s*true\b", options, re.M):
        problems.append(
            f"mkdocs.yml:{line}: pymdownx.snippets needs `check_paths: true`: without it a missing "
            "include vanishes from the page silently, and the example it names is never shown or run"
        )
    if not re.search(r"^\s*base_path:\s*\[?\s*snippets\s*\]?\s*$", options, re.M):
        problems.append(f"mkdocs.yml:{line}: pymdownx.snippets needs `base_path: [snippets]`: examples live in snippets/")
    return problems


def expand(page: Path, markdown, root: Path) -> str:
    """The page with every `--8<--` include replaced, by the pymdownx.snippets preprocessor."""
    from pymdownx.snippets import SnippetMissingError

    source = page.read_text(encoding="utf-8")
    markdown.reset()
    try:
        with contextlib.chdir(root):
            return "\n".join(markdown.preprocessors["snippet"].run(source.splitlines())) + "\n"
    except SnippetMissingError as err:
        m = re.search(r"'([^']*)'", str(err))
        quoted = m.group(1) if m else "8<"
        line = next((n for n, text in enumerate(source.splitlines(), 1) if "8<" in text and quoted in text), 1)
        raise PageError(f"{page}:{line}: broken include: {err}") from None


def section_start(root: Path, target: str) -> int:
    """Line in the snippet file of the first line of the included section (1 if not found)."""
    path, _, section = target.partition(":")
    file = root / "snippets" / path
    if not file.is_file():
        return 1
    for n, text in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        m = SECTION_START.search(text)
        if m and m.group("name") == section:
            return n + 1
    return 1


def _marks_above(lines: list[str], fence: Fence) -> list[tuple[int, str]]:
    """The mark comments directly above a fence (blank lines allowed between): (line, text)."""
    found, i = [], fence.line - 2
    while i >= 0 and (not lines[i].strip() or MARK.match(lines[i])):
        if m := MARK.match(lines[i]):
            found.insert(0, (i + 1, m.group("text")))
        i -= 1
    return found


def _parsed_marks(lines: list[str], fence: Fence) -> list[marks_.Mark]:
    found = []
    for _, text in _marks_above(lines, fence):
        with contextlib.suppress(marks_.MarkError):
            found.append(marks_.parse(text))
    return found


def _output_after(lines: list[str], fence: Fence, all_fences: dict[int, Fence]) -> Fence | None:
    """The Output fence that follows `<!--pytest-codeblocks:expected-output-->` after this fence, if any."""
    i = fence.end  # index of the line after the closing fence
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and OUTPUT_DIRECTIVE in lines[i]:
        return next((f for n, f in sorted(all_fences.items()) if n > i + 1), None)
    return None


def regions(source: str) -> tuple[dict[str, tuple[int, int, str]], list[str]]:
    """Markdown output regions: {target: (line of the start marker, line of the end marker, text)}, problems."""
    lines = source.splitlines()
    found, problems, i = {}, [], 0
    while i < len(lines):
        m = REGION_START.match(lines[i])
        if m:
            j = i + 1
            while j < len(lines) and not REGION_END.match(lines[j]) and not REGION_START.match(lines[j]):
                j += 1
            if j == len(lines) or REGION_START.match(lines[j]):
                problems.append(f"line {i + 1}: <!-- output \"{m.group('target')}\" --> has no <!-- end output --> after it")
                i += 1
                continue
            body = lines[i + 1 : j]
            if body and not body[0].strip():  # one blank line after the opening marker and before the closing one
                body = body[1:]
            if body and not body[-1].strip():
                body = body[:-1]
            if m.group("target") in found:
                problems.append(f"line {i + 1}: a second output region for {m.group('target')}")
            found[m.group("target")] = (i + 1, j + 1, "".join(line + "\n" for line in body))
            i = j
        i += 1
    return found, problems


def indented_code(text: str, markdown) -> list[str]:
    """The first line of each indented (unfenced) code block the page renders, admonitions and lists included."""
    from markdown.blockprocessors import CodeBlockProcessor

    processor = markdown.parser.blockprocessors["code"]
    found: list[str] = []
    original = processor.run

    def run(parent, blocks):
        if not processor.config.get("disable_indented_code_blocks", False) and CodeBlockProcessor.test(processor, parent, blocks[0]):
            lines = [line.strip() for line in blocks[0].splitlines() if line.strip() and "\x02" not in line]
            found.append(lines[0] if lines else "```")
        return original(parent, blocks)

    processor.run = run
    try:
        markdown.reset()
        markdown.convert(text)
    finally:
        processor.run = original
        markdown.reset()
    return found


# What read_page found, by page and by everything it reads (read_inputs): the tests, the notebooks and
# the browser checks each need a page's blocks, and expanding a page through Markdown is the slow part.
# Kept in this process, and on disk for the next one (stored_read): the build's notebooks and the next run.
_read: dict[tuple[str, bool, str], Page] = {}


def read_inputs(page: Path, root: Path) -> str:
    """A digest of all that reading a page depends on: its source, the snippet files it may include (includable) and
    mkdocs.yml (how Markdown is configured). An edited example reads again only the pages that may show it."""
    return digest.content_hash(page.read_bytes(), digest.files(root, root / "mkdocs.yml", *includable(page, root)))


def includable(page: Path, root: Path) -> list[Path]:
    """The snippet files that expanding the page can read, over-counted: every file of snippets/ whose file name appears
    (in any case) in the page, in mkdocs.yml (pymdownx.snippets' auto_append) or, in turn, in a file so found (a
    snippet that includes another). However an include is written (one line, a block of names, a path through `..`)
    it ends with the file's name; pymdownx.snippets reads only under its base_path, snippets/ (check_config), unless
    mkdocs.yml changes restrict_base_path or lets it download: then every file of snippets/ and docs/ counts."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").lower()
    candidates = sorted(p for p in (root / "snippets").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    if "restrict_base_path" in config or "url_download" in config:
        return candidates + sorted(p for p in (root / "docs").rglob("*") if p.is_file() and p != page)
    found, texts = [], [page.read_text(encoding="utf-8", errors="replace").lower(), config]
    while texts:
        text = texts.pop()
        for path in candidates:
            if path not in found and path.name.lower() in text:
                found.append(path)
                texts.append(path.read_text(encoding="utf-8", errors="replace").lower())
    return sorted(found)


def _read_key(page: Path, root: Path, need_outputs: bool) -> tuple[str, bool, str]:
    return str(page.resolve()), need_outputs, read_inputs(page, root)


def read_page(page: Path, markdown, root: Path, need_outputs: bool = True) -> Page:
    """The page's Python blocks, as pytest-codeblocks extracts them from the expanded page, and its problems.

    A problem refuses the block it is about; every other block of the page is kept. A page read
    before with the same inputs (read_inputs) is not read again; `markdown` may then be None.
    """
    key = _read_key(page, root, need_outputs)
    if key not in _read:
        stored = stored_read(root, page, need_outputs, key[2])
        if not records.fresh() and stored.is_file():
            _read[key] = pickle.loads(stored.read_bytes())
        else:
            found = _read_page(page, markdown if markdown is not None else load_markdown(root), root, need_outputs)
            # Else the reading would be kept under a key it does not match.
            unchanged_since(page, key[2], lambda: read_inputs(page, root), "it was being read")
            _read[key] = found
            stored.parent.mkdir(parents=True, exist_ok=True)
            written = stored.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
            written.write_bytes(pickle.dumps(_read[key]))
            written.replace(stored)  # whole or not at all: the build and the tests may read a page at once
    found = _read[key]
    return Page(list(found.blocks), list(found.problems))


def read_before(page: Path, root: Path, need_outputs: bool = True) -> bool:
    """Whether read_page can answer without Markdown: this process, or an earlier run (unless FRESH=1), read the page with the same inputs."""
    key = _read_key(page, root, need_outputs)
    return key in _read or (not records.fresh() and stored_read(root, page, need_outputs, key[2]).is_file())


def stored_read(root: Path, page: Path, need_outputs: bool, inputs: str) -> Path:
    """Where a page's reading is kept between runs: keyed, like a pass record (records.py), on what it reads, on the
    interpreter and every installed version (Markdown, pymdownx, pytest-codeblocks), the variables that can change a
    verdict and this package's files (these rules). FRESH=1 reads every page again."""
    name = digest.content_hash("pages.read_page", digest.interpreter(), digest.relevant_environment(), digest.package_sources(),
                                page_name(root, page), str(need_outputs), inputs)
    return cache(root) / "pages" / f"{name}.pickle"


def import_the_reader() -> None:
    """Import what reading a page needs besides Markdown, ahead of the first read (`make serve`, waiting for edits)."""
    import pytest_codeblocks.main  # noqa: F401


def _read_page(page: Path, markdown, root: Path, need_outputs: bool) -> Page:
    from pytest_codeblocks.main import extract_from_buffer

    source = page.read_text(encoding="utf-8")
    name = page_name(root, page)
    where = f"docs/{name}"
    lines = source.splitlines()
    problems: list[str] = []
    all_fences = fences(source)
    by_line = {f.line: f for f in all_fences}
    outputs = {f.line for fence in all_fences if (f := _output_after(lines, fence, by_line))}
    found_regions, region_problems = regions(source)
    problems += [f"{where}:{p.removeprefix('line ')}" for p in region_problems]

    runnable: set[int] = set()  # exactly ```python with one include of a section: the blocks the tests run
    for fence in all_fences:
        at = f"{where}:{fence.line}"
        includes = [INCLUDE.match(line) for line in fence.body if line.strip()]
        family = fence.family
        if fence.line in outputs:
            continue
        if family == "shell" and RUNS_PYTHON.search("\n".join(fence.body)):
            skip = [m for m in _parsed_marks(lines, fence) if m.name == "skip"]
            if skip and skip[0].reason not in COMMENT.sub("", source):
                problems.append(
                    f"{at}: the reason of mark 'skip' must also be written on the page where the reader sees it: "
                    f"{skip[0].reason!r}"
                )
            elif not skip:
                problems.append(
                    f"{at}: this ```{fence.lang} block runs Python, which the tests cannot check: show the code as a "
                    '```python block from snippets/ (mark it script if it needs `python file.py`), or mark this one '
                    '<!--pytest.mark.skip(reason="…")--> with the reason written on the page'
                )
            continue
        if family != "python":
            if any(m and m.group("target").partition(":")[0].endswith(".py") for m in includes):
                problems.append(f"{at}: a .py snippet in a ```{fence.info.strip()} block is never run; use ```python")
            continue
        if fence.info.strip() != "python" or fence.char != "`":
            problems.append(
                f"{at}: ```{fence.info.strip()} is highlighted as Python but not collected by pytest-codeblocks, so "
                "it would never run; write the fence as exactly ```python (no title or other attributes, no ~~~)"
            )
        elif len(includes) != 1 or not includes[0]:
            problems.append(
                f"{at}: Python written inline in a page; move it to snippets/ as a named section "
                'and include it with --8<-- "<section>/<topic>.py:<name>"'
            )
        elif ":" not in includes[0].group("target"):
            problems.append(f"{at}: include a named section of the snippet file (\"file.py:name\"), not the whole file")
        else:
            runnable.add(fence.line)

    for m in CODEBLOCKS_DIRECTIVE.finditer(source):
        if m.group("keyword").strip("- ") != "expected-output":
            line = source.count("\n", 0, m.start()) + 1
            problems.append(
                f"{where}:{line}: <!--pytest-codeblocks:{m.group('keyword')}--> is not allowed here: "
                "every block runs alone, and skips use a mark with a visible reason"
            )

    try:
        expanded = expand(page, markdown, root)
    except PageError as err:
        return Page([], problems + [str(err).replace(str(page), where, 1)])

    for first in indented_code(expanded, markdown):
        line = next((n for n, text in enumerate(lines, 1) if first and text.strip() == first), 0)
        problems.append(
            f"{where}:{line or '?'}: an indented code block ({first[:40]!r}…) is shown as code but never run; "
            "write it as a fence: ```python with an include from snippets/, or ```text if it is not code"
        )

    try:
        extracted = [b for b in extract_from_buffer(io.StringIO(expanded)) if b.syntax == "python"]
    except RuntimeError as err:  # pytest-codeblocks' own complaints (stray marker, unclosed fence)
        return Page([], problems + [f"{where}: {err}"])
    exact = [f for f in all_fences if f.info.strip() == "python" and f.char == "`" and f.line not in outputs]
    if len(extracted) != len(exact):
        return Page([], problems + [f"{where}: found {len(exact)} ```python fences but pytest-codeblocks extracted {len(extracted)}"])

    visible = COMMENT.sub("", source)
    blocks, shown_targets = [], set()
    for fence, found in zip(exact, extracted):
        if fence.line not in runnable:
            continue
        at = f"{where}:{fence.line}"
        target = next(INCLUDE.match(line) for line in fence.body if line.strip()).group("target")
        shown_targets.add(target)
        block_marks, bad = [], False
        for text in found.marks:
            try:
                block_marks.append(marks_.parse(text))
            except marks_.MarkError as err:
                problems.append(f"{at}: {err}")
                bad = True
        for mark in block_marks:
            if mark.kind.reason_on_page and mark.reason not in visible:
                problems.append(
                    f"{at}: the reason of mark '{mark.name}' must also be written on the page "
                    f"where the reader sees it: {mark.reason!r}"
                )
                bad = True
        if not found.code.strip():
            problems.append(
                f"{at}: {target} expands to nothing: is `check_paths: true` set for pymdownx.snippets in mkdocs.yml?"
            )
            bad = True
        expected, region = found.expected_output, False
        if target in found_regions:
            if expected is not None:
                problems.append(f"{at}: {target} has both an Output block and an output region; keep one")
                bad = True
            expected, region = found_regions[target][2], True
        if expected is not None and not marks_.compares_output(block_marks):
            which = next(m.name for m in block_marks if not m.kind.compares_output)
            problems.append(
                f"{at}: mark '{which}' switches off the comparison of {target}'s output, so the Output block under it "
                "would stay on the page unchecked; remove the Output block (or the mark)"
            )
            bad = True
        if need_outputs and expected is None and marks_.compares_output(block_marks) and not block_marks:
            problems.append(
                f"{at}: {target} has no <!--pytest-codeblocks:expected-output--> block; "
                "run `make outputs` to add it, or mark the block with a visible reason"
            )
            bad = True
        if not bad:
            blocks.append(
                Block(name, fence.line, target, found.code, section_start(root, target), expected, block_marks, region)
            )
    for target, (line, _, _) in found_regions.items():
        if target not in shown_targets:
            problems.append(f"{where}:{line}: output region for {target}, which is not a ```python block on this page")
    return Page(blocks, problems)


def page_blocks(page: Path, markdown, root: Path, need_outputs: bool = True) -> list[Block]:
    """The page's blocks; PageError with every problem when it has any (for callers that need the whole page)."""
    found = read_page(page, markdown, root, need_outputs)
    if found.problems:
        raise PageError("\n".join(found.problems))
    return found.blocks


def collect(root: Path) -> tuple[list[Block], list[str]]:
    """All valid blocks of all pages, and every problem found (mkdocs.yml's first)."""
    markdown = None  # made when a page must be read (read_page), once
    blocks, problems = [], check_config(root)
    for page in pages(root):
        if markdown is None and not read_before(page, root):
            markdown = load_markdown(root)
        found = read_page(page, markdown, root)
        blocks += found.blocks
        problems += found.problems
    return blocks, problems


def included_targets(root: Path) -> set[str]:
    """Every include written in a page's source, valid or not: what the pages mean to show."""
    return {
        m.group("target")
        for page in pages(root)
        for m in INCLUDE_ANYWHERE.finditer(page.read_text(encoding="utf-8"))
    }


def orphans(root: Path) -> list[str]:
    """Snippet files, and sections in them, that no page includes."""
    shown = included_targets(root)
    found = []
    for path in sorted((root / "snippets").rglob("*.py")):
        rel = path.relative_to(root / "snippets").as_posix()
        sections = [m.group("name") for m in SECTION_START.finditer(path.read_text(encoding="utf-8"))]
        if not sections:
            found.append(f"snippets/{rel}: no page includes this file (it has no --8<-- sections)")
        found += [f"snippets/{rel}: section '{s}' is not included by any page" for s in sections if f"{rel}:{s}" not in shown]
    return found


def quick_ids(root: Path) -> list[tuple[str, int, str, bool]]:
    """(page, line, target, marked cuda) of every ```python include, read from the page sources without expanding them.

    Cheap enough for test collection: the tests are named from this, and the expansion and
    the rules run when a test runs.
    """
    found = []
    for page in pages(root):
        source = page.read_text(encoding="utf-8")
        lines = source.splitlines()
        for fence in fences(source):
            if fence.info.strip() != "python" or fence.char != "`":
                continue
            includes = [INCLUDE.match(line) for line in fence.body if line.strip()]
            if len(includes) == 1 and includes[0]:
                cuda = any(text.startswith("pytest.mark.cuda(") for _, text in _marks_above(lines, fence))
                found.append((page_name(root, page), fence.line, includes[0].group("target"), cuda))
    return found
