"""Results of slow checks, reused while everything they depend on is byte-for-byte the same.

A block's run depends on its code, its expected output, the harness and the installed
versions; a page's browser visit depends on its built HTML and the site's assets. When
none of these changed since the check last passed on this machine, running it again
would repeat the same computation, so `make test` reuses the pass. A fresh clone (CI)
has no record and runs everything; `make test-fresh` (FRESH=1) ignores the records.
"""

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

from conftest import ROOT

RECORDS = ROOT / ".cache" / "passed"
ENVIRONMENT = [
    (Path(__file__).parents[1] / "requirements.txt").read_bytes(),
    *(version(name).encode() for name in ("torch", "numpy", "playwright", "axe-playwright-python")),
    os.environ.get("CHROMIUM", "/usr/bin/chromium").encode(),
]
reused: list[str] = []  # node ids whose pass was reused, for the summary


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in [*ENVIRONMENT, *parts]:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def source(*paths: Path) -> bytes:
    return b"".join(p.read_bytes() for p in paths)


def passed_before(k: str, node_id: str) -> bool:
    if os.environ.get("FRESH") == "1" or not (RECORDS / k).exists():
        return False
    reused.append(node_id)
    return True


def record_pass(k: str) -> None:
    RECORDS.mkdir(parents=True, exist_ok=True)
    (RECORDS / k).touch()
