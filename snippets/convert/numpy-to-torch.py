# Examples shown on docs/convert/numpy-to-torch.md. Each section runs on its own, as pasted.

# --8<-- [start:the-answer]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])

shared = torch.from_numpy(a)  # always the array's memory and dtype
either = torch.as_tensor(a)  # the array's memory when it can, a copy when it must
own = torch.tensor(a)  # always a copy of its own

a[0] = 100.0
print(shared)
print(either)
print(own)
# --8<-- [end:the-answer]

# --8<-- [start:at-a-glance-table]
import array
import warnings

import numpy as np
import torch

a = np.array([1.0, 2.0])  # float64
read_only = np.array([1.0, 2.0])
read_only.setflags(write=False)

inputs = {  # row label: (what is passed, keyword arguments)
    "float64 array": (a, {}),
    "→ float64": (a, {"dtype": torch.float64}),
    "→ float32": (a, {"dtype": torch.float32}),
    "→ bfloat16": (a, {"dtype": torch.bfloat16}),
    "float16 array": (a.astype(np.float16), {}),
    "[0-d array](#scalars)": (np.array(1.5), {}),
    "[NumPy scalar](#scalars)": (np.float64(1.5), {}),
    "list": ([1.0, 2.0], {}),
    "tensor": (torch.tensor([1.0, 2.0]), {}),
    "[`array.array`](#buffer-protocol)": (array.array("d", [1.0, 2.0]), {}),
    "[`bytearray`](#buffer-protocol)": (bytearray(b"\x01\x02"), {}),
    "[`a[::2]`](#slices-with-a-step)": (np.arange(4.0)[::2], {}),
    "[`a[::-1]`](#negative-steps)": (a[::-1], {}),
    "[big-endian](../reference/dtypes.md#byte-order)": (a.astype(">f8"), {}),
    "[read-only](memory.md#read-only-arrays)": (read_only, {}),
}
calls = {
    "`from_numpy`": torch.from_numpy,
    "`as_tensor`": torch.as_tensor,
    "`asarray`": torch.asarray,
    "`copy=False`": lambda x, **kw: torch.asarray(x, copy=False, **kw),
    "`tensor`": torch.tensor,
}


def bytes_of(x):
    """The memory x holds, as a NumPy array; None for a list or a scalar."""
    if isinstance(x, torch.Tensor):
        return x.numpy()
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, (array.array, bytearray)):
        return np.frombuffer(x, dtype=np.uint8)
    return None


def cell(call, x, kwargs):
    if kwargs and call is torch.from_numpy:
        return "—"  # from_numpy has no dtype=
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the read-only array and the tensor warn
        try:
            t = call(x, **kwargs)
        except Exception as err:
            return f"✗ `{type(err).__name__}`"
    if t.device.type != "cpu":
        return f"`{t.device.type}`"
    if t.tolist() != np.asarray(x).tolist():
        return "✗ wrong values"
    view = t.view(torch.int16) if t.dtype == torch.bfloat16 else t  # NumPy has no bfloat16
    source = bytes_of(x)
    return "✓ shares" if source is not None and np.shares_memory(source, view.numpy()) else "copy"


print("| Input |", " | ".join(calls), "|")
print("|---|" + "---|" * len(calls))
for label, (x, kwargs) in inputs.items():
    print(f"| {label} |", " | ".join(cell(call, x, kwargs) for call in calls.values()), "|")

torch.set_default_device("meta")  # a device with no memory, in every build of PyTorch
try:
    print("| default device |", " | ".join(cell(call, a, {}) for call in calls.values()), "|")
finally:
    torch.set_default_device(None)
# --8<-- [end:at-a-glance-table]

# --8<-- [start:from-numpy-shares]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(a)
print(t.dtype)  # float64, as the array

a[0] = 10.0  # write through the array...
t[1] = 20.0  # ...and through the tensor
print(a)
print(t)
print(np.shares_memory(a, t.numpy()))

print(torch.from_numpy(np.array([1, 2], dtype=np.int32)).dtype)

try:
    torch.from_numpy([1.0, 2.0])  # a list is not an array
except TypeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:from-numpy-shares]

