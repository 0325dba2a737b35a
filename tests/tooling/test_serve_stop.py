"""`make serve` stops on SIGTERM as on Ctrl-C, once, however many SIGTERMs arrive (plugins/serve_dirty.py).

Its handler used to set SIG_IGN when the first came: a second SIGTERM (make passes its own on to the server) that
arrived inside signal.signal, between CPython's check for pending signals and the new handler, was then reported as
"OSError: Signal 15 ignored due to race condition", with a traceback in the server's log (test_serve failed on
it once). That window lies inside CPython's C code, out of a test's reach: these tests hold the handler to what
closes it, a handler that stays installed and drops every SIGTERM after the first.
"""

import signal

import pytest

from verified_guide.plugins.serve_dirty import ServeDirtyPlugin, StopAsCtrlC


def test_the_first_sigterm_stops_it_and_later_ones_are_dropped():
    stop = StopAsCtrlC()
    with pytest.raises(KeyboardInterrupt):
        stop(signal.SIGTERM, None)
    assert stop(signal.SIGTERM, None) is None  # no second KeyboardInterrupt, which would break off the shutdown


@pytest.mark.parametrize("command, installed", [("serve", True), ("build", False)])
def test_serve_keeps_its_handler_for_every_sigterm_and_build_sets_none(command, installed):
    before = signal.getsignal(signal.SIGTERM)
    try:
        ServeDirtyPlugin().on_startup(command, dirty=False)
        assert isinstance(signal.getsignal(signal.SIGTERM), StopAsCtrlC) is installed
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_failed_wait_shows_the_servers_log(tmp_path, monkeypatch):
    """A server that exits (or an edit that never shows) fails the bench with the end of the server's log: the reason is
    there (a warning of the notebooks' plugin, a traceback), not in the wait that timed out."""
    from verified_guide.benchmarks import serve_reload

    # A stand-in for `make serve`: it logs a line and exits before serving anything.
    monkeypatch.setattr(serve_reload, "serve_command", lambda port: ["sh", "-c", "echo 'WARNING -  what went wrong'; exit 3"])
    with pytest.raises(serve_reload.ServeFailed, match=r"(?s)exited with status 3.*log.*WARNING -  what went wrong"):
        serve_reload.measure(tree=tmp_path)
