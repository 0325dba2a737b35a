"""The pins in requirements.txt, and whether the installed packages are those versions."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")


def pins(requirements: Path) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) for line in requirements.read_text().splitlines() if (m := PIN.match(line))}


def mismatches(requirements: Path) -> list[str]:
    """Pinned packages whose installed version differs (a local label like +cpu is ignored)."""
    found = []
    for name, pinned in pins(requirements).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed.split("+")[0] != pinned:
            found.append(f"{name}: requirements.txt pins {pinned}, installed is {installed}")
    return found
