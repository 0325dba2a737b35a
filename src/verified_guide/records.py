"""Records of passed checks, reused only while nothing that could change their verdict has changed.

A check's key (`key`) holds, besides what the check itself reads (a block's code and the
output its page shows, a page's built HTML, …):

- the Python implementation and version, the machine and its processor (model, extensions,
  cores: torch picks its kernels by them), and the version of every installed
  distribution (pins, and whatever else is in the environment);
- the environment variables that can change an output or a verdict (digest.EXAMPLES_ENVIRONMENT, digest.SUITE_ENVIRONMENT);
- whether CUDA is available;
- every file of this package and of tests/ (the verdict code: a weaker comparison, a new
  rule, a conftest.py change all rerun every check), requirements.txt, pyproject.toml and
  mkdocs.yml.

A fresh clone has no records and runs everything; `make test-fresh` (FRESH=1) ignores them.
A check records its pass only when it passed; a failure is never reused.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from . import digest

reused: list[str] = []  # node ids whose pass was reused, for the summary


@functools.cache
def _tooling(root: Path) -> bytes:
    return digest.files(root, root / "tests", root / "requirements.txt", root / "pyproject.toml", root / "mkdocs.yml")


@functools.cache
def _cuda() -> str:
    from .runner import cuda_available

    return f"cuda={cuda_available()}"


def environment_parts(root: Path) -> list[bytes | str]:
    return [digest.interpreter(), digest.relevant_environment(), _cuda(), digest.package_sources(), _tooling(root)]


def key(root: Path, *parts: bytes | str) -> str:
    return digest.content_hash(*environment_parts(root), *parts)


def records(root: Path) -> Path:
    return root / ".cache" / "passed"


def fresh() -> bool:
    """FRESH=1 (`make test-fresh`): reuse nothing an earlier run kept (pass records, the kept site, stored page
    readings, notebook outputs)."""
    return os.environ.get("FRESH") == "1"


def recorded(root: Path, k: str) -> bool:
    """Whether a check with this key passed before (and may be reused: not with FRESH=1)."""
    return not fresh() and (records(root) / k).exists()


def passed_before(root: Path, k: str, node_id: str) -> bool:
    """recorded(), noting the check as reused for the summary."""
    if not recorded(root, k):
        return False
    reused.append(node_id)
    return True


def record_pass(root: Path, k: str) -> None:
    records(root).mkdir(parents=True, exist_ok=True)
    (records(root) / k).touch()
