"""`make serve` looks for saved files every POLL_SECONDS, not MkDocs' 0.5 s (plugins/serve_dirty.py, poll_every), and
says what each rebuild rendered.

MkDocs schedules docs/ and mkdocs.yml on its PollingObserver before the plugins' on_serve, and the plugins' and
mkdocs.yml's `watch` paths after: both kinds must poll at the new pace, and a save must still be seen.
"""

import logging
import threading
import types

from mkdocs.livereload import LiveReloadServer

from verified_guide.plugins import serve_dirty
from verified_guide.plugins.serve_dirty import POLL_SECONDS, ServeDirtyPlugin


def test_every_watched_path_is_polled_at_the_plugins_pace_and_a_save_is_seen(tmp_path):
    before, after = tmp_path / "docs", tmp_path / "snippets"
    for folder in (before, after):
        folder.mkdir()
        (folder / "page.md").write_text("first", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    try:
        server.watch(str(before))  # as MkDocs does before on_serve
        assert ServeDirtyPlugin().on_serve(server, config=None, builder=None) is server
        server.watch(str(after))  # as the notebooks' plugin and mkdocs.yml's `watch` do after it
        assert sorted(e.timeout for e in server.observer.emitters) == [POLL_SECONDS, POLL_SECONDS]
        assert server.observer.timeout == POLL_SECONDS

        seen = threading.Event()
        server.observer.schedule(type("Handler", (), {"dispatch": lambda self, event: seen.set()})(), str(after))
        server.observer.start()
        (after / "page.md").write_text("saved", encoding="utf-8")
        assert seen.wait(5), "the observer saw no save in 5 s"
    finally:
        server.observer.stop()
        server.server_close()


def test_each_rebuild_after_the_first_logs_the_pages_it_rendered(caplog):
    """What `make serve` says a save rebuilt (tests/content/test_serve.py holds it to the pages the save changed)."""
    plugin = serve_dirty.ServeDirtyPlugin()
    plugin.dirty = True
    plugin.order.update({"": 0, "a/": 1, "b/": 2})
    config = types.SimpleNamespace(plugins={})

    def build(*rendered: str) -> str:
        caplog.clear()
        plugin.on_pre_build(config)
        for src_uri in rendered:
            plugin.on_pre_page(types.SimpleNamespace(url=src_uri.removesuffix(".md") + "/", file=types.SimpleNamespace(src_uri=src_uri)), config, None)
        with caplog.at_level(logging.INFO):
            plugin.on_post_build(config)
        return caplog.text

    assert serve_dirty.REBUILT not in build("index.md", "a.md", "b.md"), "the first build renders every page, and says nothing"
    assert f"{serve_dirty.REBUILT} a.md" in build("a.md")
    assert f"{serve_dirty.REBUILT_ALL} (3)" in build("index.md", "a.md", "b.md")