# --8<-- [start:as-tensor-shares-or-copies]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])  # float64

same = torch.as_tensor(a)
on_cpu = torch.as_tensor(a, device="cpu")  # already there: no copy
same_dtype = torch.as_tensor(a, dtype=torch.float64)  # already float64: no copy
as_f32 = torch.as_tensor(a, dtype=torch.float32)  # a conversion: a copy

a[0] = 100.0
print(same)
print(on_cpu)
print(same_dtype)
print(as_f32)

for name, t in [("same", same), ("on_cpu", on_cpu), ("same_dtype", same_dtype), ("as_f32", as_f32)]:
    print(f"{name:<10} shares: {np.shares_memory(a, t.numpy())}")
# --8<-- [end:as-tensor-shares-or-copies]

# --8<-- [start:asarray-copy]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])

for copy in (None, True, False):
    t = torch.asarray(a, copy=copy)
    print(f"copy={copy!s:<5}  shares: {np.shares_memory(a, t.numpy())}  dtype: {t.dtype}")
# --8<-- [end:asarray-copy]

# --8<-- [start:asarray-copy-false-fails]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])  # float64

t = torch.asarray(a, dtype=torch.float32)  # copy=None: converts, so copies
print(t.dtype, np.shares_memory(a, t.numpy()))

try:
    torch.asarray(a, dtype=torch.float32, copy=False)  # no copy allowed
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

try:
    torch.asarray([1.0, 2.0], copy=False)  # a list has no memory to share
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:asarray-copy-false-fails]

# --8<-- [start:buffer-protocol]
import array

import numpy as np
import torch

b = array.array("d", [1.0, 2.0])  # two float64 values behind the buffer protocol

print(torch.as_tensor(b))  # read as a sequence of Python floats: a float32 copy
print(torch.asarray(b))  # read as raw bytes, in the default dtype (float32): wrong values
print(torch.asarray(b, dtype=torch.float64))  # the right dtype: right values, shared

t = torch.from_numpy(np.asarray(b))  # NumPy reads the buffer's own format
print(t, np.shares_memory(np.asarray(b), t.numpy()))

try:
    torch.asarray(bytearray(b"\x01\x02"))  # 2 bytes: not a whole float32
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
print(torch.as_tensor(bytearray(b"\x01\x02")))  # a sequence of ints
# --8<-- [end:buffer-protocol]

# --8<-- [start:tensor-copies]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.tensor(a)
print(t.dtype)  # float64, as the array

a[0] = 100.0  # the tensor does not see this
t[1] = 200.0  # and the array does not see this
print(a)
print(t)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:tensor-copies]

# --8<-- [start:default-dtypes]
import numpy as np
import torch

print("default dtype:   ", torch.get_default_dtype())
print("list of floats:  ", torch.tensor([1.0, 2.0]).dtype)
print("list of ints:    ", torch.tensor([1, 2]).dtype)
print("list of bools:   ", torch.tensor([True, False]).dtype)
print("float64 array:   ", torch.tensor(np.array([1.0, 2.0])).dtype)
print("int64 array:     ", torch.tensor(np.array([1, 2])).dtype)
print("np.float64 items:", torch.tensor([np.float64(1.0), np.float64(2.0)]).dtype)

# as_tensor and asarray infer the same dtypes
print(torch.as_tensor([1.0, 2.0]).dtype, torch.asarray([1.0, 2.0]).dtype)
print(torch.as_tensor([1, 2]).dtype, torch.asarray([1, 2]).dtype)
# --8<-- [end:default-dtypes]

# --8<-- [start:transposed-shares-strides]
import numpy as np
import torch

a = np.arange(6).reshape(2, 3).T  # a transposed view, shape (3, 2)
print(a.strides)  # NumPy counts strides in bytes

t = torch.from_numpy(a)
print(t.stride())  # PyTorch counts them in elements: same layout
print(t.is_contiguous())

a[0, 1] = 99
print(t[0, 1].item())
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:transposed-shares-strides]

# --8<-- [start:transposed-copies-keep-layout]
import numpy as np
import torch

a = np.arange(6).reshape(2, 3).T

copied = torch.tensor(a)  # a copy, but with the same transposed layout
print(copied.stride(), copied.is_contiguous())

