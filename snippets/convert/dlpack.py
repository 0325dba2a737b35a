# Examples shown on docs/convert/dlpack.md. Each section runs on its own, as pasted.

# --8<-- [start:round-trip]
import numpy as np
import torch

a = np.arange(4.0)
t = torch.from_dlpack(a)  # NumPy -> torch, no copy
back = np.from_dlpack(t)  # torch -> NumPy, no copy

t[0] = 100.0  # one write...
print(a)  # ...seen by all three
print(back)
print(np.shares_memory(a, t.numpy()), np.shares_memory(a, back))
# --8<-- [end:round-trip]

# --8<-- [start:torch-from-dlpack-shares]
import numpy as np
import torch

a = np.array([1, 2, 3], dtype=np.int32)
t = torch.from_dlpack(a)
print(t.dtype)

a[0] = 10  # write through the array
t[1] = 20  # write through the tensor
print(a)
print(t)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:torch-from-dlpack-shares]

# --8<-- [start:torch-from-dlpack-bool]
import numpy as np
import torch

mask = np.array([True, False, True])
t = torch.from_dlpack(mask)
print(t, t.dtype)

t[1] = True
print(mask)
print(np.shares_memory(mask, t.numpy()))
# --8<-- [end:torch-from-dlpack-bool]

# --8<-- [start:non-contiguous]
import numpy as np
import torch

grid = np.arange(12).reshape(3, 4)
every_other = grid[:, ::2]  # a strided view, not contiguous
fortran = np.asfortranarray(grid)  # column-major

for a in (every_other, fortran):
    t = torch.from_dlpack(a)
    print(a.strides, "->", t.stride(), np.shares_memory(a, t.numpy()))
# --8<-- [end:non-contiguous]

# --8<-- [start:negative-strides-from-numpy]
import numpy as np
import torch

reversed_view = np.arange(6)[::-1]
print(reversed_view.strides)

try:
    torch.from_numpy(reversed_view)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:negative-strides-from-numpy]

# --8<-- [start:negative-strides-abort]
import subprocess
import sys

# Run the call in a child process: it kills the interpreter that makes it.
code = """
import numpy as np
import torch
try:
    torch.from_dlpack(np.arange(6)[::-1])
except Exception as err:
    print("caught", type(err).__name__)
print("still running")
"""
child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
print("exit code:", child.returncode)  # -6: killed by SIGABRT
print("stdout:", repr(child.stdout))
for line in child.stderr.splitlines()[:2]:
    print(line)
# --8<-- [end:negative-strides-abort]

# --8<-- [start:negative-strides-copy]
import numpy as np
import torch

reversed_view = np.arange(6)[::-1]

t = torch.from_dlpack(reversed_view, copy=True)  # NumPy hands over a copy
print(t, t.stride())
print(np.shares_memory(reversed_view, t.numpy()))

t = torch.from_dlpack(reversed_view.copy())  # the same, spelled out
print(t, t.stride())
# --8<-- [end:negative-strides-copy]

# --8<-- [start:read-only-dunder]
import numpy as np

frozen = np.arange(3.0)
frozen.flags.writeable = False

try:
    frozen.__dlpack__()  # the old, unversioned capsule has no read-only flag
except BufferError as err:
    print(f"{type(err).__name__}: {err}")

capsule = frozen.__dlpack__(max_version=(1, 0))  # DLPack 1.0 can carry the flag
print(type(capsule).__name__)
# --8<-- [end:read-only-dunder]

# --8<-- [start:read-only-torch-writes]
import warnings

import numpy as np
import torch

frozen = np.arange(3.0)
frozen.flags.writeable = False

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.from_dlpack(frozen)
print("warnings:", len(caught))

t[0] = 100.0  # torch has no read-only tensors: the write goes through
print(frozen, frozen.flags.writeable)
print(np.shares_memory(frozen, t.numpy()))

# torch.from_numpy at least warns about the same array:
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.from_numpy(frozen)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:read-only-torch-writes]

# --8<-- [start:np-from-dlpack-shares]
import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0])
a = np.from_dlpack(t)
print(a, a.dtype, a.flags.writeable)

t[0] = 10.0  # write through the tensor
a[1] = 20.0  # write through the array
print(t)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:np-from-dlpack-shares]

# --8<-- [start:np-from-dlpack-read-only]
import numpy as np

frozen = np.arange(3.0)
frozen.flags.writeable = False

view = np.from_dlpack(frozen)  # NumPy reads the flag and keeps it
print(view.flags.writeable, np.shares_memory(view, frozen))
# --8<-- [end:np-from-dlpack-read-only]

# --8<-- [start:np-from-dlpack-refusals]
import numpy as np
import torch

