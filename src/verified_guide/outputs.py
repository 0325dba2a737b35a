"""Judge a block's runs against its page, and rewrite the outputs a page shows.

A block passes when both of its runs (runner.run_twice: two hash seeds, two empty
directories) finish, print the same thing, mention neither today's date nor the time,
and print exactly what the page shows. Where the second run is the block's cell in its
page's notebook (tests/content/test_examples.py), the notebook test judges that one.
`make outputs` runs the blocks the same way (both runs here) and writes what they print
into the page: an Output block under the block, or the Markdown region of a generated table.

    python -m verified_guide.outputs [docs/page.md ...]     # `make outputs [PAGES=…]`
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
import sys
import time
from pathlib import Path

from . import marks, runner
from .pages import Block, PageError, fences, load_markdown, page_blocks, regions
from .paths import page_name, pages, project_root


def diff(expected: str, actual: str, fromfile: str, tofile: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True), fromfile=fromfile, tofile=tofile)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of output\n" for line in lines)


def page_diff(block: Block, actual: str) -> str:
    return diff(block.expected or "", actual, f"expected (docs/{block.page}, block at line {block.line})", f"actual (snippets/{block.target})")


def mentions_now(output: str, now: datetime.datetime | None = None) -> str | None:
    """The part of the output that is today's date or the current time (yesterday and tomorrow too), or None.

    The current year standing alone counts too (`date.today().year`): a number that is not part
    of a longer one or of a float (`2026.` in a tensor is a float), as a year is printed.
    """
    now = now or datetime.datetime.now()
    days = (now - datetime.timedelta(days=1), now, now + datetime.timedelta(days=1))
    for day in days:
        formats = {
            day.strftime("%Y-%m-%d"), day.strftime("%Y/%m/%d"), day.strftime("%d.%m.%Y"), day.strftime("%m/%d/%Y"),
            day.strftime("%d/%m/%Y"), day.strftime("%a %b ") + f"{day.day:2d}", day.strftime("%b %d, %Y"),
            f"{day.day} {day.strftime('%B %Y')}", f"{day.day} {day.strftime('%b %Y')}", day.strftime("%B %d, %Y"),
        }
        for text in formats:
            if text in output:
                return text
    for year in sorted({str(day.year) for day in days}):
        if re.search(rf"(?<![\d.]){year}(?![\d.])", output):
            return year
    epoch = int(time.time())
    for m in re.finditer(r"\b1[6-9]\d{8}(?:\.\d+)?\b", output):  # a Unix time within a day of now
        if abs(float(m.group(0)) - epoch) < 86400:
            return m.group(0)
    return None


def differs_between_runs(first: str, second: str, note: str = "") -> str:
    """What to say of a block whose runs under the two hash seeds printed `first` and `second`, and the diff."""
    seeds = runner.HASH_SEEDS
    return (
        f"prints differently from one run to the next (PYTHONHASHSEED={seeds[0]} and {seeds[1]}, two fresh processes, "
        f"each in a new empty directory{note}). Seed random numbers, sort sets before printing them, print no "
        "addresses, times or file listings that depend on an earlier run:\n\n"
        + diff(first, second, f"run 1 (PYTHONHASHSEED={seeds[0]})", f"run 2 (PYTHONHASHSEED={seeds[1]})")
    )


def problems(block: Block, first: runner.Result, second: runner.Result | None) -> list[str]:
    """What is wrong with a block's two runs, each naming the page and line; [] when it passes.
    second None: the second run is judged elsewhere (its cell in the page's notebook)."""
    where = f"docs/{block.page}:{block.line}"
    for result in (first, second) if second is not None else (first,):
        if result.error:
            return [
                f"{where} shows snippets/{block.target}, which failed:\n\n{result.error}\noutput before the error:\n{result.output}"
            ]
    if not marks.compares_output(block.marks):
        return []  # its output is allowed to differ (the page says why)
    found = []
    if second is not None and first.output != second.output:
        found.append(f"{where}: snippets/{block.target} {differs_between_runs(first.output, second.output)}")
    if when := mentions_now(first.output):
        found.append(
            f"{where}: snippets/{block.target} prints today's date, the year or the current time ({when!r}): it would pass "
            "today and fail tomorrow. Print something that does not depend on the clock"
        )
    if found:
        return found
    if block.expected is None:
        return [
            f"{where}: no output of this block is recorded on the page yet; run `make outputs PAGES=docs/{block.page}` "
            f"where it runs (a GPU job's gpu-outputs.patch), review and commit it. It printed:\n\n{first.output}"
        ]
    if first.output != block.expected:
        return [
            f"{where}: printed output differs from the page (if the change is intended, run "
            f"`make outputs PAGES=docs/{block.page}` and review `git diff`):\n\n" + page_diff(block, first.output)
        ]
    return []


def rewrite_outputs(page: Path, outputs: dict[int, str], region_outputs: dict[str, str] | None = None) -> bool:
    """Replace (or add) the Output block after each fence line in `outputs`, and the text of each named region."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    edits = []  # (start index, end index, new lines), applied bottom-up so that line numbers stay valid
    by_line = {f.line: f for f in fences(text)}
    for fence_line, output in outputs.items():
        fence = by_line[fence_line]
        pad = fence.indent
        body = [pad + line if line.strip() else line for line in output.splitlines(keepends=True)]
        nxt = fence.end  # index of the line after the closing fence
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt < len(lines) and "pytest-codeblocks:expected-output" in lines[nxt]:
            out_fence = min((f for f in by_line.values() if f.line > nxt + 1), key=lambda f: f.line)
            edits.append((out_fence.line, out_fence.end - 1, body))
        else:
            edits.append((fence.end, fence.end, ["\n", f"{pad}<!--pytest-codeblocks:expected-output-->\n", "\n", f'{pad}```text title="Output"\n', *body, f"{pad}```\n"]))
    found, _ = regions(text)
    for target, output in (region_outputs or {}).items():
        start, end, _ = found[target]
        edits.append((start, end - 1, ["\n", *output.splitlines(keepends=True), "\n"]))
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = new
    new_text = "".join(lines)
    if new_text == text:  # an unchanged page keeps its mtime: `make serve` rebuilds nothing for it
        return False
    page.write_text(new_text, encoding="utf-8")
    return True


def update(selected: list[str], root: Path) -> int:
    """`make outputs`: run every block (of the selected pages) twice and write what it prints into its page."""
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
        outputs, region_outputs = {}, {}
        for block in blocks:
            if runner.skip_reason(block) or not marks.compares_output(block.marks):
                continue
            first, second = runner.run_twice(block, root)
            found = problems(dataclasses.replace(block, expected=first.output), first, second)
            if found:
                print("\n".join(found) + "\noutput not rewritten", file=sys.stderr)
                failed += 1
                continue
            output = first.output if not first.output or first.output.endswith("\n") else first.output + "\n"
            if block.region:
                region_outputs[block.target] = output
            else:
                outputs[block.line] = output
        if (outputs or region_outputs) and rewrite_outputs(page, outputs, region_outputs):
            print(f"rewrote docs/{page_name(root, page)}")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    status = update(argv, project_root())
    print(f"outputs refreshed in {time.perf_counter() - start:.1f} s; review them with `git diff docs/`")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
