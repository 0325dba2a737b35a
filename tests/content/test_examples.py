"""Every Python block on every page runs as pasted and prints what the page says.

The tests are named from the page sources (cheap); the pages are expanded, and their
rules applied, once, when the first test runs. A block that breaks a rule fails on its
own, with the page and line; the page's other blocks still run.

Each block runs twice, under two hash seeds (runner.run_twice), unless its page's notebook
test runs in the same session: then its cell there, in a kernel under the second seed and in
an empty directory, is its second run (notebooks.execute), and the notebook test judges it.
The DataLoader scripts, the slowest blocks, run twice instead of three times. The blocks run as
scripts start together when the first block's test runs, two at a time beside the others
(runner.start_script); each test waits for its own.
"""

import dataclasses
import functools

import pytest

from verified_guide import marks, notebooks, outputs, pages, records, runner
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


def second_in_notebook(block: pages.Block, notebooks_tested: set[str]) -> bool:
    """Whether the block's second run is its cell in its page's notebook, which this session's notebook test runs."""
    return block.page in notebooks_tested and notebooks.cell_runs_block(block)


def block_key(block: pages.Block, notebooks_tested: set[str]) -> str:
    return records.key(ROOT, block.target, str(block.first_line), block.code, block.expected or "", repr(block.marks), str(block.region),
                       "second run in the notebook" if second_in_notebook(block, notebooks_tested) else "two runs")


@pytest.fixture(scope="session")
def scripts_started(request, notebooks_tested) -> dict[str, runner.Started]:
    """node id -> the runs of each selected block that runs as a script and has not passed before, all started when
    the first block's test asks (runner.start_script: two at a time, at a lower priority, beside the blocks forked from
    the zygote). Those a run cut short never reached are cancelled."""
    by_place, _ = collected()
    started = {}
    for item in request.session.items:
        if getattr(item, "function", None) is not test_block:
            continue
        block = by_place.get((item.callspec.params["page"], item.callspec.params["line"]))
        if block is None or not marks.new_interpreter(block.marks):
            continue  # its test says why, or runs it itself
        try:
            if runner.skip_reason(block):
                continue
        except RuntimeError:  # a GPU required and missing: its test fails, saying so
            continue
        if not records.recorded(ROOT, block_key(block, notebooks_tested)):
            started[item.nodeid] = runner.start_script(block, ROOT, twice=not second_in_notebook(block, notebooks_tested))
    yield started
    for runs in started.values():
        runs.cancel()


@pytest.mark.parametrize(("page", "line"), [_param(*found) for found in pages.quick_ids(ROOT)])
def test_block(page, line, record_property, request, notebooks_tested, scripts_started):
    by_place, problems = collected()
    block = by_place.get((page, line))
    if block is None:
        mine = [p for p in problems if p.startswith(f"docs/{page}:{line}:")]
        pytest.fail("\n".join(mine) or f"docs/{page}:{line}: this block was not collected", pytrace=False)
    if reason := runner.skip_reason(block):
        record_property("needs_cuda", "cuda" in {m.name for m in block.marks})
        pytest.skip(reason)
    key = block_key(block, notebooks_tested)
    if records.passed_before(ROOT, key, request.node.nodeid):
        return
    if started := scripts_started.get(request.node.nodeid):
        first, second = started.result()
    else:
        first, second = runner.runs(block, ROOT, twice=not second_in_notebook(block, notebooks_tested))
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
