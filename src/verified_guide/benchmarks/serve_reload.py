"""How long `make serve` takes to show an edit: from saving a file to serving the new page.

Runs `make serve` on a copy of the site (this tree is never edited), with the caches a clone
has after one build. Once the first build is served, it saves a page's snippet file (a comment in
its first example) several times, then the page several times, each other save putting
the file back as it was, polling the page, then its notebook, over HTTP until each edit
shows. It then restores both, saves and restores
the home page, and keeps what a check needs: the search index the server ends with, and
which rendered notebooks mkdocs-jupyter's cache kept. Run as a script, it prints each reload and exits 1
when a median is over the budget.

tests/content/test_serve.py checks the same on a small site (measure_small_site): the project's mkdocs.yml, theme,
plugins and assets around three pages of its own (tests/fixtures/serve-site), so that its checks read what `make serve`
is made of and no page of the guide, and an edit to a page does not rerun them.

The budget is on the server's own time: each reload's seconds of the clock, less the seconds the
`mkdocs serve` process was ready to run but waited for a core that other processes held (Linux
counts them per thread: /proc/<pid>/task/<tid>/schedstat). On an idle machine the two are the same;
in the tests' run four browsers and a build share two cores with the server, and the clock alone
measured them (two saves of an example took 2.12 and 2.00 s there). What the server does itself
(a full rebuild instead of the edited page's, a kernel run it did not need) still counts whole.

    python -m verified_guide.benchmarks.serve_reload [--page docs/start/quickstart.md] [--edits 5] [--budget 2]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..build import MKDOCS_ENVIRONMENT
from ..paths import notebook_path, page_url, project_root

ROOT = project_root()
# The tree `make serve` needs; the plugins come from this package, installed in the .venv it runs.
COPY = ["docs", "snippets", "mkdocs.yml", "requirements.txt", "pyproject.toml", "Makefile"]
CACHES = [".cache/notebooks", ".cache/mkdocs-jupyter"]  # what a clone keeps from its first build
BUDGET = 2.0  # seconds, median, of the server's own time (own_seconds)


@dataclasses.dataclass
class Reloads:
    page: list[float]  # seconds from saving the page to serving it
    snippet: list[float]  # seconds from saving an example to serving its page
    page_waited: list[float]  # of each, seconds the server waited for a core (run_queue_seconds); 0 where not counted
    snippet_waited: list[float]
    notebook: list[float]  # seconds from each save to serving the page's notebook with the edit
    search_index: dict  # /search/search_index.json once both files are restored
    notebook_cache: tuple[set[str], set[str]]  # mkdocs-jupyter's cached renders: before, after
    log: str  # the server's output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def run_queue_seconds(pids: list[int]) -> dict[int, float]:
    """Per thread of these processes: seconds it has been ready to run and waited for a core (the second field of
    /proc/<pid>/task/<tid>/schedstat, in nanoseconds). Empty where the kernel does not count them (not Linux)."""
    waited = {}
    for pid in pids:
        for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                waited[int(stat.parent.name)] = int(stat.read_text().split()[1]) / 1e9
    return waited


def waited_between(before: dict[int, float], after: dict[int, float]) -> float:
    """Seconds the threads waited for a core between two run_queue_seconds: a thread that ended meanwhile is not
    counted (less is subtracted, never more)."""
    return sum(seconds - before.get(tid, 0.0) for tid, seconds in after.items())


def server_processes(server: subprocess.Popen) -> list[int]:
    """The `mkdocs serve` process that `make serve` started in its own session (not make, which waits, nor the kernels
    and their zygote, which may run beside the rebuild: their waits could overlap its own)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The session is the 6th field of stat, after the command in parentheses (which may hold spaces).
            if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[3]) == server.pid and \
                    b"mkdocs" in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
    return found


def own_seconds(shown: list[float], waited: list[float]) -> list[float]:
    """Each reload's seconds, less those its server waited for a core: what the budget is held to."""
    return [round(s - w, 3) for s, w in zip(shown, waited, strict=True)]


class ServeFailed(RuntimeError):
    """A wait of the bench failed (the server exited, or an edit did not show in time): its message ends with the server's log."""


LOG_SHOWN = 8000  # characters of the server's log a ServeFailed shows: its end, where the failure is


class Stopped(Exception):
    """The run that started the bench asked it to stop (a test run cut short)."""


