"""A notebook's kernel forked from the zygote (verified_guide.kernels) is the kernel a new interpreter would be."""

import re

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from verified_guide import kernels, notebooks, runner

# What a cell can see of how its kernel started: its command line, paths, directory, process group, environment,
# modules, warning filters, threads, flags and standard streams.
PROBE = """\
import os, sys, threading, warnings
import numpy, torch
print(os.path.basename(sys.argv[0]), sys.argv[1:2])
print(sys.path)
print(os.path.basename(os.getcwd()), sorted(os.listdir(".")))
print(os.getpgid(0) == os.getpid(), os.getsid(0) == os.getpid(), os.environ["JPY_PARENT_PID"] == str(os.getppid()))
print(sorted(k for k in os.environ), os.environ["PYTHONHASHSEED"])
print(__name__, type(get_ipython()).__name__, sys.modules["__main__"].__name__)
print(sorted(map(str, warnings.filters)))  # the same filters: see test_only_the_order_of_unrelated_filters_differs
print(sorted(t.name for t in threading.enumerate()))
print(sys.flags)
print(sys.__stdin__, sys.__stdout__, sys.__stderr__, sys.stdout.__class__.__name__)
warnings.warn("shown once")
"""


def notebook(*sources: str):
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


@pytest.fixture
def forked(monkeypatch) -> list:
    """What kernels.fork returned for each kernel started (None: started as a new interpreter)."""
    found, fork = [], kernels.fork
    monkeypatch.setattr(kernels, "fork", lambda cmd, options: found.append(fork(cmd, options)) or found[-1])
    return found


def printed(nb, root) -> list[str]:
    """What each cell printed, stdout and stderr; the pid in the name of the file IPython compiles a cell into, which a
    warning shows (/tmp/ipykernel_<pid>/…), left out."""
    return [re.sub(r"ipykernel_\d+", "ipykernel_<pid>", notebooks.printed(cell["outputs"]) + notebooks.printed(cell["outputs"], "stderr"))
            for cell in notebooks.execute(nb, root)]


def test_a_forked_kernel_prints_what_a_new_one_prints(tmp_path, forked, monkeypatch):
    nb = notebook(PROBE)
    as_forked = printed(nb, tmp_path)
    assert isinstance(forked[-1], kernels.ForkedKernel), "the kernel was not forked"
    monkeypatch.setattr(kernels, "fork", lambda cmd, options: None)  # as jupyter_client starts one
    assert printed(nb, tmp_path) == as_forked
    assert "UserWarning: shown once" in as_forked[0]


def test_only_the_order_of_unrelated_filters_differs(tmp_path, forked, monkeypatch):
    """torch and numpy add their warning filters when imported: before IPython's two in a forked kernel, after them in a
    new one. No warning matches one of IPython's (a RuntimeWarning about Trio's signal handling, IPython's
    ProvisionalCompleterWarning) and one of theirs (torch's JIT and tracer warnings, numpy's size and rank warnings),
    so the order changes no warning's fate."""
    nb = notebook("import warnings, numpy, torch\nfor f in warnings.filters: print(f)")
    as_forked = printed(nb, tmp_path)[0].splitlines()
    monkeypatch.setattr(kernels, "fork", lambda cmd, options: None)
    as_new = printed(nb, tmp_path)[0].splitlines()
    assert sorted(as_forked) == sorted(as_new)
    ipython = [f for f in as_new if "Trio" in f or "ProvisionalCompleterWarning" in f]
    assert len(ipython) == 2 and [f for f in as_forked if f not in ipython] == [f for f in as_new if f not in ipython]


def test_a_kernel_whose_environment_differs_starts_new(tmp_path, forked, monkeypatch):
    """numpy and torch read the environment when imported: a kernel is forked only from a zygote whose environment,
    when it imported them, was the kernel's."""
    runner.zygote(runner.HASH_SEEDS[1], kernels=True)  # started before the change
    with monkeypatch.context() as changed:  # undone before the test ends: its pass is recorded under the environment it began with
        changed.setenv("OMP_NUM_THREADS", "1")
        found = printed(notebook("import os, torch\nprint(os.environ['OMP_NUM_THREADS'], torch.get_num_threads())"), tmp_path)
    assert found == ["1 1\n"]  # a kernel forked from that zygote would print "1 2" on two cores
    assert forked == [None]


def test_a_forked_kernel_whose_cell_times_out_is_ended(tmp_path, forked, monkeypatch):
    """A cell over the timeout fails the run, naming the timeout, and the kernel is ended as jupyter_client ends one
    it started (provisioner.kill: through its process group), not left running."""
    monkeypatch.setattr(notebooks, "BLOCK_TIMEOUT", 3)
    with pytest.raises(notebooks.KernelDied, match="CellTimeoutError"):
        notebooks.execute(notebook("import time\ntime.sleep(60)"), tmp_path)
    assert isinstance(forked[-1], kernels.ForkedKernel) and forked[-1].poll() is not None  # shut down, not left running


def test_blocks_never_run_where_kernels_are_forked(tmp_path, project, good_snippet):
    """The zygote that forks kernels has imported ipykernel; a block forked from it would find it imported, as no reader's
    python does: blocks of the same seed run in a zygote of their own, and the kernels' refuses them."""
    printed(notebook("print(1)"), tmp_path)  # the kernels' zygote of the second seed has imported ipykernel
    project.write("snippets/demo.py", good_snippet.replace('print("hello")', 'import sys\nprint("IPython" in sys.modules)'))
    assert project.run(seed=runner.HASH_SEEDS[1]) == runner.Result("False\n", None)
    refused = runner.zygote(runner.HASH_SEEDS[1], kernels=True).ask(op="run", code="", filename="x.py", first_line=1, cwd=str(tmp_path), output=str(tmp_path / "out"), timeout=5)
    assert refused["outcome"] == "raised" and "must not find imported" in refused["error"], refused
