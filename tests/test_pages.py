"""Every Python block on every page runs as pasted and prints what the page says."""

from pathlib import Path

import pytest
import harness
import reuse
from conftest import ROOT

HARNESS = reuse.source(Path(harness.__file__))

BLOCKS, PROBLEMS = harness.collect(ROOT)


def test_every_python_block_is_collected():
    """No page has a Python block that escapes the tests."""
    assert not PROBLEMS, "\n\n".join(PROBLEMS)


def test_every_snippet_is_shown_on_a_page():
    assert not (found := harness.orphans(BLOCKS, ROOT)), "\n".join(found)


def _param(block: harness.Block):
    # `pytest -m cuda` selects the GPU blocks (the GPU job runs only those).
    marks = [pytest.mark.cuda] if any(m.name == "cuda" for m in block.marks) else []
    return pytest.param(block, marks=marks, id=str(block))


@pytest.mark.parametrize("block", [_param(b) for b in BLOCKS])
def test_block(block: harness.Block, record_property, request):
    if reason := harness.skip_reason(block):
        record_property("needs_cuda", any(m.name == "cuda" for m in block.marks))
        pytest.skip(reason)
    key = reuse.key(HARNESS, block.target, str(block.first_line), block.code, block.expected or "", repr(block.marks))
    if reuse.passed_before(key, request.node.nodeid):
        return
    result = harness.run(block, ROOT)
    if result.error:
        pytest.fail(
            f"docs/{block.page}:{block.line} shows snippets/{block.target}, which raised:\n\n"
            f"{result.error}\noutput before the error:\n{result.output}",
            pytrace=False,
        )
    if block.expected is None and not any(m.name == "no_output" for m in block.marks):
        pytest.fail(
            f"docs/{block.page}:{block.line}: no output of this block is recorded on the page yet; "
            f"run `make outputs PAGES=docs/{block.page}` where it runs (a GPU job's gpu-outputs.patch), "
            f"review and commit it. It printed:\n\n{result.output}",
            pytrace=False,
        )
    if not any(m.name == "no_output" for m in block.marks) and result.output != block.expected:
        pytest.fail(
            f"docs/{block.page}:{block.line}: printed output differs from the page "
            "(if the change is intended, run `make outputs` and review `git diff`):\n\n"
            + harness.diff(block, result.output),
            pytrace=False,
        )
    reuse.record_pass(key)
