import os
import subprocess
import sys
from pathlib import Path

import pytest

# GUIDE_ROOT points the suite at another tree; the harness's own tests use it.
ROOT = Path(os.environ.get("GUIDE_ROOT", Path(__file__).resolve().parents[1]))


def load_bench(name: str):
    """bench/<name>.py as a module: it imports only the standard library, so this is fast."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", Path(__file__).parents[1] / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # for dataclasses, which look their module up
    spec.loader.exec_module(module)
    return module


def build(root: Path, site_dir: Path, *, offline: bool = False) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `root` into `site_dir` (offline: for file:// use)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, capture_output=True, text=True, env=env,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site, built once for the session: (build result, site directory)."""
    site_dir = tmp_path_factory.mktemp("site")
    return build(ROOT, site_dir), site_dir


def pytest_addoption(parser):
    parser.addoption(
        "--require-cuda",
        action="store_true",
        help="fail, instead of skipping, the blocks marked cuda when CUDA is unavailable (for the GPU runner)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "cuda: a page block that needs CUDA (select with -m cuda)")
    config.addinivalue_line("markers", "browser: drives Chromium against the built site")
    if config.getoption("--require-cuda"):
        os.environ["REQUIRE_CUDA"] = "1"  # read by harness.skip_reason, also in `make outputs`


def pytest_terminal_summary(terminalreporter):
    import reuse

    if reuse.reused:
        terminalreporter.write_line(
            f"{len(reuse.reused)} checks passed before with byte-identical inputs and were not rerun "
            "(make test-fresh reruns everything)"
        )
    gpu = [r for r in terminalreporter.stats.get("skipped", []) if ("needs_cuda", True) in r.user_properties]
    if gpu:
        terminalreporter.write_line(f"{len(gpu)} GPU blocks skipped: CUDA is not available here (the GPU job runs them)")
