"""A Python process that has imported numpy and torch, run nothing, and forks one child per block.

`python -m verified_guide.zygote` reads one JSON request a line on stdin and answers one
JSON line on stdout. runner.py starts one per hash seed (PYTHONHASHSEED is fixed when an
interpreter starts, so a second seed needs a second zygote).

Each child starts as a fresh `python` would: the default warning filters, no warning
shown yet, no default dtype or seed changed, `__main__` a new module, an empty working
directory (first on sys.path, as for code pasted into `python`; not the directory the zygote
started in), stdin at /dev/null, stdout and stderr one stream (as in a
terminal), and faulthandler on that stream, so a crash shows the line it happened on.
Each child also ends as `python` does after a script's last line (shut_down): what a block
prints from a thread, an atexit callback or a `__del__` at exit is part of its output.
It also starts Jupyter kernels (fork_kernel): a notebook's kernel starts as `python -m
ipykernel_launcher` would, without importing numpy, torch and ipykernel again (2 CPU seconds a kernel).
Only the standard library, numpy and torch are imported here (and ipykernel, once a kernel is asked
for); nothing of the tests. Where
importing numpy and torch prints something (a warning), every block fails saying so
(imports_printed): a reader's block would print it, and a forked child cannot.
"""

import atexit
import ctypes
import faulthandler
import gc
import importlib
import io
import json
import os
import runpy
import select
import signal
import sys
import tempfile
import threading
import traceback
import types
import weakref


def watch_environment(filename: str) -> list[str]:
    """The names of the environment variables the block's own lines set or remove, as they do it (an audit hook:
    those a library sets for itself, as torch's compiler and OpenCV do at import, are not the block's)."""
    names: list[str] = []

    def hook(event: str, args: tuple) -> None:
        if event in ("os.putenv", "os.unsetenv"):
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__") == "os":  # os.environ's own methods (frozen)
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename == filename:
                names.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)  # in the child only: it ends with the block
    return names


def environment_changed(names: list[str]) -> str:
    """Why a block that sets or removes environment variables cannot run here: numpy and torch were imported before
    it ran, so what they read from the environment at import, it could not change, as it would in a reader's python,
    which imports them after the block's line that sets it."""
    return (
        f"the block sets environment variables ({', '.join(sorted(set(names)))}). Blocks run forked from a process that "
        f"had imported {' and '.join(PRELOADED)}, so a variable they read at import would take effect in a reader's "
        "python and not here: mark the block script (<!--pytest.mark.script(reason=\"…\")-->), which runs it in a "
        "new interpreter, or pass the variables to the process that needs them (subprocess.run(..., env=...))."
    )


def shut_down(main: types.ModuleType) -> None:
    """What `python` does once a script has run (Py_FinalizeEx), in its order: wait for the threads the
    block started and did not mark daemon, run the atexit callbacks (multiprocessing's among them: it
    joins child processes and removes its temporary directory), then drop the script's globals, so that
    their `__del__` runs (a DataLoader iterator's ends its workers). Without it a forked child skips all
    three, and a page could show less than a reader's `python` prints."""
    threading._shutdown()
    atexit._run_exitfuncs()  # prints "Exception ignored in atexit callback" itself, as python does
    sys.modules.pop("__main__", None)
    names = main.__dict__
    for first in (True, False):  # as CPython clears a module: names that start with one underscore first
        for name in list(names):
            if name != "__builtins__" and (name.startswith("_") and not name.startswith("__")) == first:
                names[name] = None
    gc.collect()


def standard_streams(output: str, mode: int) -> None:
    """A forked child's file descriptors 1 and 2 onto one file (mode: os.O_TRUNC or os.O_APPEND), 0 onto /dev/null."""
    out = os.open(output, os.O_WRONLY | os.O_CREAT | mode, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)


