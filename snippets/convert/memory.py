# Examples shown on docs/convert/memory.md. Each section runs on its own, as pasted.

# --8<-- [start:does-it-share]
import numpy as np
import torch


def shares(a, t):
    """True when array a and CPU tensor t use some of the same bytes."""
    return np.shares_memory(a, t.detach().numpy())


a = np.arange(4.0)
t = torch.from_numpy(a)

print("from_numpy   ", shares(a, t))
print("t.numpy()    ", np.shares_memory(a, t.numpy()))
print("t[1:]        ", shares(a, t[1:]))
print("t + 1        ", shares(a, t + 1))
print("t.clone()    ", shares(a, t.clone()))
print("torch.tensor ", shares(a, torch.tensor(a)))

g = torch.from_numpy(a).requires_grad_()  # .numpy() alone would refuse this one
print("requires_grad", shares(a, g))
# --8<-- [end:does-it-share]

# --8<-- [start:keeps-or-breaks-table]
import numpy as np
import torch

rows = [  # (the operation, where it is shown)
    ("a = t.numpy()", "[does it share?](#does-it-share)"),
    ("t = t[1:]", "[views of views](#views-of-views)"),
    ("t = t.view(2, 2)", "[views of views](#views-of-views)"),
    ("t = t.detach()", "[detach()](torch-to-numpy.md#detach-still-shares)"),
    ("t = torch.from_numpy(a[::2])", "[views of views](#views-of-views)"),
    ("t += 1", "[in place](#in-place-vs-out-of-place)"),
    ("t.add_(1)", "[in place](#in-place-vs-out-of-place)"),
    ("t[0] = 9", "[in place](#in-place-vs-out-of-place)"),
    ("a[:] = 9", "[in place](#in-place-vs-out-of-place)"),
    ("a += 1", "[in place](#in-place-vs-out-of-place)"),
    ("t = t + 1", "[in place](#in-place-vs-out-of-place)"),
    ("a = a + 1", "[in place](#in-place-vs-out-of-place)"),
    ("t = t.clone()", "[break the link](#break-the-link)"),
    ("a = a.copy()", "[break the link](#break-the-link)"),
    ("t = torch.tensor(a)", "[break the link](#break-the-link)"),
    ("t = t.float()", "[break the link](#break-the-link)"),
    ("t = t.to(torch.float64)", "[break the link](#break-the-link)"),
    ("a.resize(8)", "[resizing](#resizing)"),
    ("a = np.resize(a, 8)", "[resizing](#resizing)"),
    ("t.resize_(8)", "[resizing](#resizing)"),
    ("t.resize_(2)", "[resizing](#resizing)"),
    ("t.share_memory_()", "[another process](#sent-to-another-process)"),
]

print("| Operation | Still shares? | Shown in |")
print("|---|---|---|")
for code, shown_in in rows:
    a = np.arange(4.0)  # float64
    t = torch.from_numpy(a)
    names = {"np": np, "torch": torch, "a": a, "t": t}
    try:
        exec(code, names)  # run the operation on this fresh pair
    except Exception as err:
        result = f"✗ `{type(err).__name__}`"
    else:
        result = "yes" if np.shares_memory(names["a"], names["t"].numpy()) else "no"
    print(f"| `{code}` | {result} | {shown_in} |")
# --8<-- [end:keeps-or-breaks-table]

# --8<-- [start:shares-memory-takes-a-tensor]
import numpy as np
import torch

a = np.arange(4.0)
t = torch.from_numpy(a)
print(np.shares_memory(a, t))  # NumPy turns the tensor into an array itself

g = torch.from_numpy(a).requires_grad_()
try:
    np.shares_memory(a, g)  # ...with t.numpy(), which refuses this one
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
print(np.shares_memory(a, g.detach()))


def shares(a, t):
    return np.shares_memory(a, t.detach().numpy())


for name, other in [
    ("bfloat16", torch.zeros(2, dtype=torch.bfloat16)),
    ("conjugate view", torch.zeros(2, dtype=torch.complex64).conj()),
    ("sparse", torch.zeros(2).to_sparse()),
]:
    try:
        shares(a, other)
    except (TypeError, RuntimeError) as err:
        print(f"{name:<14} {type(err).__name__}: {err}")
# --8<-- [end:shares-memory-takes-a-tensor]

# --8<-- [start:tensor-keeps-array-alive]
import gc
import weakref

import numpy as np
import torch

a = np.array([1, 2, 3])
alive = weakref.ref(a)  # watches the array without keeping it alive
t = torch.from_numpy(a)

del a  # drop our only name for the array
gc.collect()
print(alive() is not None)  # the tensor still holds it
print(t)

del t  # drop the tensor: nothing holds the array any more
gc.collect()
print(alive())
# --8<-- [end:tensor-keeps-array-alive]

