"""Markdown -> notebook, against a golden file: every kind of block, prose, links and anchors.

After an intended change to notebooks.generate, rewrite the golden file with
`pytest tests/tooling/test_notebook_golden.py --update-golden` and review its diff.
"""

import platform
import shutil
from importlib.metadata import version
from pathlib import Path

from verified_guide import notebooks, pages

GOLDEN = Path(__file__).parent / "golden"


def test_a_page_becomes_the_golden_notebook(project, request):
    shutil.copy(GOLDEN / "page.md", project.root / "docs" / "index.md")
    shutil.copy(GOLDEN / "page.py", project.root / "snippets" / "page.py")
    (project.root / "snippets" / "demo.py").unlink()
    (project.root / "docs" / "other.md").write_text("# Other\n\n## A section { #a-section }\n")
    assert project.problems() == ""
    nb = notebooks.generate(project.root / "docs" / "index.md", pages.load_markdown(project.root), "https://guide.example/", project.root)
    versions = f"torch {version('torch')}, NumPy {version('numpy')} and Python {platform.python_version()}"
    made = notebooks.dumps(nb).replace(versions, "<the installed versions>")  # the same golden file everywhere
    golden = GOLDEN / "page.ipynb"
    if request.config.getoption("--update-golden"):
        golden.write_text(made, encoding="utf-8")
    assert made == golden.read_text(encoding="utf-8"), "the notebook differs from tests/tooling/golden/page.ipynb (--update-golden rewrites it)"
