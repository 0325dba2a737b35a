"""Run a block as if pasted into a fresh `python`, in its own empty temporary directory.

Most blocks run in a child forked from a zygote (zygote.py): a process that imported numpy
and torch and ran nothing, so a block starts in ~15 ms with fresh defaults, seeds and
once-per-process warnings. Blocks marked `script` or `cuda` run as `python file.py` in a
new interpreter instead (spawned workers import the file; CUDA is never initialised in a
zygote). Line numbers in tracebacks are those of the snippet file.

`run_twice` runs a block under two hash seeds, each time in a new empty directory, at the
same time: outputs.py fails a block whose two runs differ (set order, a file left behind,
the clock) instead of recording luck as a pass. The notebooks' kernels run under the second
seed (notebooks.execute), in their own empty directory: where the notebook test runs too, a
block's cell there is its second run (tests/content/test_examples.py).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import dataclasses
import importlib.util
import json
import os
import re
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import marks, priority
from .pages import Block

BLOCK_TIMEOUT = 120  # seconds; a block (or a notebook cell) that hangs fails instead of stalling the suite
HASH_SEEDS = (1, 2)  # PYTHONHASHSEED of the two runs of a block; a notebook's kernel runs under the second


@dataclasses.dataclass
class Result:
    output: str
    error: str | None  # a traceback, or why the block could not finish


def environment(seed: int) -> dict[str, str]:
    """A fresh `python`'s environment: this one without the options that would change how it starts."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONWARNINGS", "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT")}
    env["PYTHONHASHSEED"] = str(seed)
    return env


class Zygote:
    def __init__(self, seed: int):
        self.seed = seed
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "verified_guide.zygote"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment(seed),
        )

    def ask(self, **request) -> dict:
        with self.lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the zygote (PYTHONHASHSEED={self.seed}) exited with status {self.process.wait()}")
        return json.loads(answer)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()


_zygotes: dict[tuple[int, bool], Zygote] = {}
_zygotes_lock = threading.Lock()


def zygote(seed: int = HASH_SEEDS[0], *, kernels: bool = False) -> Zygote:
    """The zygote of a hash seed that forks blocks, or (kernels) the one that forks notebook kernels (kernels.py): it
    imports ipykernel for them, which no block may find imported, so a process that needs both starts both."""
    with _zygotes_lock:
        if (seed, kernels) not in _zygotes or _zygotes[seed, kernels].process.poll() is not None:
            _zygotes[seed, kernels] = Zygote(seed)
        return _zygotes[seed, kernels]


@atexit.register
def _close_zygotes() -> None:
    for z in _zygotes.values():
        z.close()


_cuda: list[bool] = []


def cuda_available() -> bool:
    """torch.cuda.is_available() as blocks see it (asked through NVML, in the zygote: this process imports no torch).
    A torch built without CUDA or ROCm answers False on any machine: read from its build's version file, without
    starting the zygote (which imports torch: 3 CPU seconds of a run that may run no example)."""
    if not _cuda:
        _cuda.append(torch_build_has_gpu_support() and bool(zygote().ask(op="cuda")["cuda"]))
    return _cuda[0]


def torch_build_has_gpu_support() -> bool:
    """False when the installed torch is a CPU-only build (torch.version.cuda and torch.version.hip both None);
    True when it is not, or when its version file cannot be read (then the zygote asks torch itself)."""
    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return True
    try:
        found = runpy.run_path(str(Path(spec.origin).with_name("version.py")))
    except Exception:  # noqa: BLE001 - a torch laid out otherwise: ask torch
        return True
    return found.get("cuda") is not None or found.get("hip") is not None


def require_cuda() -> bool:
    return os.environ.get("REQUIRE_CUDA") == "1"


def skip_reason(block: Block) -> str | None:
    """Why this machine does not run the block, or None (RuntimeError where a GPU is required and missing)."""
    try:
        return marks.skip_reason(block.marks, cuda_available() if marks.names(block.marks) & {"cuda", "no_cuda"} else False, require_cuda())
    except RuntimeError as err:
        raise RuntimeError(f"{block}: {err}") from None


def _signal_name(number: int) -> str:
    try:
        return f"{signal.Signals(number).name} (signal {number})"
    except ValueError:
        return f"signal {number}"


def _crash_line(output: str, filename: str) -> str:
    """Where faulthandler's dump says the block was when it crashed: ' at snippets/x.py:12', or ''."""
    m = re.search(rf'File "{re.escape(filename)}", line (\d+)', output)
    return f" at {filename}:{m.group(1)}" if m else ""


