"""The suite's options and summary lines (loaded by pytest through this package's entry point)."""

from __future__ import annotations

import os

from . import records


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
