"""The suite's options, its summary lines, and the reuse of the tooling tests' passes (loaded by pytest through this package's entry point)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from . import digest, records
from .paths import project_root


def selects_every_test_in(config, target: Path) -> bool:
    """Whether the command line selects every test in the folder `target` (tests/conftest.py then starts the site's
    build before collecting): one of its paths is the folder or holds it, and no -k or -m narrows them."""
    if config.option.keyword or config.option.markexpr:
        return False
    target = target.resolve()
    return any(
        (path := (config.invocation_params.dir / arg).resolve()) == target or path in target.parents
        for arg in config.args if "::" not in arg
    )


def pytest_addoption(parser):
    group = parser.getgroup("verified_guide")
    group.addoption(
        "--require-cuda",
        action="store_true",
        help="fail, instead of skipping, the blocks marked cuda when CUDA is unavailable (for the GPU runner)",
    )
    group.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite the Output block (or output region) of each block whose page shows other than it prints",
    )
    group.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of the tooling tests (tests/tooling/golden) from what the tooling makes now",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "cuda: a page block that needs CUDA (select with -m cuda)")
    config.addinivalue_line("markers", "browser: drives Chromium against the built site")
    config.addinivalue_line("markers", "offline: reads the offline copy of the site (conftest.py starts its build early)")
    if config.getoption("--require-cuda"):
        os.environ["REQUIRE_CUDA"] = "1"  # read by runner.skip_reason, also in `make outputs`


def pytest_terminal_summary(terminalreporter):
    if records.reused:
        terminalreporter.write_line(
            f"{len(records.reused)} checks passed before with the same inputs, tooling and environment "
            "and were not rerun (make test-fresh reruns everything)"
        )
    gpu = [r for r in terminalreporter.stats.get("skipped", []) if ("needs_cuda", True) in r.user_properties]
    if gpu:
        terminalreporter.write_line(f"{len(gpu)} GPU blocks skipped: CUDA is not available here (the GPU job runs them)")


# The tests of the tooling read only the package, tests/, requirements.txt, pyproject.toml and
# mkdocs.yml (all in records.key), docs/assets (copied into their small trees) and .github (the
# workflow parser's cases): each one's pass is reused while none of these, the interpreter, the
# environment or CUDA has changed. Not while rewriting golden files.
@functools.cache
def _read_by_the_tooling_tests(root: Path) -> bytes:
    return digest.files(root, root / "docs" / "assets", root / ".github")


def _tooling_key(item) -> str | None:
    if not item.nodeid.startswith("tests/tooling/") or item.config.getoption("--update-golden"):
        return None
    root = project_root()
    return records.key(root, item.nodeid, _read_by_the_tooling_tests(root))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    key = _tooling_key(pyfuncitem)
    if key and records.passed_before(project_root(), key, pyfuncitem.nodeid):
        return True  # handled: passed before with this key


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call" and outcome.get_result().passed and (key := _tooling_key(item)):
        records.record_pass(project_root(), key)
