"""A small copy of the guide to break on purpose: the real mkdocs.yml, one page, one snippet file."""

import shutil
import textwrap
from pathlib import Path

import pytest

from verified_guide import pages, runner
from verified_guide.paths import project_root

GOOD_SNIPPET = """\
# --8<-- [start:hello]
print("hello")
# --8<-- [end:hello]
"""

GOOD_PAGE = """\
# Page

```python
--8<-- "demo.py:hello"
```

<!--pytest-codeblocks:expected-output-->

```text
hello
```
"""


class Project:
    """A guide tree in a temporary folder, and what the tooling says about it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, path: str, text: str) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(textwrap.dedent(text))

    def problems(self) -> str:
        _, found = pages.collect(self.root)
        return "\n".join(found + pages.orphans(self.root))

    def blocks(self) -> list[pages.Block]:
        return pages.collect(self.root)[0]

    def only_block(self) -> pages.Block:
        blocks, found = pages.collect(self.root)
        assert not found and len(blocks) == 1, found
        return blocks[0]

    def run(self, block=None, **options) -> runner.Result:
        return runner.run(block or self.only_block(), self.root, **options)


@pytest.fixture
def project(tmp_path) -> Project:
    root = project_root()
    shutil.copy(root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(root / "docs/assets", tmp_path / "docs/assets")
    (tmp_path / "snippets").mkdir()
    config = (tmp_path / "mkdocs.yml").read_text()
    start, end = config.index("nav:"), config.index("theme:")
    config = config[:start] + "nav:\n  - Home: index.md\n\n" + config[end:]
    # No notebooks: they need a kernel per build, and have their own tests.
    config = config.replace("  - verified-notebooks", "  - verified-notebooks:\n      enabled: false\n  #", 1)
    (tmp_path / "mkdocs.yml").write_text(config)
    found = Project(tmp_path)
    found.write("docs/index.md", GOOD_PAGE)
    found.write("snippets/demo.py", GOOD_SNIPPET)
    return found


@pytest.fixture
def good_page() -> str:
    return GOOD_PAGE


@pytest.fixture
def good_snippet() -> str:
    return GOOD_SNIPPET
