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


@pytest.fixture(scope="session")
def server(site):
    """The built site on 127.0.0.1, gzipped as a web host serves it (bench/pages.py's server)."""
    result, site_dir = site
    assert result.returncode == 0, result.stderr
    base, httpd = load_bench("pages").serve(site_dir)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def site_assets(site) -> bytes:
    """Everything besides a page's HTML that its look and behaviour depend on (for tests/reuse.py keys)."""
    import reuse

    _, site_dir = site
    return reuse.source(*sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix != ".html"))


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without the networking flags Chromium calls home, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing browser must never pass as a skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
