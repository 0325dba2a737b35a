"""The site's build starts as the session starts, before collection, only when the command line selects every check
(verified_guide.pytest_plugin.selects_every_test_in, used by tests/conftest.py's pytest_sessionstart): a narrower run
(a file, -k, -m) would wait for a build, and its zygote's torch import, that it may not need. Browsers launch beside
it only when the pages will need checking (build.sources_changed)."""

import subprocess
import types
from pathlib import Path

import pytest

from verified_guide import build
from verified_guide.pytest_plugin import selects_every_test_in

TESTS = Path(__file__).resolve().parents[1]
CONTENT = TESTS / "content"


def command_line(*args: str, cwd: Path = TESTS.parent, keyword: str = "", markexpr: str = ""):
    return types.SimpleNamespace(args=list(args), invocation_params=types.SimpleNamespace(dir=cwd),
                                 option=types.SimpleNamespace(keyword=keyword, markexpr=markexpr))


@pytest.mark.parametrize("config, selects", [
    (command_line("tests"), True),  # `make test`
    (command_line("."), True),
    (command_line("content", cwd=TESTS), True),  # relative to where pytest was started
    (command_line("tests/tooling", "tests/content"), True),
    (command_line("tests/content/test_site.py"), False),  # some of its checks
    (command_line("tests/content::x"), False),
    (command_line("tests/tooling"), False),  # `make test-tooling`
    (command_line("tests", keyword="sitemap"), False),
    (command_line("tests", markexpr="not offline"), False),
])
def test_the_build_starts_before_collection_only_when_every_check_is_selected(config, selects):
    assert selects_every_test_in(config, CONTENT) is selects


def test_browsers_launch_beside_the_build_only_when_what_the_pages_are_made_of_changed(project, monkeypatch):
    """build.sources_changed, which tests/conftest.py asks before launching browsers beside the site's build: not
    when the build runs again only because the day or the cached notebook outputs changed, which leave every page's
    check reusable (a warm run whose checks all passed before launches no Chromium)."""
    monkeypatch.delenv("FRESH", raising=False)
    root, site = project.root, project.root / "built"
    site.mkdir()
    (site / "index.html").write_text("<html></html>")
    assert build.sources_changed(root), "never built"
    build.keep(root, site, subprocess.CompletedProcess([], 0, "", ""))
    assert build.reusable(root) is not None and not build.sources_changed(root)
    (root / ".cache" / "notebooks" / "outputs").mkdir(parents=True)
    (root / ".cache" / "notebooks" / "outputs" / "a.json").write_text("[]")
    assert build.reusable(root) is None and not build.sources_changed(root), "built again, its pages as they were"
    project.write("docs/index.md", (root / "docs" / "index.md").read_text() + "\nOne more line.\n")
    assert build.sources_changed(root)
    build.keep(root, site, subprocess.CompletedProcess([], 0, "", ""))
    monkeypatch.setenv("FRESH", "1")
    assert build.sources_changed(root), "make test-fresh reuses nothing"
