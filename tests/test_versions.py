"""The outputs on the pages come from the pinned versions, and no others."""

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from conftest import ROOT

PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")


def version_mismatches(requirements: Path) -> list[str]:
    """Pinned packages whose installed version differs (a local label like +cpu is ignored)."""
    found = []
    for line in requirements.read_text().splitlines():
        if m := PIN.match(line):
            name, pinned = m.groups()
            try:
                installed = version(name)
            except PackageNotFoundError:
                installed = "not installed"
            if installed.split("+")[0] != pinned:
                found.append(f"{name}: requirements.txt pins {pinned}, installed is {installed}")
    return found


def test_installed_versions_match_the_pins():
    found = version_mismatches(ROOT / "requirements.txt")
    assert not found, "outputs would come from other versions; run `make test` to reinstall:\n" + "\n".join(found)


def test_numpy_and_torch_are_pinned():
    pins = {m.group(1).lower() for line in (ROOT / "requirements.txt").read_text().splitlines() if (m := PIN.match(line))}
    assert {"numpy", "torch"} <= pins
