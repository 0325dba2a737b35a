"""Jupyter kernels forked from a zygote (zygote.fork_kernel) instead of started as new interpreters.

A notebook's kernel imports numpy and torch in its first cells, and ipykernel before them: 2 CPU
seconds a kernel, which a site's build pays once per page. A kernel forked from the zygote of the
kernel's hash seed (runner.zygote(seed, kernels=True)), which imported them when it started, with the environment
it would have had, starts without them. What the cells print is what a new kernel's cells print
(tests/tooling/test_kernels.py compares the two): the zygote forks none whose environment differs
from the one numpy and torch were imported with, and says why not; the kernel then starts as a
new interpreter, as jupyter_client starts one.

ZygoteKernelManager is jupyter_client's AsyncKernelManager with ZygoteProvisioner, its
LocalProvisioner forking the kernel; ForkedKernel is what the provisioner keeps of the process
(subprocess.Popen's methods that it calls: poll, wait, send_signal, kill, terminate).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from . import runner

LAUNCHER = ["-m", "ipykernel_launcher"]  # the kernel spec's command after the interpreter: `python -m ipykernel_launcher -f …`


class ForkedKernel:
    """A kernel the zygote forked: not this process's child, so its exit status is read from the file the zygote's
    process waiting for it writes (zygote.fork_kernel)."""

    stdin = stdout = stderr = None  # LocalProvisioner.wait closes these when they are files

    def __init__(self, pid: int, exit_path: str):
        self.pid, self.exit_path, self.returncode = pid, exit_path, None

    def poll(self) -> int | None:
        if self.returncode is None and os.path.exists(self.exit_path):
            with open(self.exit_path) as status:
                self.returncode = int(status.read())
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(LAUNCHER, timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:  # it ended meanwhile
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork(cmd: list[str], options: dict) -> ForkedKernel | None:
    """The kernel `cmd` would start, forked from the zygote of its hash seed; None when it is not a Python kernel of
    this interpreter, its output does not go to one file, or the zygote will not fork it (zygote.fork_kernel)."""
    env, log = options.get("env"), options.get("stdout")
    if (
        env is None or cmd[:3] != [sys.executable, *LAUNCHER] or not env.get("PYTHONHASHSEED", "").isdigit()
        or log is None or options.get("stderr") is not log or not isinstance(getattr(log, "name", None), str)
    ):
        return None
    log.flush()
    exit_path = f"{log.name}.{uuid.uuid4().hex}.exit"  # beside the log: the working directory stays as the cells find it
    answer = runner.zygote(int(env["PYTHONHASHSEED"]), kernels=True).ask(
        op="kernel", args=cmd[3:], env=env, cwd=os.fspath(options.get("cwd") or os.getcwd()), log=log.name, exit=exit_path,
    )
    return ForkedKernel(answer["pid"], exit_path) if "pid" in answer else None


class ZygoteProvisioner(LocalProvisioner):
    """LocalProvisioner, forking the kernel from the zygote when it can (fork), else starting it as it does."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        process = fork(cmd, kwargs)
        if process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process, self.pid, self.pgid = process, process.pid, process.pid  # its own process group (os.setsid)
        self.cwd = kwargs.get("cwd") or os.getcwd()
        return self.connection_info


class ZygoteKernelManager(AsyncKernelManager):
    """AsyncKernelManager whose kernels ZygoteProvisioner starts (nbclient's kernel_manager_class)."""

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:  # as jupyter_client makes its own, with the kernel's id
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ZygoteProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)
