"""`make serve` looks for saved files every POLL_SECONDS, not MkDocs' 0.5 s (plugins/serve_dirty.py, poll_every).

MkDocs schedules docs/ and mkdocs.yml on its PollingObserver before the plugins' on_serve, and the plugins' and
mkdocs.yml's `watch` paths after: both kinds must poll at the new pace, and a save must still be seen.
"""

import threading

from mkdocs.livereload import LiveReloadServer

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
