"""Every Python block on every page runs as pasted and prints what the page says.

The tests are named from the page sources (cheap); the pages are expanded, and their
rules applied, once, when the first test runs. A block that breaks a rule fails on its
own, with the page and line; the page's other blocks still run.
"""

import dataclasses
import functools

import pytest

from verified_guide import outputs, pages, records, runner
from verified_guide.paths import project_root

ROOT = project_root()


@functools.cache
def collected() -> tuple[dict[tuple[str, int], pages.Block], list[str]]:
    blocks, problems = pages.collect(ROOT)
    return {(b.page, b.line): b for b in blocks}, problems


def test_every_python_block_is_collected():
    """No page has a block that escapes the tests: every rule of pages.py holds on every page."""
    _, problems = collected()
    assert not problems, "\n\n".join(problems)


def test_every_snippet_is_shown_on_a_page():
    assert not (found := pages.orphans(ROOT)), "\n".join(found)


def _param(page: str, line: int, target: str, cuda: bool):
    # `pytest -m cuda` selects the GPU blocks (the GPU job runs only those).
    return pytest.param(page, line, marks=[pytest.mark.cuda] if cuda else [], id=f"{page}::{target}")


@pytest.mark.parametrize(("page", "line"), [_param(*found) for found in pages.quick_ids(ROOT)])
def test_block(page, line, record_property, request):
    by_place, problems = collected()
    block = by_place.get((page, line))
    if block is None:
        mine = [p for p in problems if p.startswith(f"docs/{page}:{line}:")]
        pytest.fail("\n".join(mine) or f"docs/{page}:{line}: this block was not collected", pytrace=False)
    if reason := runner.skip_reason(block):
        record_property("needs_cuda", "cuda" in {m.name for m in block.marks})
        pytest.skip(reason)
    key = records.key(ROOT, block.target, str(block.first_line), block.code, block.expected or "", repr(block.marks), str(block.region))
    if records.passed_before(ROOT, key, request.node.nodeid):
        return
    first, second = runner.run_twice(block, ROOT)
    found = outputs.problems(block, first, second)
    only_drifted = found and not outputs.problems(dataclasses.replace(block, expected=first.output), first, second)
    if only_drifted and request.config.getoption("--update-outputs"):
        written = first.output if first.output.endswith("\n") or not first.output else first.output + "\n"
        if block.region:
            outputs.rewrite_outputs(ROOT / "docs" / page, {}, {block.target: written})
        else:
            outputs.rewrite_outputs(ROOT / "docs" / page, {block.line: written})
        pytest.skip(f"--update-outputs: rewrote the output of docs/{page}:{line}; review `git diff docs/`")
    if found:
        pytest.fail("\n\n".join(found), pytrace=False)
    records.record_pass(ROOT, key)