def run(request: dict) -> dict:
    status_r, status_w = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(status_r)
            os.setpgid(0, 0)  # its own process group, so a timeout also ends the workers it started
            os.chdir(request["cwd"])
            standard_streams(request["output"], os.O_TRUNC)
            stream = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
            sys.stdout = sys.stderr = stream
            sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
            faulthandler.enable(file=stream)
            main = types.ModuleType("__main__")
            main.__dict__["__builtins__"] = __builtins__
            sys.modules["__main__"] = main
            sys.argv = [request["filename"]]
            sys.path[0] = ""  # as in `python` reading what was pasted: its directory, not the one the zygote started in
            code = compile("\n" * (request["first_line"] - 1) + request["code"], request["filename"], "exec")
            error = ""
            set_by_block = watch_environment(request["filename"])
            try:
                exec(code, main.__dict__)
            except SystemExit as exc:
                if exc.code not in (None, 0):
                    error = f"SystemExit: {exc.code}"
            except BaseException as exc:  # noqa: BLE001  (what the block raised is its result)
                error = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
                del exc  # python has printed it and dropped it when it finalizes
            if not error and set_by_block:
                error = environment_changed(set_by_block)
            shut_down(main)
            stream.flush()
            os.write(status_w, error.encode() or b"ok")
        finally:
            os._exit(0)
    os.close(status_w)
    ready, _, _ = select.select([status_r], [], [], request["timeout"])
    status = os.read(status_r, 1 << 20).decode("utf-8", "replace") if ready else None
    if status is None:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.close(status_r)
    _, code = os.waitpid(pid, 0)
    try:  # workers the block left running in its group
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if status is None:
        return {"outcome": "timeout"}
    if status == "":
        if os.WIFSIGNALED(code):
            return {"outcome": "signal", "signal": os.WTERMSIG(code)}
        return {"outcome": "exit", "status": os.WEXITSTATUS(code)}
    return {"outcome": "ok"} if status == "ok" else {"outcome": "raised", "error": status}


# The variables in which a kernel's environment may differ from this process's when it imported numpy and torch:
# jupyter_client's own and the name of the test pytest runs, which no module imported here reads at import
# (ipykernel.kernelapp reads JPY_PARENT_PID: see KERNEL_PRELOADED). Any other, and the kernel is not forked (fork_kernel).
NOT_READ_AT_IMPORT = ("JPY_", "PYDEVD_", "PYTEST_CURRENT_TEST")
# What a kernel imports before its first cell, but for ipykernel.kernelapp, which reads JPY_PARENT_PID at import (the
# only module of them that reads a variable which may differ: NOT_READ_AT_IMPORT): 0.2 of its 0.25 s.
KERNEL_PRELOADED = "ipykernel.ipkernel"
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def fork_kernel(request: dict, started_with: dict, waiters: list[int]) -> dict:
    """Start a Jupyter kernel as `python -m ipykernel_launcher <args>` would, forked from here: {"pid": its pid}, or
    {"cannot": why} when a new interpreter would not be the same kernel (its environment differs from the one numpy
    and torch were imported with; the caller then starts one). The kernel gets its own session and process group,
    as jupyter_client starts one (an interrupt reaches what it started), the working directory, environment and log
    file of the request, and stdin at /dev/null. A process between it and this one waits for it and writes its exit
    status (as subprocess.Popen.returncode: -N for signal N) to request["exit"], at once: the caller polls that file,
    as it would poll a child of its own."""
    env = request["env"]
    differ = sorted(k for k in set(env) | set(started_with) if env.get(k) != started_with.get(k) and not k.startswith(NOT_READ_AT_IMPORT))
    if differ:
        return {"cannot": f"its environment differs from the one numpy and torch were imported with: {', '.join(differ)}"}
    if KERNEL_PRELOADED not in sys.modules:
        import_printing((KERNEL_PRELOADED,))  # what a kernel imports first; printed to its log, never to a cell
        gc.freeze()
    sys.stdout.flush()
    pid_r, pid_w = os.pipe()
    zygote = os.getpid()
    waiter = os.fork()
    if waiter == 0:  # waits for the kernel, and says how it ended
        try:
            os.close(pid_r)
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)  # not the channel to the caller, which must see it end when this process ends
            os.dup2(null, 1)
            os.close(null)
            # Ended with this process: a caller that ends (or is killed) closes the channel, and this process then
            # exits; the kernel, which watches its parent (JPY_PARENT_PID), then exits too, as a kernel whose
            # jupyter_client ends does.
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != zygote:  # ended before prctl
                os._exit(0)
            kernel = os.fork()
            if kernel == 0:
                os.close(pid_w)
                run_kernel(request)  # never returns
            os.write(pid_w, str(kernel).encode())
            os.close(pid_w)
            _, status = os.waitpid(kernel, 0)
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            with open(request["exit"] + ".tmp", "w") as out:
                out.write(str(code))
            os.replace(request["exit"] + ".tmp", request["exit"])  # whole, or not there
        finally:
            os._exit(0)
    os.close(pid_w)
    with os.fdopen(pid_r, "rb") as read:
        pid = read.read().decode()
    waiters.append(waiter)
    return {"pid": int(pid)} if pid else {"cannot": "the kernel's process could not be forked"}