def run(block: Block, root: Path, *, seed: int = HASH_SEEDS[0], timeout: float = BLOCK_TIMEOUT) -> Result:
    filename = f"snippets/{block.snippet}"
    with tempfile.TemporaryDirectory(prefix="block-") as tmp:
        cwd = Path(tmp) / "cwd"  # empty: nothing from another run, nothing of the repository
        cwd.mkdir()
        if marks.new_interpreter(block.marks):
            return _run_script(block, Path(tmp), cwd, seed, timeout)
        out = Path(tmp) / "output"
        answer = zygote(seed).ask(
            op="run", code=block.code, filename=filename, first_line=block.first_line,
            cwd=str(cwd), output=str(out), timeout=timeout,
        )
        output = out.read_bytes().decode("utf-8", "replace") if out.exists() else ""
    outcome = answer["outcome"]
    if outcome == "ok":
        return Result(output, None)
    if outcome == "raised":
        return Result(output, answer["error"])
    if outcome == "timeout":
        return Result(output, f"timed out after {timeout:.0f} s")
    if outcome == "signal":
        head, sep, dump = output.partition("Fatal Python error:")
        return Result(head, f"the process was killed by {_signal_name(answer['signal'])}{_crash_line(output, filename)}\n{sep}{dump}")
    return Result(output, f"the process exited with status {answer['status']} before the block ended")


def _run_script(block: Block, tmp: Path, cwd: Path, seed: int, timeout: float) -> Result:
    """The block as a script file in a new interpreter: spawned workers can import it."""
    script = tmp / "script" / "snippets" / block.snippet
    script.parent.mkdir(parents=True)
    script.write_text("\n" * (block.first_line - 1) + block.code, encoding="utf-8")
    prefix = f"{tmp}/script/"
    try:
        done = subprocess.run(
            [sys.executable, "-X", "faulthandler", str(script)], cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, env=environment(seed),
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as err:
        return Result((err.output or b"").decode("utf-8", "replace").replace(prefix, ""), f"timed out after {timeout:.0f} s")
    output = done.stdout.decode("utf-8", "replace").replace(prefix, "")  # tracebacks name snippets/<file>.py
    if done.returncode < 0:
        head, sep, dump = output.partition("Fatal Python error:")
        filename = f"snippets/{block.snippet}"
        return Result(head, f"the process was killed by {_signal_name(-done.returncode)}{_crash_line(output, filename)}\n{sep}{dump}")
    if done.returncode:
        head, sep, tb = output.partition("Traceback (most recent call last):")
        return Result(head, (sep + tb) or f"the process exited with status {done.returncode}")
    return Result(output, None)


_pool = concurrent.futures.ThreadPoolExecutor(len(HASH_SEEDS))


def run_twice(block: Block, root: Path, timeout: float = BLOCK_TIMEOUT) -> tuple[Result, Result]:
    """Two runs at once, under the two hash seeds, each in a new empty directory."""
    first, second = (_pool.submit(run, block, root, seed=seed, timeout=timeout) for seed in HASH_SEEDS)
    return first.result(), second.result()


def runs(block: Block, root: Path, *, twice: bool) -> tuple[Result, Result | None]:
    """run_twice, or (run, None) when the block's second run is elsewhere (its cell in the page's notebook)."""
    return run_twice(block, root) if twice else (run(block, root), None)


# The blocks run as scripts (a new interpreter: the DataLoader and multiprocessing examples) are the slowest, and one
# alone keeps 1.1-1.3 of two cores busy: most of its time its spawned workers import torch one after another, or it
# waits on them. Started ahead, two at a time, at a lower priority (priority.py): they fill the cores that the rest
# leaves, and yield them to the site's build, which the checks wait for, and the `make serve` bench
# (the 9 scripts of then, here: 32-35 s two at a time, 53-59 s one after another).
SCRIPTS_AT_ONCE = 2
_scripts = concurrent.futures.ThreadPoolExecutor(SCRIPTS_AT_ONCE, thread_name_prefix="scripts", initializer=priority.lower_this_thread)


@dataclasses.dataclass
class Started:
    """A block's runs started by start_script: result() waits for them (runs()'s result); cancel() drops those not begun."""
    runs: list[concurrent.futures.Future]

    def result(self) -> tuple[Result, Result | None]:
        first, *second = (run.result() for run in self.runs)
        return first, (second[0] if second else None)

    def cancel(self) -> None:
        for run in self.runs:
            run.cancel()


def start_script(block: Block, root: Path, *, twice: bool) -> Started:
    """runs() of a block marked to run in a new interpreter, started in the background, in the order started (see
    SCRIPTS_AT_ONCE): under both hash seeds when twice, else under the first."""
    assert marks.new_interpreter(block.marks), f"{block}: only a block run as a script is started ahead"
    return Started([_scripts.submit(run, block, root, seed=seed) for seed in (HASH_SEEDS if twice else HASH_SEEDS[:1])])