# --8<-- [start:array-keeps-tensor-alive]
import gc
import weakref

import numpy as np
import torch

t = torch.tensor([1, 2, 3])
a = t.numpy()
print(type(a.base).__name__)  # the array's owner is a tensor...
print(a.base is t)  # ...but not the tensor we called .numpy() on
print(a.base.data_ptr() == a.ctypes.data)  # it is a second tensor on the same memory

alive = weakref.ref(t)
del t
gc.collect()
print(alive())  # our tensor object is gone...
print(a)  # ...the memory is not: a.base keeps it
# --8<-- [end:array-keeps-tensor-alive]

# --8<-- [start:round-trip-base]
import numpy as np
import torch

a = np.arange(3)
b = torch.from_numpy(a).numpy()  # array -> tensor -> array

print(b.base is a)  # b does not point back at a...
print(type(b.base).__name__)  # ...it points at a tensor
print(np.shares_memory(a, b))  # still the same memory
# --8<-- [end:round-trip-base]

# --8<-- [start:sent-to-another-process]
import numpy as np
import torch
import torch.multiprocessing as mp


def worker(t, w):
    print("the worker got", t.tolist(), w.tolist())


if __name__ == "__main__":
    a = np.zeros(3)
    t = torch.from_numpy(a)  # shares a's memory
    w = torch.ones(3)  # a tensor of its own...
    view = w.numpy()  # ...and an array on its memory, taken before
    owner = view.base  # the tensor that keeps view's memory alive

    p = mp.get_context("spawn").Process(target=worker, args=(t, w))  # pickles t and w
    p.start()
    p.join()

    print("t is in shared memory:", t.is_shared())
    print("t still shares a:", np.shares_memory(a, t.numpy()))
    a[0] = 5  # no longer reaches t
    print(t)
    print("view's owner still holds view's memory:", owner.data_ptr() == view.ctypes.data)
# --8<-- [end:sent-to-another-process]

# --8<-- [start:in-place-on-the-tensor]
import numpy as np
import torch

a = np.zeros(3)
t = torch.from_numpy(a)

t += 1  # in place: writes into a's memory
print(a)
t.add_(1)  # in place, method form
print(a)
t[0] = 10  # item assignment is in place too
print(a)

t = t + 1  # a new tensor; the name t now points at it
print(a)  # a did not change
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:in-place-on-the-tensor]

# --8<-- [start:in-place-on-the-array]
import numpy as np
import torch

a = np.zeros(3)
t = torch.from_numpy(a)

a[:] = 5  # in place: writes into the shared memory
print(t)
a += 1  # in place too
print(t)

a = a + 1  # a new array; the name a now points at it
print(t)  # t did not change
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:in-place-on-the-array]

# --8<-- [start:views-of-views]
import numpy as np
import torch

a = np.arange(8)
t = torch.from_numpy(a)

v = t[2:6]  # a view of the tensor
w = v.view(2, 2)  # a view of that view
w[1, 1] = 100  # write through the innermost view
print(a)
print(np.shares_memory(a, w.numpy()))
# --8<-- [end:views-of-views]

# --8<-- [start:from-numpy-of-a-slice]
import numpy as np
import torch

a = np.arange(8)
s = torch.from_numpy(a[::2])  # every other element of a
print(s, s.stride())

s[0] = -1
s[3] = -7
print(a)
print(np.shares_memory(a, s.numpy()))
# --8<-- [end:from-numpy-of-a-slice]

# --8<-- [start:break-the-link]
import numpy as np
import torch

a = np.arange(3.0)
t = torch.from_numpy(a)

c = t.clone()  # a tensor with its own memory
c[0] = 100
print(a, np.shares_memory(a, c.numpy()))

b = a.copy()  # an array with its own memory
b[0] = 100
print(t, np.shares_memory(b, t.numpy()))

print(np.shares_memory(a, torch.tensor(a).numpy()))  # torch.tensor copies
print(np.shares_memory(a, t.float().numpy()))  # a new dtype means new memory
# --8<-- [end:break-the-link]

# --8<-- [start:same-dtype-keeps-the-link]
import numpy as np
import torch

a = np.arange(3.0)  # float64
t = torch.from_numpy(a)

same = t.to(torch.float64)  # already float64: nothing to convert
print(same is t)
print(np.shares_memory(a, same.numpy()))
# --8<-- [end:same-dtype-keeps-the-link]

# --8<-- [start:shares-vs-may-share]
import numpy as np
import torch

a = np.arange(6)
even = torch.from_numpy(a[0::2])  # elements 0, 2, 4
odd = torch.from_numpy(a[1::2])  # elements 1, 3, 5

