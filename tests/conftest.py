import os
from pathlib import Path

import pytest

# GUIDE_ROOT points the suite at another tree; the harness's own tests use it.
ROOT = Path(os.environ.get("GUIDE_ROOT", Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_addoption(parser):
    parser.addoption(
        "--require-cuda",
        action="store_true",
        help="fail, instead of skipping, the blocks marked cuda when CUDA is unavailable (for the GPU runner)",
    )


def pytest_configure(config):
    if config.getoption("--require-cuda"):
        os.environ["REQUIRE_CUDA"] = "1"  # read by harness.skip_reason, also in `make outputs`


def pytest_terminal_summary(terminalreporter):
    gpu = [r for r in terminalreporter.stats.get("skipped", []) if ("needs_cuda", True) in r.user_properties]
    if gpu:
        terminalreporter.write_line(f"{len(gpu)} GPU blocks skipped: CUDA is not available here (the GPU job runs them)")