def poll(ready: Callable[[], bool], what: str, timeout: float, server: subprocess.Popen | None = None,
         stop: threading.Event | None = None) -> float:
    """Seconds until ready() is true, asked every 20 ms; a server that exits meanwhile, or `stop` set, ends the wait.
    `what` names what is waited for, in the errors."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if ready():
            return time.perf_counter() - start
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"`make serve` exited with status {server.returncode} while waiting for {what}")
        if stop is not None and stop.is_set():
            raise Stopped(what)
        time.sleep(0.02)
    raise TimeoutError(f"waited {timeout:.0f} s for {what}")


def wait_for(url: str, shown, timeout: float, server: subprocess.Popen | None = None,
             stop: threading.Event | None = None) -> float:
    """Seconds until shown(body of the page at url) is true (poll)."""

    def ready() -> bool:
        body = fetch(url)
        return body is not None and shown(body)

    return poll(ready, f"{url} to show the edit", timeout, server, stop)


# What `mkdocs serve` logs when a change starts a rebuild, and once the rebuilt site is served (mkdocs.livereload).
REBUILD_STARTED, REBUILD_SERVED = "Detected file changes", "Reloading browsers"
QUIET = 0.25  # seconds with nothing under way, for a rebuild that a write just set off to show in the log (its debounce: 0.1 s)


def server_busy(log: str, notebooks_too: bool) -> bool:
    """Whether the server's log says a rebuild, or (notebooks_too) a notebook's run in the background, is under way."""
    from ..plugins.notebook_pages import BACKGROUND_RUN_ENDED, BACKGROUND_RUN_STARTED

    rebuilding = log.count(REBUILD_STARTED) > log.count(REBUILD_SERVED)
    return rebuilding or notebooks_too and log.count(BACKGROUND_RUN_STARTED) > log.count(BACKGROUND_RUN_ENDED)


def wait_until_idle(log: Path, notebooks_too: bool = False, timeout: float = 60, server: subprocess.Popen | None = None,
                    stop: threading.Event | None = None) -> None:
    """Until the server's log has said for QUIET seconds that nothing is under way (server_busy). Between saves, so that
    a rebuild a save set off after its page showed does not run into the next save's time; before the end (notebooks
    too), so that the server is never stopped with an edited notebook still running, which logs the kernel's death as
    an error. Fixed pauses did this before: 0.5 s after each save, 1 s at the end, which a slow kernel could outlast."""
    idle_since = None

    def quiet() -> bool:
        nonlocal idle_since
        if server_busy(log.read_text(encoding="utf-8", errors="replace"), notebooks_too):
            idle_since = None
            return False
        idle_since = idle_since or time.perf_counter()
        return time.perf_counter() - idle_since >= QUIET

    poll(quiet, "the server to be idle", timeout, server, stop)


def with_paragraph(page: str, text: str) -> str:
    return f"{page}\n\n{text}\n"


def with_comment(snippet: str, comment: str) -> str:
    """The snippet file with a comment in its first section, which the page shows."""
    head, start, tail = snippet.partition("# --8<-- [start:")
    line, newline, tail = tail.partition("\n")
    assert start and newline, "the snippet file has no section"
    return f"{head}{start}{line}\n# {comment}\n{tail}"


def copy_tree(site: Path) -> None:
    """Into site: the tree `make serve` needs (COPY), and the caches this checkout's builds left (CACHES)."""
    for name in COPY:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
    copy_caches(site)


def copy_caches(site: Path, root: Path = ROOT) -> None:
    for name in CACHES:
        shutil.rmtree(site / name, ignore_errors=True)
        if (root / name).exists():
            shutil.copytree(root / name, site / name)


# What `make serve` reads of the project around the small site's pages (copy_small_site): mkdocs.yml aside, whose nav
# the site's own replaces.
AROUND_THE_SMALL_SITE = ["docs/assets", "requirements.txt", "pyproject.toml", "Makefile"]
NAV = re.compile(r"^nav:\n(?:[ \t].*\n|\n)*", re.M)  # mkdocs.yml's nav: its line, the indented ones, blank lines


def with_nav(config: str, nav: str) -> str:
    """mkdocs.yml's text with `nav` (a `nav:` block) in place of its own; every other line as it was."""
    found = NAV.findall(config)
    if len(found) != 1:
        raise ValueError(f"mkdocs.yml has {len(found)} top-level `nav:` blocks; the small site replaces exactly one")
    return NAV.sub(lambda _: nav.rstrip("\n") + "\n\n", config)


