"""Every Python block on every page runs as pasted and prints what the page says.

The tests are named from the page sources (cheap); the pages are expanded, and their
rules applied, once, when the first test runs. A block that breaks a rule fails on its
own, with the page and line; the page's other blocks still run.

Each block runs twice, under two hash seeds (runner.run_twice), unless its page's notebook
test runs in the same session: then its cell there, in a kernel under the second seed and in
an empty directory, is its second run (notebooks.execute), and the notebook test judges it.
The DataLoader scripts, the slowest blocks, run twice instead of three times.
"""

import dataclasses
import functools

import pytest

from verified_guide import notebooks, outputs, pages, records, runner
from verified_guide.paths import project_root

ROOT = project_root()
NOTEBOOK_TEST = "test_notebook_runs_in_a_fresh_kernel_and_prints_the_page"  # tests/content/test_notebooks.py


@pytest.fixture(scope="session")
def notebooks_tested(request) -> set[str]:
    """The pages whose notebook test this session runs."""
    return {item.callspec.params["page"] for item in request.session.items if getattr(item, "originalname", None) == NOTEBOOK_TEST}


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
def test_block(page, line, record_property, request, notebooks_tested):
    by_place, problems = collected()
    block = by_place.get((page, line))
    if block is None:
        mine = [p for p in problems if p.startswith(f"docs/{page}:{line}:")]
        pytest.fail("\n".join(mine) or f"docs/{page}:{line}: this block was not collected", pytrace=False)
    if reason := runner.skip_reason(block):
        record_property("needs_cuda", "cuda" in {m.name for m in block.marks})
        pytest.skip(reason)
    second_in_notebook = page in notebooks_tested and notebooks.cell_runs_block(block)
    key = records.key(ROOT, block.target, str(block.first_line), block.code, block.expected or "", repr(block.marks), str(block.region),
                      "second run in the notebook" if second_in_notebook else "two runs")
    if records.passed_before(ROOT, key, request.node.nodeid):
        return
    first, second = (runner.run(block, ROOT), None) if second_in_notebook else runner.run_twice(block, ROOT)
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
