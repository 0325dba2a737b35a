# Examples shown on docs/pitfalls/environment.md. Each section runs on its own, as pasted.

# --8<-- [start:numpy-missing]
import os
import subprocess
import sys
import sysconfig
import tempfile

# What runs in a Python that has PyTorch but cannot import NumPy
code = """
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import torch
for w in caught:
    print(f"import torch -> {w.category.__name__}: {w.message}")

print(torch.tensor([1.5, 2.5]) * 2)  # PyTorch itself works
try:
    torch.zeros(2).numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

# NumPy is installed later, into a folder this Python searches (as pip does): PyTorch does not try again
import importlib
import os
import sys

site_packages, folder = sys.argv[1:]
for name in os.listdir(site_packages):
    if name.startswith("numpy"):
        os.symlink(os.path.join(site_packages, name), os.path.join(folder, name))
importlib.invalidate_caches()  # what a new install needs in a running Python
import numpy as np

print("numpy", np.__version__, "imported")
for convert in (lambda: torch.zeros(2).numpy(), lambda: torch.from_numpy(np.zeros(2))):
    try:
        convert()
    except RuntimeError as err:
        print(f"{type(err).__name__}: {err}")
"""

# This environment without NumPy: a folder that links to everything in site-packages but numpy
site_packages = sysconfig.get_paths()["purelib"]
with tempfile.TemporaryDirectory() as without_numpy:
    for name in os.listdir(site_packages):
        if not name.startswith("numpy"):
            os.symlink(os.path.join(site_packages, name), os.path.join(without_numpy, name))
    # -S: leave site-packages out of sys.path; PYTHONPATH puts the folder in its place
    env = {**os.environ, "PYTHONPATH": without_numpy}
    done = subprocess.run([sys.executable, "-S", "-c", code, site_packages, without_numpy], env=env, capture_output=True, text=True)
print(done.stdout + done.stderr, end="")
# --8<-- [end:numpy-missing]

# --8<-- [start:numpy-1-module]
import contextlib
import io

# A module compiled against NumPy 1.x runs import_array() when it is imported:
# it imports numpy.core._multiarray_umath and reads _ARRAY_API. The same two steps:
printed = io.StringIO()
with contextlib.redirect_stderr(printed):  # NumPy writes the message to stderr as well
    try:
        import numpy.core._multiarray_umath as multiarray

        multiarray._ARRAY_API
    except ImportError as err:
        message = str(err)
        print(f"{type(err).__name__}: {message.strip()}")

print("stderr: the same message, then a traceback:", printed.getvalue().startswith(message))
# --8<-- [end:numpy-1-module]

# --8<-- [start:numpy-2-here]
import numpy as np
import torch

print("NumPy", np.__version__, "PyTorch", torch.__version__)
a = np.array([1.0, 2.0], dtype=np.float32)
t = torch.from_numpy(a)
print(t, np.shares_memory(a, t.numpy()))
print(torch.tensor(np.int64(7)), torch.tensor(np.float64(0.5)))  # NumPy scalars too
# --8<-- [end:numpy-2-here]

# --8<-- [start:could-not-infer-dtype]
import os
import subprocess
import sys
import sysconfig
import tempfile

# A Python whose `import torch` could not load NumPy; NumPy is imported afterwards
code = """
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import torch
print("import torch ->", caught[0].message)

import importlib
import os
import sys

site_packages, folder = sys.argv[1:]  # NumPy installed into a folder this Python searches, as pip does
for name in os.listdir(site_packages):
    if name.startswith("numpy"):
        os.symlink(os.path.join(site_packages, name), os.path.join(folder, name))
importlib.invalidate_caches()  # what a new install needs in a running Python
import numpy as np

a = np.array([1.5, 2.5], dtype=np.float32)
tries = {
    "torch.tensor(np.float32(1.5))": lambda: torch.tensor(np.float32(1.5)),
    "torch.tensor([a[0], a[1]])": lambda: torch.tensor([a[0], a[1]]),
    "torch.tensor(a)": lambda: torch.tensor(a),
    "torch.from_numpy(a)": lambda: torch.from_numpy(a),
}
for name, convert in tries.items():
    try:
        print(name, "->", convert())
    except (RuntimeError, TypeError) as err:
        print(name, "->", f"{type(err).__name__}: {err}")
"""

# This environment without NumPy: a folder that links to everything in site-packages but numpy
site_packages = sysconfig.get_paths()["purelib"]
with tempfile.TemporaryDirectory() as without_numpy:
    for name in os.listdir(site_packages):
        if not name.startswith("numpy"):
            os.symlink(os.path.join(site_packages, name), os.path.join(without_numpy, name))
    env = {**os.environ, "PYTHONPATH": without_numpy}
    done = subprocess.run([sys.executable, "-S", "-c", code, site_packages, without_numpy], env=env, capture_output=True, text=True)
print(done.stdout + done.stderr, end="")
# --8<-- [end:could-not-infer-dtype]

# --8<-- [start:two-numpys]
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

# A Python that imports torch (which loads NumPy), then a second copy of NumPy from another folder
code = """
import os
import sys

import numpy
import torch

first = numpy.__file__
for name in [m for m in sys.modules if m == "numpy" or m.startswith("numpy.")]:
    del sys.modules[name]
os.chdir(sys.argv[1])  # python -c looks in the current folder first: here, a folder with a numpy/ in it
import numpy as np

print("a second NumPy:", np.__file__ != first, np.__version__)
a = np.array([1.5, 2.5], dtype=np.float32)
tries = {
    "torch.from_numpy(a)": lambda: torch.from_numpy(a),
    "torch.tensor(np.float32(1.5))": lambda: torch.tensor(np.float32(1.5)),
    "torch.tensor(a)": lambda: torch.tensor(a),
}
for name, convert in tries.items():
    try:
        print(name, "->", convert())
    except (RuntimeError, TypeError) as err:
        print(name, "->", f"{type(err).__name__}: {err}")
"""

# A copy of this environment's NumPy in another folder: Python loads it as a new module
site_packages = sysconfig.get_paths()["purelib"]
with tempfile.TemporaryDirectory() as other:
    shutil.copytree(os.path.join(site_packages, "numpy"), os.path.join(other, "numpy"))
    os.symlink(os.path.join(site_packages, "numpy.libs"), os.path.join(other, "numpy.libs"))
    done = subprocess.run([sys.executable, "-c", code, other], capture_output=True, text=True)
print(done.stdout + done.stderr, end="")
# --8<-- [end:two-numpys]
