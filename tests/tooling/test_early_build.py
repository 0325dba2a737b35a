"""The site's build starts as the session starts, before collection, only when the command line selects every check
(verified_guide.pytest_plugin.selects_every_test_in, used by tests/conftest.py's pytest_sessionstart): a narrower run
(a file, -k, -m) would wait for a build, and its zygote's torch import, that it may not need. Browsers launch beside
it only when the pages will need checking (build.sources_changed). The offline copy's build starts once the site's
has written its notebooks (build.AfterNotebooks, build.NOTEBOOKS_WRITTEN)."""

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


class Running:
    """A build that runs until told it ended (poll, as subprocess.Popen's)."""

    def __init__(self):
        self.returncode = None

    def poll(self):
        return self.returncode


def after_notebooks(tmp_path, monkeypatch, first) -> tuple[build.AfterNotebooks, list, Path]:
    """build.AfterNotebooks after `first`, its start() recorded (each a process that ends at once), and its signal."""
    started = []

    def start(root, site_dir, **options):
        started.append(options)
        return subprocess.Popen(["true"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    monkeypatch.setattr(build, "start", start)
    written = tmp_path / "notebooks-written"
    return build.AfterNotebooks(tmp_path, tmp_path / "site", first, written, offline=True), started, written


def test_the_offline_build_starts_once_the_site_s_build_has_written_its_notebooks(tmp_path, monkeypatch):
    """tests/conftest.py's OfflineBuild: started as the site's build signals (build.NOTEBOOKS_WRITTEN), not before, so
    that it finds every notebook's outputs cached and runs none; with the options it was given."""
    first = Running()
    later, started, written = after_notebooks(tmp_path, monkeypatch, first)
    later.starter.join(4 * build.AfterNotebooks.POLL_S)
    assert not started, "started before the notebooks were written"
    written.touch()
    assert later.wait().returncode == 0
    assert started == [{"offline": True}]


def test_the_offline_build_starts_when_the_site_s_build_ends_without_signalling(tmp_path, monkeypatch):
    """A site's build that failed before its notebooks were written (or one that signals nothing) still lets the
    offline copy's build run, which then says what is wrong itself."""
    first = Running()
    later, started, _ = after_notebooks(tmp_path, monkeypatch, first)
    first.returncode = 1
    assert later.wait().returncode == 0 and len(started) == 1


def test_an_offline_build_stopped_before_it_started_never_starts(tmp_path, monkeypatch):
    """A run cut short (or one whose checks never got to the offline copy) stops it; waiting for it then says so."""
    later, started, written = after_notebooks(tmp_path, monkeypatch, Running())
    later.stop()
    written.touch()
    later.starter.join(2)
    assert not started
    with pytest.raises(RuntimeError, match="stopped before it started"):
        later.wait()


def test_a_build_says_when_its_notebooks_are_written(tmp_path, monkeypatch):
    """The notebooks plugin creates the file build.NOTEBOOKS_WRITTEN names once it has written every notebook (with
    the outputs it ran), before the pages are rendered; `make serve`, whose notebooks change in the background,
    never does."""
    from mkdocs.structure.files import Files

    from verified_guide.plugins.notebook_pages import NotebookPagesPlugin

    written = tmp_path / "notebooks-written"
    monkeypatch.setenv(build.NOTEBOOKS_WRITTEN, str(written))
    for serving in (False, True):
        written.unlink(missing_ok=True)
        plugin = NotebookPagesPlugin()
        plugin.load_config({})
        plugin.serving = serving
        seen = []
        plugin._up_to_date = lambda pages, config: seen.append(written.exists()) or []
        plugin._add_notebooks(Files([]), None)
        assert seen == [False], "signalled before its notebooks were written"
        assert written.exists() is not serving


def test_a_notebook_page_renders_holding_the_lock_that_another_build_waits_for(tmp_path):
    """mkdocs-jupyter writes its cache's file in place: the site's build and the offline copy's, which run at once,
    render a notebook page one after the other (plugins/notebook_pages.py RENDER_LOCK), the second from the cache."""
    import fcntl
    import types

    from verified_guide.plugins.notebook_pages import RENDER_LOCK, NotebookPagesPlugin

    plugin = NotebookPagesPlugin()
    plugin.root = tmp_path
    plugin.built["start/page.md"] = "notebooks/start/page.ipynb"
    held = []

    def render(config, files):
        with open(tmp_path / RENDER_LOCK, "a") as other:  # another build's attempt: another open file
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)

    for src_uri in ("notebooks/start/page.ipynb", "start/page.md"):
        page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri=src_uri), render=render)
        plugin.on_pre_page(page, None, None).render(None, None)
    assert held == [True, False], "a notebook page renders holding the lock, a guide page without it"
