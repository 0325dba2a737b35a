"""`mkdocs build --strict` of a tree, as `make build` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build(root: Path, site_dir: Path, *, offline: bool = False) -> subprocess.CompletedProcess:
    """Build `root` into `site_dir` (offline: for file:// use); the result holds MkDocs' own messages."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, capture_output=True, text=True, env=env,
    )


def errors(result: subprocess.CompletedProcess) -> str:
    """MkDocs' warnings and errors, without its INFO lines."""
    lines = (result.stdout + result.stderr).splitlines()
    return "\n".join(line for line in lines if not line.startswith("INFO")) or "\n".join(lines[-20:])