refused = {
    "requires_grad": torch.ones(3, requires_grad=True),
    "conjugate view": torch.tensor([1 + 2j]).conj(),
    "bfloat16": torch.ones(3, dtype=torch.bfloat16),
    "meta device": torch.ones(3, device="meta"),
}
for name, t in refused.items():
    try:
        np.from_dlpack(t)
    except (BufferError, RuntimeError) as err:
        print(f"{name:>14}  {type(err).__name__}: {err}")
# --8<-- [end:np-from-dlpack-refusals]

# --8<-- [start:np-from-dlpack-negative-bit]
import numpy as np
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
im = z.conj().imag  # a view with the negative bit set
print(im, im.is_neg())

print(np.from_dlpack(im))  # no error, and the sign is lost
print(torch.from_dlpack(im))  # the same through DLPack back into PyTorch
print(np.from_dlpack(im.resolve_neg()))  # resolve first: a copy with the right values
print(np.from_dlpack(im, copy=True))  # or ask for a copy
# --8<-- [end:np-from-dlpack-negative-bit]

# --8<-- [start:np-from-dlpack-fixes]
import numpy as np
import torch

w = torch.ones(3, requires_grad=True)
a = np.from_dlpack(w.detach())  # detach(): same memory, outside autograd
print(a, np.shares_memory(a, w.detach().numpy()))

z = torch.tensor([1 + 2j]).conj()
print(z.is_conj())
print(np.from_dlpack(z.resolve_conj()))  # resolve_conj(): the conjugation applied
# --8<-- [end:np-from-dlpack-fixes]

# --8<-- [start:np-from-dlpack-cpu-only]
import numpy as np
import torch

t = torch.arange(3)
print(np.from_dlpack(t, device="cpu"))  # "cpu" is the one device NumPy accepts

try:
    np.from_dlpack(t, device="cuda")
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:np-from-dlpack-cpu-only]

# --8<-- [start:dlpack-device]
import numpy as np
import torch

print(torch.arange(3).__dlpack_device__())
print(np.arange(3).__dlpack_device__())
# --8<-- [end:dlpack-device]

# --8<-- [start:dlpack-capsules]
import numpy as np
import torch


def capsule_name(capsule):
    return repr(capsule).split('"')[1]  # <capsule object "NAME" at 0x...>


t = torch.arange(3.0)
print(capsule_name(t.__dlpack__()))
print(capsule_name(t.__dlpack__(max_version=(1, 0))))
print(capsule_name(np.arange(3.0).__dlpack__(max_version=(1, 0))))

capsule = t.__dlpack__(max_version=(1, 0))
u = torch.from_dlpack(capsule)  # torch also accepts a bare capsule
print(u.data_ptr() == t.data_ptr())
try:
    torch.from_dlpack(capsule)  # a second time
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:dlpack-capsules]

# --8<-- [start:copy-keyword]
import numpy as np
import torch

t = torch.arange(3.0)
for copy in (None, True, False):
    a = np.from_dlpack(t, copy=copy)
    call = f"np.from_dlpack(t, copy={copy})"
    print(f"{call:<32} shares: {np.shares_memory(a, t.numpy())}")

a = np.arange(3.0)
for copy in (None, True, False):
    u = torch.from_dlpack(a, copy=copy)
    call = f"torch.from_dlpack(a, copy={copy})"
    print(f"{call:<32} shares: {np.shares_memory(a, u.numpy())}")
# --8<-- [end:copy-keyword]

# --8<-- [start:dunder-dlpack-copy]
import torch

t = torch.arange(3.0)
for copy in (None, True, False):
    u = torch.from_dlpack(t.__dlpack__(copy=copy))
    call = f"t.__dlpack__(copy={copy})"
    print(f"{call:<25} same memory: {u.data_ptr() == t.data_ptr()}")
# --8<-- [end:dunder-dlpack-copy]

# --8<-- [start:array-dunder]
import inspect

import numpy as np
import torch

print(inspect.signature(torch.Tensor.__array__))

t = torch.tensor([1.0, 2.0, 3.0])
a = np.asarray(t)  # calls t.__array__(), which returns t.numpy()
print(a.dtype, np.shares_memory(a, t.numpy()))

wide = np.asarray(t, dtype=np.float64)  # a new dtype needs new memory
print(wide.dtype, np.shares_memory(wide, t.numpy()))

try:
    np.asarray(torch.ones(2, requires_grad=True))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:array-dunder]

# --8<-- [start:array-copy-true]
import warnings

import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    a = np.asarray(t, copy=True)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print(np.shares_memory(a, t.numpy()))  # still a copy, as asked
# --8<-- [end:array-copy-true]