try:
    torch.from_numpy(a).view(6)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

c = torch.from_numpy(a).contiguous()  # a row-major copy
print(c.stride(), c.is_contiguous(), np.shares_memory(a, c.numpy()))
print(c.view(6))
# --8<-- [end:transposed-copies-keep-layout]

# --8<-- [start:positive-step-shares]
import numpy as np
import torch

base = np.arange(6)
a = base[::2]  # every other element: a view with a step of 2

t = torch.from_numpy(a)
print(t, t.stride(), t.is_contiguous())

t[0] = 100  # writes into base
print(base)
print(np.shares_memory(a, t.numpy()))

copied = torch.tensor(a)  # a compact copy
print(copied.stride(), copied.is_contiguous())
# --8<-- [end:positive-step-shares]

# --8<-- [start:negative-step-fails]
import numpy as np
import torch

a = np.arange(6)[::-1]
print(a.strides, np.flip(np.arange(6)).strides)  # both step backwards

try:
    torch.from_numpy(a)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
    message = str(err)

for convert in (torch.as_tensor, torch.asarray, torch.tensor):
    try:
        convert(a)
    except ValueError as err:
        print(f"{convert.__name__}: the same error: {str(err) == message}")
# --8<-- [end:negative-step-fails]

# --8<-- [start:negative-step-fix]
import numpy as np
import torch

a = np.arange(6)[::-1]

t1 = torch.from_numpy(a.copy())  # a forward copy
t2 = torch.from_numpy(np.arange(6)).flip(0)  # or flip in PyTorch (also a copy)
print(t1)
print(t2)
print(np.shares_memory(a, t1.numpy()))

batch = np.arange(6).reshape(1, 6)[::-1]  # one row, "flipped" along an axis of length 1
print(batch.strides, batch.flags.c_contiguous)  # a negative stride, yet "C-contiguous"
print(np.ascontiguousarray(batch) is batch)  # so nothing is copied
try:
    torch.from_numpy(np.ascontiguousarray(batch))
except ValueError as err:
    print(f"{type(err).__name__}: {str(err).split(',')[0]}")
print(torch.from_numpy(batch.copy()).stride())  # .copy() lays it out forwards
# --8<-- [end:negative-step-fix]

# --8<-- [start:memmap-writes-to-file]
import os
import tempfile

import numpy as np
import torch

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "data.f32")
    mm = np.memmap(path, dtype=np.float32, mode="w+", shape=(4,))

    t = torch.from_numpy(mm)  # a tensor on the mapped file
    print(np.shares_memory(mm, t.numpy()))

    t[:] = torch.arange(4.0)
    t *= 10
    mm.flush()  # make sure the changes are on disk

    print(np.fromfile(path, dtype=np.float32))
    again = np.memmap(path, dtype=np.float32, mode="r")
    print(again)
    del t, mm, again  # close the mappings before the folder goes
# --8<-- [end:memmap-writes-to-file]

# --8<-- [start:memmap-read-only]
import os
import tempfile
import warnings

import numpy as np
import torch

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "data.f32")
    np.arange(4, dtype=np.float32).tofile(path)

    read_only = np.memmap(path, dtype=np.float32, mode="r")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.from_numpy(read_only)
    for w in caught:
        print(f"{w.category.__name__}: {w.message}")

    private = np.memmap(path, dtype=np.float32, mode="c")  # copy-on-write
    print(read_only.flags.writeable, private.flags.writeable)
    t = torch.from_numpy(private)
    t[0] = -1.0  # changes memory only, never the file
    print(t)
    print(np.fromfile(path, dtype=np.float32))
    del read_only, private, t
# --8<-- [end:memmap-read-only]

# --8<-- [start:zero-d-and-scalars]
import numpy as np
import torch

for x in (np.array(3), np.float64(1.5)):
    print(repr(x))
    for convert in (torch.from_numpy, torch.as_tensor, torch.asarray, torch.tensor):
        try:
            t = convert(x)
            print(f"  {convert.__name__:<10} {t!r}  shape={tuple(t.shape)}  {t.dtype}")
        except TypeError as err:
            print(f"  {convert.__name__:<10} {type(err).__name__}: {err}")
