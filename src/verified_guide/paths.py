"""Where things are: the project, its pages, their snippet files, URLs and notebooks, the caches."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The guide this package checks: $GUIDE_ROOT (the tooling tests point it at small trees), else its own checkout.

    The package is installed editable from <root>/src/verified_guide, so its checkout is two folders up.
    """
    if found := os.environ.get("GUIDE_ROOT"):
        return Path(found).resolve()
    return Path(__file__).resolve().parents[2]


def cache(root: Path) -> Path:
    return root / ".cache"


def pages(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md"))


def page_name(root: Path, page: Path) -> str:
    """docs/start/quickstart.md -> "start/quickstart.md"."""
    return page.resolve().relative_to((root / "docs").resolve()).as_posix()


def snippet_file(page: str) -> str:
    """The snippet file that mirrors a page: "start/quickstart.md" -> "start/quickstart.py" (index.md -> index.py)."""
    return page.removesuffix(".md") + ".py"


def page_url(page: str) -> str:
    """docs/<page> is served at <site_url><page_url(page)>: "start/quickstart.md" (or .ipynb) -> "start/quickstart/"."""
    stem = os.path.splitext(page)[0]
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def notebook_path(page: str) -> str:
    """Where the notebook of a page lives in the site: "start/quickstart.md" -> "notebooks/start/quickstart.ipynb"."""
    return "notebooks/" + page.removesuffix(".md") + ".ipynb"