# --8<-- [start:array-copy-false]
import warnings

import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        np.array(t, copy=False)
    except ValueError as err:
        print(f"{type(err).__name__}: {err}")
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

a = np.asarray(t)  # the no-copy spelling that works
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:array-copy-false]

# --8<-- [start:array-interface]
import numpy as np
import torch

print(hasattr(np.arange(3), "__array_interface__"))
print(hasattr(torch.arange(3), "__array_interface__"))
print(sorted(np.arange(3).__array_interface__))
# --8<-- [end:array-interface]

# --8<-- [start:array-interface-only]
import numpy as np
import torch


class Buffer:
    """Exposes memory only through __array_interface__."""

    def __init__(self, array):
        self._array = array

    @property
    def __array_interface__(self):
        return self._array.__array_interface__


data = np.arange(4.0)
buf = Buffer(data)

try:
    torch.as_tensor(buf)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

t = torch.from_numpy(np.asarray(buf))  # NumPy reads the interface, torch takes the array
data[0] = 100.0
print(t)
print(np.shares_memory(data, t.numpy()))
# --8<-- [end:array-interface-only]

# --8<-- [start:np-sin-on-tensor]
import warnings

import numpy as np
import torch

t = torch.tensor([0.0, 1.0, 2.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    result = np.sin(t)
print(type(result).__name__, result.dtype)
print(result)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:np-sin-on-tensor]

# --8<-- [start:array-wrap-signature]
import inspect

import torch

print(inspect.signature(torch.Tensor.__array_wrap__))
# --8<-- [end:array-wrap-signature]

# --8<-- [start:return-scalar]
import warnings

import numpy as np
import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from_array = np.sin(np.array(1.0))  # 0-d array in, NumPy scalar out
    from_tensor = np.sin(torch.tensor(1.0))  # 0-d tensor in, 0-d tensor out
print(type(from_array).__name__, from_array)
print(type(from_tensor).__name__, from_tensor, from_tensor.dim())
for w in caught:  # one warning, from the tensor call
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:return-scalar]

# --8<-- [start:comparison-gives-uint8]
import warnings

import numpy as np
import torch

t = torch.tensor([0.0, 1.0, 2.0])
with warnings.catch_warnings(record=True):
    warnings.simplefilter("always")
    mask = np.greater(t, 0.5)
print(mask, mask.dtype)
print((t > 0.5).dtype)  # torch's own comparison

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(t[mask])  # still a mask, but deprecated
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:comparison-gives-uint8]

# --8<-- [start:ufunc-needs-detach]
import numpy as np
import torch

w = torch.ones(2, requires_grad=True)
try:
    np.sin(w)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:ufunc-needs-detach]

# --8<-- [start:array-priority]
import warnings

import numpy as np
import torch

print(torch.Tensor.__array_priority__)

a = np.array([1.0, 2.0, 3.0])
t = torch.ones(3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(t.__add__(a))  # torch declines the ndarray...
    result = t + a  # ...so Python asks NumPy, whose ufunc does the work
print(type(result).__name__, result)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print(a.__add__(t), t.__radd__(a))  # both decline the other way round
try:
    a + t
except TypeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:array-priority]

# --8<-- [start:prefer-from-numpy]
import numpy as np
import torch

a = np.arange(3.0)
t = torch.from_numpy(a)  # NumPy -> torch on the CPU
a[0] = 100.0
print(t)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:prefer-from-numpy]

# --8<-- [start:any-producer]
import numpy as np
import torch


class Foreign:
    """Any object with these two methods can hand its memory over."""

    def __init__(self, array):
        self._array = array

    def __dlpack_device__(self):
        print("  __dlpack_device__()")
        return self._array.__dlpack_device__()

    def __dlpack__(self, **kwargs):
        print(f"  __dlpack__({kwargs})")
        return self._array.__dlpack__(**kwargs)


data = np.arange(3.0)
foreign = Foreign(data)

print("torch.from_dlpack:")
t = torch.from_dlpack(foreign)
print("np.from_dlpack:")
a = np.from_dlpack(foreign)

data[0] = 100.0
print(t)
print(np.shares_memory(data, t.numpy()), np.shares_memory(data, a))

wrapped = np.asarray(foreign)  # np.asarray does not look for __dlpack__
print(wrapped.dtype, wrapped.shape)
# --8<-- [end:any-producer]

# --8<-- [start:prefer-asarray]
import numpy as np
import torch

t = torch.arange(3.0)
a = np.asarray(t)  # torch -> NumPy for a CPU tensor; works where NumPy wants an array-like
t[0] = 100.0
print(a)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:prefer-asarray]
