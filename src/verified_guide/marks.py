"""The marks a page may put on the line above a block, and everything each one means.

A mark is an HTML comment in pytest's spelling, with a reason:

    <!--pytest.mark.no_output(reason="It prints a path that differs per machine.")-->

This module is the one place that says what a mark does: whether the block runs, where,
whether its output is compared, whether the page must show the reason, and what its cell
in the page's notebook looks like (notebooks.py reads `notebook`).
"""

from __future__ import annotations

import ast
import dataclasses


@dataclasses.dataclass(frozen=True)
class Kind:
    meaning: str
    runs: bool = True  # False: never run (skip)
    new_interpreter: bool = False  # runs as `python file.py`, not in a forked process
    compares_output: bool = True  # False: the page must not show an Output block for it
    reason_on_page: bool = True  # the reason must be words the reader sees on the page
    # How the page's notebook shows it: "cell", "script" (%%writefile, then run it),
    # "markdown" (not run), "cuda" / "no_cuda" (guarded by torch.cuda.is_available()).
    notebook: str = "cell"


KINDS: dict[str, Kind] = {
    "cuda": Kind(
        "runs only where CUDA is available, in a new interpreter (REQUIRE_CUDA=1 or --require-cuda makes a missing GPU an error)",
        new_interpreter=True,
        notebook="cuda",
    ),
    "no_cuda": Kind("runs only where CUDA is not available (its output is that of a machine without one)", notebook="no_cuda"),
    "no_output": Kind("runs, but its output is not compared; the page shows no Output block for it", compares_output=False),
    "skip": Kind("not run; the page shows no Output block for it", runs=False, compares_output=False, notebook="markdown"),
    "script": Kind(
        "runs as `python file.py` in a new interpreter (multiprocessing with spawn, `if __name__ == \"__main__\":`)",
        new_interpreter=True,
        notebook="script",
    ),
    "own_process": Kind(
        "runs in its own process in the page's notebook too, because it changes or depends on process-wide "
        "state (default dtype or device, warning filters, a warning PyTorch gives once per process); "
        "the notebook shows the reason",
        reason_on_page=False,
        notebook="script",
    ),
}


@dataclasses.dataclass(frozen=True)
class Mark:
    name: str
    reason: str

    @property
    def kind(self) -> Kind:
        return KINDS[self.name]


class MarkError(ValueError):
    pass


def parse(text: str) -> Mark:
    """`pytest.mark.<name>(reason="…")` -> Mark; MarkError saying what is allowed otherwise."""
    try:
        call = ast.parse(text.strip(), mode="eval").body
        assert isinstance(call, ast.Call) and not call.args
        name = ast.unparse(call.func).removeprefix("pytest.mark.")
        (reason,) = [k.value.value for k in call.keywords if k.arg == "reason"]
        assert name in KINDS and isinstance(reason, str) and reason.strip() and len(call.keywords) == 1
    except (SyntaxError, AssertionError, ValueError, AttributeError):
        allowed = ", ".join(f'pytest.mark.{m}(reason="...")' for m in KINDS)
        raise MarkError(f"unknown or reason-less mark <!--{text}-->; use one of {allowed}") from None
    return Mark(name, reason)


def names(marks: list[Mark]) -> set[str]:
    return {m.name for m in marks}


def runs(marks: list[Mark]) -> bool:
    return all(m.kind.runs for m in marks)


def new_interpreter(marks: list[Mark]) -> bool:
    return any(m.kind.new_interpreter for m in marks)


def compares_output(marks: list[Mark]) -> bool:
    return all(m.kind.compares_output for m in marks)


def notebook_form(marks: list[Mark]) -> str:
    """The one notebook form of a block: the first of markdown, script, cuda, no_cuda that a mark asks for."""
    forms = {m.kind.notebook for m in marks}
    return next((f for f in ("markdown", "script", "cuda", "no_cuda") if f in forms), "cell")


def reason(marks: list[Mark], name: str) -> str | None:
    return next((m.reason for m in marks if m.name == name), None)


def skip_reason(marks: list[Mark], cuda_available: bool, require_cuda: bool) -> str | None:
    """Why a machine with or without CUDA does not run the block, or None; a required, missing GPU raises."""
    if not runs(marks):
        return reason(marks, "skip")
    if "cuda" in names(marks) and not cuda_available:
        if require_cuda:
            raise RuntimeError("REQUIRE_CUDA=1 (--require-cuda) but torch.cuda.is_available() is False")
        return reason(marks, "cuda")
    if "no_cuda" in names(marks) and cuda_available:
        return reason(marks, "no_cuda")
    return None