def run_kernel(request: dict) -> None:
    """The kernel's process (fork_kernel): `python -m ipykernel_launcher <args>` from here on. Never returns."""
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        standard_streams(request["log"], os.O_APPEND)
        sys.stdin = sys.__stdin__ = python_stream(0, "r", "<stdin>")
        sys.stdout = sys.__stdout__ = python_stream(1, "w", "<stdout>")
        sys.stderr = sys.__stderr__ = python_stream(2, "w", "<stderr>")
        for name in set(os.environ) - set(request["env"]):
            del os.environ[name]
        os.environ.update(request["env"])
        # As jupyter_client's launcher sets it: the kernel's parent, which the kernel watches, and exits when it ends.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        main = types.ModuleType("__main__")
        main.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = main
        sys.argv = ["-m", *request["args"]]  # as `python -m` gives it: the module's path replaces the "-m"
        sys.path[0] = os.getcwd()  # as `python -m` puts it first: the working directory, not the one this process started in
        try:
            runpy._run_module_as_main("ipykernel_launcher")  # what `python -m` runs, in the new __main__
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        threading._shutdown()
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001  (to the kernel's log, as python prints an uncaught error)
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110
                pass
        os._exit(code)


def python_stream(fd: int, mode: str, name: str) -> io.TextIOWrapper:
    """sys.stdin, stdout or stderr as a new `python` makes it on that file descriptor."""
    stream = open(fd, mode, closefd=False, encoding="utf-8", errors="backslashreplace" if fd == 2 else "strict")  # noqa: SIM115
    stream.buffer.raw.name = name
    return stream


def reap(waiters: list[int]) -> None:
    """Collect the waiters of the kernels that have ended (fork_kernel)."""
    for pid in list(waiters):
        if os.waitpid(pid, os.WNOHANG)[0]:
            waiters.remove(pid)


PRELOADED = ("numpy", "torch")  # imported once here, so that each forked block starts fast


def import_printing(modules: tuple[str, ...]) -> str:
    """Import the modules; what that printed, on stdout or stderr (a warning at import, say)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved, streams = (os.dup(1), os.dup(2)), (sys.stdout, sys.stderr)
    with tempfile.TemporaryFile() as printed:
        os.dup2(printed.fileno(), 1)  # what native code writes
        os.dup2(printed.fileno(), 2)
        sys.stdout = sys.stderr = io.TextIOWrapper(io.FileIO(printed.fileno(), "w", closefd=False), write_through=True)
        try:
            for name in modules:
                importlib.import_module(name)
        finally:
            sys.stdout, sys.stderr = streams
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
        printed.seek(0)
        return printed.read().decode("utf-8", "replace")


def imports_printed(printed: str) -> dict:
    """The answer to every block when importing numpy and torch printed something: a reader's block that imports them
    prints it, and a child of this process, which imported them before the block ran, cannot."""
    return {"outcome": "raised", "error": (
        f"importing {' and '.join(PRELOADED)} in a new python printed this, which a reader's block that imports them "
        f"would print too, and a block forked from the process that imported them cannot show:\n{printed}"
        "Fix what makes it print (an installed version, an environment variable), or run the blocks that import them "
        "in a new interpreter (mark them script)."
    )}


def main() -> None:
    started_with = dict(os.environ)  # what numpy and torch read at import, and a forked kernel's environment must be
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")  # asks NVML: CUDA stays usable in forked children
    printed = import_printing(PRELOADED)
    import torch

    # What the imports made, out of the collector's sight: a child's collection at its end (shut_down) then
    # scans only what its block made, instead of writing to every object's header and so copying the
    # zygote's memory page by page (a block 9.5 ms without that collection, 120 ms with it, 10 ms so).
    gc.freeze()
    # torch's operator libraries, made at import, are torn down by weakref finalizers at exit: 25 ms a block,
    # and they print nothing. Left to this process: a child's exit runs only the finalizers its block made.
    for finalizer in list(weakref.finalize._registry):
        finalizer.atexit = False

    answers = sys.stdout
    sys.stdout = sys.stderr  # nothing but answers goes to the channel
    waiters: list[int] = []  # fork_kernel's, reaped at the next request
    for line in sys.stdin:
        request = json.loads(line)
        reap(waiters)
        if request["op"] == "cuda":
            answer = {"cuda": torch.cuda.is_available()}
        elif request["op"] == "kernel":
            answer = {"cannot": f"importing {' and '.join(PRELOADED)} printed:\n{printed}"} if printed else fork_kernel(request, started_with, waiters)
        elif KERNEL_PRELOADED in sys.modules:  # a block forked from here would find ipykernel imported (runner.zygote)
            answer = {"outcome": "raised", "error": f"this zygote forks notebook kernels and has imported {KERNEL_PRELOADED}, "
                      "which a block run as pasted must not find imported: blocks run in another (runner.zygote)"}
        else:
            answer = imports_printed(printed) if printed else run(request)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    # The channel closed: its process is done with this one, and waits for it to end (runner.Zygote.close, at the end
    # of a build or of the suite). Without the interpreter's teardown, torch's and numpy's modules and finalizers
    # (0.17 s idle, 0.3 s under load, on the build's way to the checks): nothing here is left to write or remove.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
