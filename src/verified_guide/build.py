"""`mkdocs build --strict` of a tree, as `make build` runs it."""

from __future__ import annotations

import contextlib
import datetime
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import digest, records
from .paths import cache

# The variables every `mkdocs` this project starts runs with; the Makefile exports the same for `make serve` and
# `make build` (tests/tooling/test_mkdocs_environment.py holds the two together). NO_MKDOCS_2_WARNING: no end-of-life banner
# from Material. NBCONVERT_DISABLE_CONFIG_EXPORTERS: nbconvert, which mkdocs-jupyter imports, lists its exporters by
# name instead of loading every one installed, at import, for its command line's help (0.27 s of each build and of
# `make serve`'s start; the builds never read that list).
MKDOCS_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"}


# The file a build creates, when this variable names one, once it has written every page's notebook with its outputs
# (plugins/notebook_pages.py): from then on, a build of the same tree runs no notebook. The tests start the offline
# copy's build then, beside the rest of the site's (conftest.OfflineBuild).
NOTEBOOKS_WRITTEN = "VERIFIED_GUIDE_NOTEBOOKS_WRITTEN"


def start(root: Path, site_dir: Path, *, offline: bool = False, environ: dict[str, str] | None = None,
          notebooks_written: Path | None = None, nice: int = 0) -> subprocess.Popen:
    """Start building `root` into `site_dir` (offline: for file:// use), in `environ` (default: this process's
    environment now); finished(…) waits for it. notebooks_written: the file to create once the notebooks are written
    (NOTEBOOKS_WRITTEN). nice: how much lower its CPU priority is than this process's."""
    env = {**(os.environ if environ is None else environ), **MKDOCS_ENVIRONMENT, "OFFLINE": "true" if offline else "false"}
    env.pop(NOTEBOOKS_WRITTEN, None)
    if notebooks_written is not None:
        env[NOTEBOOKS_WRITTEN] = str(notebooks_written)
    started = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    if nice:
        # Set from here rather than in the child before it runs (preexec_fn, unsafe beside threads): the build imports
        # for a second before it starts a kernel, which would inherit it.
        with contextlib.suppress(ProcessLookupError):
            os.setpriority(os.PRIO_PROCESS, started.pid, os.getpriority(os.PRIO_PROCESS, 0) + nice)
    return started


def stop(started: subprocess.Popen) -> None:
    """End a build no one waited for (a run cut short, or no check got to its site)."""
    if started.poll() is None:
        started.kill()
        started.communicate()


def finished(started: subprocess.Popen) -> subprocess.CompletedProcess:
    """The build's result once it ends; it holds MkDocs' own messages."""
    stdout, stderr = started.communicate()
    return subprocess.CompletedProcess(started.args, started.returncode, stdout, stderr)


class AfterNotebooks:
    """A build of `root` into `site_dir`, started in a thread as soon as another build of it (`first`, started with
    notebooks_written=`written`) has written every notebook with its outputs, or has ended: it then runs no notebook,
    and renders its pages while the first renders its own. `options` go to start(). wait() gives its result, from any
    thread; stop() ends it, started or not."""

    POLL_S = 0.05  # how often the thread looks for `written`

    def __init__(self, root: Path, site_dir: Path, first: subprocess.Popen, written: Path, **options):
        self.site_dir = site_dir
        self.started: subprocess.Popen | None = None
        self.result: subprocess.CompletedProcess | None = None
        self.stopped = False
        self.lock, self.waiting = threading.Lock(), threading.Lock()  # started and stopped; result
        # What it will start, bound now: a test that replaces start() meanwhile (tests/tooling/test_early_build.py)
        # must not start the run's own offline build in its place.
        launch = functools.partial(start, root, site_dir, **options)
        self.starter = threading.Thread(target=self._start, args=(first, written, launch), daemon=True)
        self.starter.start()

    def _start(self, first: subprocess.Popen, written: Path, launch) -> None:
        while first.poll() is None and not written.exists() and not self.stopped:
            time.sleep(self.POLL_S)
        with self.lock:
            if not self.stopped:
                self.started = launch()

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
        if self.started is not None:
            stop(self.started)

    def wait(self) -> subprocess.CompletedProcess:
        self.starter.join()
        with self.waiting:
            if self.result is None:
                if self.started is None:
                    raise RuntimeError(f"the build into {self.site_dir} was stopped before it started")
                self.result = finished(self.started)
        return self.result


def build(root: Path, site_dir: Path, *, offline: bool = False) -> subprocess.CompletedProcess:
    """Build `root` into `site_dir` (offline: for file:// use), and wait for it."""
    return finished(start(root, site_dir, offline=offline))


def kept_site(root: Path) -> Path:
    """Where reused_or_built keeps the last good build's pages."""
    return cache(root) / "site" / "html"


def errors(result: subprocess.CompletedProcess) -> str:
    """MkDocs' warnings and errors, without its INFO lines."""
    lines = (result.stdout + result.stderr).splitlines()
    return "\n".join(line for line in lines if not line.startswith("INFO")) or "\n".join(lines[-20:])


def sources_key(root: Path) -> str:
    """What the pages are made from: the environment and tooling of records.key, the pages and examples."""
    return records.key(root, digest.files(root, root / "docs", root / "snippets"))


def inputs_key(root: Path) -> str:
    """Everything a build of `root` reads: what the pages are made from (sources_key), which notebook outputs are
    cached (the build runs the others), and the day (the sitemap's dates)."""
    outputs = cache(root) / "notebooks" / "outputs"
    cached = sorted(p.name for p in outputs.glob("*.json")) if outputs.is_dir() else []
    return digest.content_hash(sources_key(root), "\n".join(cached), datetime.date.today().isoformat())


def sources_changed(root: Path) -> bool:
    """Whether what the pages are made from (sources_key) changed since the last good build: not merely the day or
    the notebook outputs cached, after which the pages come out as they were."""
    kept = kept_site(root).parent / "sources"
    return records.fresh() or not kept.is_file() or kept.read_text() != sources_key(root)


def reusable(root: Path) -> subprocess.CompletedProcess | None:
    """The result of the last good build, kept with its site (kept_site), while its inputs (inputs_key) are
    those of now; None when the site must be built (FRESH=1 always builds)."""
    kept = kept_site(root).parent
    if not records.fresh() and (kept / "key").is_file() and (kept / "key").read_text() == inputs_key(root):
        saved = json.loads((kept / "result.json").read_text(encoding="utf-8"))
        return subprocess.CompletedProcess(saved["args"], 0, saved["stdout"], saved["stderr"])
    return None


def keep(root: Path, site_dir: Path, result: subprocess.CompletedProcess) -> None:
    """Keep a good build's site for the next run (reusable); a failed build is never kept."""
    if result.returncode != 0:
        return
    kept = kept_site(root).parent
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    shutil.copytree(site_dir, kept / "html")
    (kept / "result.json").write_text(json.dumps({"args": result.args, "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
    (kept / "sources").write_text(sources_key(root))
    (kept / "key").write_text(inputs_key(root))  # after the build, which cached the notebook outputs it ran; last: a half-written copy is never reused


def reused_or_built(root: Path, site_dir: Path, started: subprocess.Popen | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """The site of the last build whose inputs are those of now (reusable), else a new build kept for next time.

    started: a build into site_dir already under way (start()), to wait for instead. Returns (build result,
    site directory): the kept site itself when reused, which the checks only read.
    """
    if started is None and (saved := reusable(root)) is not None:
        return saved, kept_site(root)
    result = finished(started) if started is not None else build(root, site_dir)
    keep(root, site_dir, result)
    return result, site_dir