def copy_small_site(fixture: Path, site: Path, root: Path = ROOT) -> None:
    """Into site: a small site's pages and examples (fixture/docs, fixture/snippets) inside the project's mkdocs.yml,
    its nav replaced by fixture/nav.yml, and what else of the project `make serve` reads (AROUND_THE_SMALL_SITE)."""
    for name in ("docs", "snippets"):
        shutil.copytree(fixture / name, site / name)
    for name in AROUND_THE_SMALL_SITE:
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(with_nav(config, (fixture / "nav.yml").read_text(encoding="utf-8")), encoding="utf-8")


SMALL_SITE_PAGE = "docs/start/saved.md"  # the small site's page whose Markdown and example measure() saves


def measure_small_site(site: Path, stop: threading.Event | None = None, *, environ: dict[str, str] | None = None,
                       **options) -> tuple[Reloads, dict]:
    """measure() on a small site copied into site (copy_small_site), after a full build of it (a clone's first build,
    which leaves the caches `make serve` starts from); with that build's search index, which the server's must equal at
    the end: measure() puts back every file it saves, so a full build of the files it ends with is this one.
    `stop` set ends it, unmeasured (Stopped)."""
    from ..build import errors, finished, start

    with tempfile.TemporaryDirectory(prefix="small-site-") as built:
        building = start(site, Path(built), environ=environ)
        while building.poll() is None:
            if stop is not None and stop.wait(0.2):
                building.kill()
                finished(building)
                raise Stopped("while the small site was built")
        result = finished(building)
        if result.returncode != 0:
            raise ServeFailed(f"the small site's `mkdocs build --strict` failed:\n{errors(result)}")
        index = json.loads((Path(built) / "search" / "search_index.json").read_text(encoding="utf-8"))
    return measure(SMALL_SITE_PAGE, tree=site, stop=stop, environ=environ, **options), index


def serve_command(port: int, venv: Path = Path(sys.prefix)) -> list[str]:
    """The Makefile's serve command, with this tree's .venv, which it must never install into: a copy whose
    requirements.txt or pyproject.toml is newer than the .venv's stamp (a clone made after the .venv, a pin being
    edited) would otherwise reinstall the package from the copy, editable, and the .venv would import it from a
    folder deleted when the bench ends."""
    return ["make", "-s", f"--old-file={venv / 'installed'}", "serve", f"VENV={venv}", f"SERVE_ADDR=127.0.0.1:{port}"]