# --8<-- [end:zero-d-and-scalars]

# --8<-- [start:zero-d-shares]
import numpy as np
import torch

z = np.array(3)  # a 0-d array: it has memory, so it can be shared
t = torch.from_numpy(z)
z[()] = 5
print(t, np.shares_memory(z, t.numpy()))

a = torch.asarray(z, copy=False)  # "share, or raise"...
z[()] = 7
print(a, np.shares_memory(z, a.numpy()))  # ...yet a copy, without a word

try:
    torch.asarray(np.float64(1.5), copy=False)  # a NumPy scalar: an error, as promised
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:zero-d-shares]

# --8<-- [start:list-of-zero-d-arrays]
import numpy as np
import torch

values = [np.array(1.0), np.array(2.0)]  # a list of 0-d arrays
try:
    torch.tensor(values)
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(np.stack(values)))
# --8<-- [end:list-of-zero-d-arrays]

# --8<-- [start:bool-arrays]
import numpy as np
import torch

mask = np.array([True, False, True])
m = torch.from_numpy(mask)
print(m.dtype, np.shares_memory(mask, m.numpy()))

mask[0] = False  # the tensor follows
print(m)

values = torch.tensor([10, 20, 30])
print(values[m])  # a bool tensor works as a mask
# --8<-- [end:bool-arrays]

# --8<-- [start:list-of-arrays-warning]
import warnings

import numpy as np
import torch

rows = [np.arange(3.0), np.arange(3.0, 6.0)]

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.tensor(rows)  # works, slowly
    torch.tensor(rows)  # the warning is given once per process
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(len(caught))
print(t)
# --8<-- [end:list-of-arrays-warning]

# --8<-- [start:list-of-arrays-fix]
import warnings

import numpy as np
import torch

rows = [np.arange(3.0), np.arange(3.0, 6.0)]

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    batch = np.stack(rows)  # one copy, in NumPy
    t1 = torch.from_numpy(batch)  # no copy
    t2 = torch.stack([torch.from_numpy(r) for r in rows])  # one copy, in PyTorch
print(len(caught))

print(t1.shape, t1.dtype)
print(torch.equal(t1, t2))
print(np.shares_memory(batch, t1.numpy()), np.shares_memory(rows[0], t1.numpy()))
print(np.shares_memory(rows[0], t2.numpy()))
# --8<-- [end:list-of-arrays-fix]

# --8<-- [start:stacking]
import numpy as np
import torch

a32 = np.ones(2, dtype=np.float32)
a64 = np.ones(2)  # float64

try:
    torch.stack([a32, a32])  # torch.stack wants tensors
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

# one float64 input makes the whole batch float64, in both libraries
print(np.stack([a32, a64]).dtype)
print(torch.stack([torch.from_numpy(a32), torch.from_numpy(a64)]).dtype)

# rows of different lengths
try:
    np.stack([np.ones(2), np.ones(3)])
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
try:
    torch.stack([torch.from_numpy(np.ones(2)), torch.from_numpy(np.ones(3))])
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:stacking]

# --8<-- [start:float32-for-a-model]
import numpy as np
import torch

ways = {
    "torch.from_numpy(a).float()": lambda a: torch.from_numpy(a).float(),
    "torch.from_numpy(a.astype(np.float32))": lambda a: torch.from_numpy(a.astype(np.float32)),
    "torch.as_tensor(a, dtype=torch.float32)": lambda a: torch.as_tensor(a, dtype=torch.float32),
    "torch.from_numpy(a.astype(np.float32, copy=False))": (
        lambda a: torch.from_numpy(a.astype(np.float32, copy=False))
    ),
    "torch.tensor(a, dtype=torch.float32)": lambda a: torch.tensor(a, dtype=torch.float32),
}

print("Shares memory with a?")
for a in (np.ones(3), np.ones(3, dtype=np.float32)):
    print(f"a is {a.dtype}:")
    for name, make in ways.items():
        t = make(a)
        print(f"  {name:<51} {t.dtype}  {np.shares_memory(a, t.numpy())}")
# --8<-- [end:float32-for-a-model]