# The two tensors interleave in one buffer but never touch the same element.
print(np.shares_memory(even.numpy(), odd.numpy()))  # exact answer
print(np.may_share_memory(even.numpy(), odd.numpy()))  # only compares bounds
# --8<-- [end:shares-vs-may-share]

# --8<-- [start:compare-pointers]
import numpy as np
import torch

a = np.arange(6.0)
t = torch.from_numpy(a)
v = t[2:]  # a view that starts 2 elements in

print(t.data_ptr() == a.ctypes.data)  # where the data starts
print(v.data_ptr() == a.ctypes.data)  # the view starts later...
print(v.storage_offset())  # ...2 elements later
print(v.untyped_storage().data_ptr() == a.ctypes.data)  # same storage, though
# --8<-- [end:compare-pointers]

# --8<-- [start:pointers-miss-numpy-slices]
import numpy as np
import torch

a = np.arange(6.0)
s = torch.from_numpy(a[2:])  # slice in NumPy first, then convert

print(s.storage_offset())  # the storage starts where the slice starts
print(s.untyped_storage().data_ptr() == a.ctypes.data)  # so this misses it
print(np.shares_memory(a, s.numpy()))  # this does not
# --8<-- [end:pointers-miss-numpy-slices]

# --8<-- [start:small-view-keeps-buffer-alive]
import gc
import weakref

import numpy as np
import torch

big = np.zeros(1_000_000)
print(big.nbytes)
alive = weakref.ref(big)
small = torch.from_numpy(big[:3])  # 3 elements, 24 bytes
del big
gc.collect()
print(alive() is not None)  # all 8 MB are still held by `small`

big = np.zeros(1_000_000)
alive = weakref.ref(big)
small = torch.from_numpy(big[:3]).clone()  # copy the 3 elements out
del big
gc.collect()
print(alive())  # the 8 MB are freed
# --8<-- [end:small-view-keeps-buffer-alive]

# --8<-- [start:tensor-slice-keeps-storage]
import torch

t = torch.zeros(1_000_000)  # 4 MB of float32
head = t[:3]
print(head.untyped_storage().nbytes())  # the slice keeps the whole storage
print(head.clone().untyped_storage().nbytes())  # a clone keeps only its 3 elements
# --8<-- [end:tensor-slice-keeps-storage]

# --8<-- [start:resize-shared-array]
import numpy as np
import torch

a = np.arange(4)
t = torch.from_numpy(a)

try:
    a.resize(8)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

bigger = np.resize(a, 8)  # a new, resized copy
print(bigger, np.shares_memory(a, bigger))
# --8<-- [end:resize-shared-array]

# --8<-- [start:resize-shared-tensor]
import numpy as np
import torch

a = np.arange(4)
t = torch.from_numpy(a)

try:
    t.resize_(8)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

t.resize_(2)  # shrinking needs no new memory, so it is allowed
t[0] = 100
print(t, a)
# --8<-- [end:resize-shared-tensor]

# --8<-- [start:numpy-freezes-the-storage]
import torch

t = torch.arange(4)
t.resize_(8)  # a tensor that owns its memory can grow
print(t.shape)

t = torch.arange(4)
t.numpy()  # not even kept: the call alone is enough
try:
    t.resize_(8)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:numpy-freezes-the-storage]

# --8<-- [start:read-only-array-warns]
import warnings

import numpy as np
import torch

a = np.frombuffer(b"\x01\x02\x03", dtype=np.uint8)  # memory owned by a bytes object
print(a.flags.writeable)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.from_numpy(a)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(t)
# --8<-- [end:read-only-array-warns]

# --8<-- [start:write-through-read-only]
import warnings

import numpy as np
import torch

a = np.zeros(3)
a.setflags(write=False)  # NumPy now refuses writes to a

try:
    a[0] = 1
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.from_numpy(a)
print(len(caught), "warning")

t[0] = 1  # PyTorch does not check the flag
print(a, a.flags.writeable)
print(t.numpy().flags.writeable)  # and the flag is lost on the way back
# --8<-- [end:write-through-read-only]

# --8<-- [start:read-only-warns-once]
import warnings

import numpy as np
import torch

a = np.zeros(3)
a.setflags(write=False)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # ask for every warning
    torch.from_numpy(a)
    torch.from_numpy(a)
    torch.from_numpy(np.frombuffer(b"abc", dtype=np.uint8))
print(len(caught), "warning for 3 read-only arrays")
# --8<-- [end:read-only-warns-once]

# --8<-- [start:read-only-copy-first]
import warnings

import numpy as np
import torch

a = np.frombuffer(b"\x01\x02\x03", dtype=np.uint8)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c = a.copy()
    t = torch.from_numpy(c)
print(c.flags.writeable, len(caught), "warnings")

t[0] = 100
print(t, a)
# --8<-- [end:read-only-copy-first]