def measure(page: str = "docs/start/quickstart.md", edits: int = 5, settle: float = 3.0, tree: Path | None = None,
            stop: threading.Event | None = None, environ: dict[str, str] | None = None) -> Reloads:
    """Serve a copy of the tree (into a temporary directory, or tree: copied by copy_tree) and time `edits` saves of
    the page and of its examples; settle: seconds to leave the server after its first build. `stop` set ends it
    at its next wait (Stopped), the server stopped as Ctrl-C stops it. The server gets `environ` (default: this
    process's environment now): the suite passes the one it started with, which a tooling test running meanwhile may
    change for a while (FRESH, OFFLINE, OMP_NUM_THREADS: monkeypatch.setenv)."""
    with contextlib.nullcontext(tree) if tree else tempfile.TemporaryDirectory(prefix="serve-reload-") as tmp:
        site = Path(tmp)
        if tree is None:
            copy_tree(site)
        jupyter_cache = site / CACHES[1]
        before = {p.name for p in jupyter_cache.glob("*.json")}
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**(os.environ if environ is None else environ), **MKDOCS_ENVIRONMENT}
        log_path = site / "serve.log"
        failed = None
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                serve_command(port),
                cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            try:
                docs_page = Path(page).relative_to("docs").as_posix()
                url = base + page_url(docs_page)
                until = functools.partial(wait_for, server=server, stop=stop)  # a server that exits, or stop, ends each wait
                idle = functools.partial(wait_until_idle, log_path, server=server, stop=stop)
                until(url, lambda body: "</html>" in body, timeout=300)
                time.sleep(settle)  # the server's start-up work in the background (it imports torch)
                markdown = site / page
                snippet = (site / "snippets" / docs_page).with_suffix(".py")  # its examples, by the layout's rule
                originals = {path: path.read_text(encoding="utf-8") for path in (markdown, snippet)}
                notebook_url = base + page_url(notebook_path(docs_page))
                edit = {markdown: with_paragraph, snippet: with_comment}
                shown = {markdown: [], snippet: [], "notebook": []}
                waited = {markdown: [], snippet: []}
                serving = server_processes(server)
                # The example first: its first save sets off the kernel that runs the edited notebook in the
                # background, which then runs beside the page's saves instead of after them, where the bench waited
                # for it before stopping the server (2 s of the tests' run after an edit, their last).
                for path in (snippet, markdown):
                    for n in range(edits):
                        # Every other save puts the file back as it was, which `make serve` shows as fast: the notebook
                        # of an example put back has its outputs cached, and the server runs no kernel for it (one
                        # kernel fewer in two saves: 3 CPU seconds of the tests' run, which saves twice).
                        putting_back = n % 2 == 1
                        if not putting_back:
                            marker = f"reload_marker_{n}_{time.time_ns()}"
                        path.write_text(originals[path] if putting_back else edit[path](originals[path], marker), encoding="utf-8")
                        saved, queued = time.perf_counter(), run_queue_seconds(serving)
                        edited = (lambda body: marker not in body) if putting_back else (lambda body: marker in body)
                        shown[path].append(until(url, edited, timeout=60))
                        waited[path].append(round(waited_between(queued, run_queue_seconds(serving)), 3))
                        until(notebook_url, edited, timeout=60)
                        shown["notebook"].append(time.perf_counter() - saved)
                        idle()
                for path, text in originals.items():
                    if path.read_text(encoding="utf-8") != text:  # an even number of saves put it back already: a
                        path.write_text(text, encoding="utf-8")  # write of the same text would cost a rebuild
                until(url, lambda body: "reload_marker_" not in body, timeout=60)
                home = site / "docs" / "index.md"  # the page Material's own merge of the search index gets wrong
                text = home.read_text(encoding="utf-8")
                home.write_text(with_paragraph(text, "reload_marker_home"), encoding="utf-8")
                until(base, lambda body: "reload_marker_home" in body, timeout=60)
                home.write_text(text, encoding="utf-8")
                until(base, lambda body: "reload_marker_home" not in body, timeout=60)
                idle(notebooks_too=True)
                search_index = json.loads(fetch(base + "search/search_index.json"))
            except (TimeoutError, RuntimeError) as error:  # a wait that failed: with what the server logged, once it has stopped
                failed = error
            finally:
                # As Ctrl-C does (plugins/serve_dirty.py): `mkdocs serve` then removes the site it built in /tmp.
                # Not SIGINT itself, which a run started in the background from a script ignores, and its children too.
                # A server that has exited left no process group: its exit is the error to show, not the kill's.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(30)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
        if failed is not None:
            raise ServeFailed(f"{failed}\n`make serve`'s log, its last {LOG_SHOWN} characters:\n"
                              f"{log_path.read_text(encoding='utf-8', errors='replace')[-LOG_SHOWN:]}") from failed
        return Reloads(
            page=shown[markdown],
            snippet=shown[snippet],
            page_waited=waited[markdown],
            snippet_waited=waited[snippet],
            notebook=shown["notebook"],
            search_index=search_index,
            notebook_cache=(before, {p.name for p in jupyter_cache.glob("*.json")}),
            log=log_path.read_text(encoding="utf-8"),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="docs/start/quickstart.md")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds, for each median")
    parser.add_argument("--verbose", action="store_true", help="print the server's log")
    args = parser.parse_args()
    reloads = measure(args.page, args.edits)
    if args.verbose:
        print(reloads.log)
    medians = []
    for what, times, waited in (
        ("page saved -> page shown", reloads.page, reloads.page_waited),
        ("example saved -> page shown", reloads.snippet, reloads.snippet_waited),
    ):
        medians.append(statistics.median(own_seconds(times, waited)))
        print(f"{what}: " + ", ".join(f"{t:.2f}" for t in times) + " s; waiting for a core "
              + ", ".join(f"{w:.2f}" for w in waited) + f" s; its own median {medians[-1]:.2f} s")
    print("either saved -> notebook shown: " + ", ".join(f"{t:.2f}" for t in reloads.notebook)
          + f" s; median {statistics.median(reloads.notebook):.2f} s")
    print(f"budget {args.budget:g} s (the server's own time, median of the page and of the example saves); "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0 if max(medians) <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
