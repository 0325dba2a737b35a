"""The `make serve` budget is held to the server's own time: a reload's seconds less those the server waited for a
core (serve_reload.run_queue_seconds), so that other processes sharing the cores do not fail it, and its own work does."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verified_guide.benchmarks import serve_reload

BUSY = "import sys, time\nend = time.time() + float(sys.argv[1])\nwhile time.time() < end: pass\n"


def busy(seconds: float, *names: str, session: bool = False) -> subprocess.Popen:
    """A process that keeps a core busy for `seconds`, on the first core this one may use (several then share it)."""
    process = subprocess.Popen([sys.executable, "-c", BUSY, str(seconds), *names], start_new_session=session)
    os.sched_setaffinity(process.pid, {min(os.sched_getaffinity(0))})  # not in preexec_fn: the suite runs threads
    return process


# A virtual machine whose host stops running one of its cores: its processes neither run nor count as waiting, while
# the clock goes on (fresh runs here met a stand-in server that waited 1.03 s of 1.01, and 0.0 s of 1.0).
STALLED_S = 0.1


def stolen_seconds(core: int) -> float:
    """Seconds the host did not run this core (the steal column of /proc/stat, in clock ticks)."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{core} "):
            return int(line.split()[8]) / os.sysconf("SC_CLK_TCK")
    return 0.0


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="the kernel counts no run queue waits outside Linux")
def test_the_wait_for_a_core_is_counted_for_the_server_only():
    server = busy(3, "mkdocs", "serve", session=True)  # a stand-in: a process named mkdocs, leading its session
    others = [busy(3) for _ in range(2)]  # two more on the same core: the server gets about a third of it
    sleeper = subprocess.Popen(["sleep", "3"])  # on that core too, asleep: it waits for none
    os.sched_setaffinity(sleeper.pid, os.sched_getaffinity(server.pid))
    try:
        time.sleep(0.3)
        serving = serve_reload.server_processes(server)
        assert serving == [server.pid]
        # The clock spans both readings of the waits (a reading taken outside it could count more than it saw).
        core = min(os.sched_getaffinity(server.pid))
        start, stolen = time.perf_counter(), stolen_seconds(core)
        before, asleep = serve_reload.run_queue_seconds(serving), serve_reload.run_queue_seconds([sleeper.pid])
        time.sleep(1.0)
        after = serve_reload.run_queue_seconds(serving)
        waited, wall, stolen = serve_reload.waited_between(before, after), time.perf_counter() - start, stolen_seconds(core) - stolen
        if stolen > STALLED_S:
            pytest.skip(f"the machine itself did not run core {core} for {stolen:.2f} s of the {wall:.2f} s measured "
                        f"(steal time, /proc/stat): its kernel's waits cannot be held to the clock then")
        assert 0.3 * wall < waited < wall, (waited, wall, f"steal {stolen:.2f} s")
        assert asleep and serve_reload.waited_between(asleep, serve_reload.run_queue_seconds([sleeper.pid])) < 0.05
    finally:
        for p in (server, *others, sleeper):
            p.kill()
            p.wait()


def test_a_thread_that_ended_is_not_counted():
    """Only what threads alive at the end waited since the start: one gone meanwhile takes nothing off."""
    assert serve_reload.waited_between({1: 1.0, 2: 5.0}, {1: 1.5, 3: 0.25}) == 0.75


def test_the_budget_is_held_to_each_reloads_own_seconds():
    assert serve_reload.own_seconds([2.12, 2.0], [0.6, 0.55]) == [1.52, 1.45]
    with pytest.raises(ValueError):
        serve_reload.own_seconds([1.0, 2.0], [0.5])
