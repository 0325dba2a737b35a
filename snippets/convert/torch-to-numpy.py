# Examples shown on docs/convert/torch-to-numpy.md. Each section runs on its own, as pasted.

# --8<-- [start:always-works]
import numpy as np
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # a weight, say

a = w.detach().cpu().numpy()  # detach() for autograd, cpu() for a GPU tensor
print(a, a.dtype)
print(np.shares_memory(a, w.detach().numpy()))  # on the CPU, still no copy

t = torch.tensor([4.0, 5.0, 6.0])  # a plain CPU tensor
b = t.numpy()  # the short form: no copy
print(b, np.shares_memory(b, t.numpy()))
# --8<-- [end:always-works]

# --8<-- [start:which-call-table]
import warnings

import numpy as np
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
tensors = {  # row label: the tensor
    "float32": torch.tensor([1.0, 2.0]),
    "[requires grad](#requires-grad)": torch.tensor([1.0, 2.0], requires_grad=True),
    "[transposed](#non-contiguous)": torch.arange(4.0).reshape(2, 2).T,
    "[conjugate view](#conjugate-bit)": z.conj(),
    "[negative view](#negative-bit)": z.conj().imag,
    "float16": torch.tensor([1.0, 2.0], dtype=torch.float16),
    "[bfloat16](#dtypes-numpy-lacks)": torch.tensor([1.0, 2.0], dtype=torch.bfloat16),
    "[float8](#dtypes-numpy-lacks)": torch.tensor([1.0, 2.0]).to(torch.float8_e4m3fn),
    "[uint16](#unsigned-integers)": torch.tensor([1, 2], dtype=torch.uint16),
    "sparse": torch.tensor([1.0, 0.0]).to_sparse(),
    "[`meta` device](#numpy-force)": torch.tensor([1.0, 2.0], device="meta"),
}
calls = {
    "`.numpy()`": lambda t: t.numpy(),
    "`np.asarray`": np.asarray,
    "`force=True`": lambda t: t.numpy(force=True),
    "`.detach().cpu()`": lambda t: t.detach().cpu().numpy(),
    "`np.from_dlpack`": np.from_dlpack,
}


def cell(call, t):
    try:
        a = call(t)
    except Exception as err:
        return f"✗ `{type(err).__name__}`"
    if a.tolist() != t.detach().resolve_conj().resolve_neg().tolist():
        return "✗ wrong values"
    storage = torch.empty(0, dtype=torch.uint8).set_(t.untyped_storage())  # all of t's bytes
    return "✓ shares" if np.shares_memory(a, storage.numpy()) else "copy"


print("| Tensor |", " | ".join(calls), "|")
print("|---|" + "---|" * len(calls))
for label, t in tensors.items():
    print(f"| {label} |", " | ".join(cell(call, t) for call in calls.values()), "|")
# --8<-- [end:which-call-table]

# --8<-- [start:numpy-shares-memory]
import numpy as np
import torch

t = torch.zeros(3)
a = t.numpy()

t[0] = 1.0  # write through the tensor...
print(a)  # ...the array sees it

a[1] = 2.0  # write through the array...
print(t)  # ...the tensor sees it

print(np.shares_memory(a, t.numpy()))
print(t.data_ptr() == a.ctypes.data)  # same address
# --8<-- [end:numpy-shares-memory]

# --8<-- [start:asarray-shares-memory]
import numpy as np
import torch

t = torch.zeros(3)
a = np.asarray(t)  # calls t.numpy() under the hood

t[0] = 1.0
print(a)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:asarray-shares-memory]

# --8<-- [start:array-copies]
import warnings

import numpy as np
import torch

t = torch.zeros(3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    a = np.array(t)  # a copy of the data

t[0] = 1.0
print(a)  # the copy does not see the change
print(np.shares_memory(a, t.numpy()))

for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:array-copies]

# --8<-- [start:array-copies-without-warning]
import warnings

import numpy as np
import torch

warnings.simplefilter("error")  # any warning would stop this block

t = torch.zeros(3)
a = t.numpy().copy()  # the same copy as np.array(t), without the warning
t[0] = 1.0
print(a, np.shares_memory(a, t.numpy()))
# --8<-- [end:array-copies-without-warning]

# --8<-- [start:array-copy-false]
import warnings

import numpy as np
import torch

t = torch.zeros(3)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        np.array(t, copy=False)
    except ValueError as err:
        print(f"{type(err).__name__}: {err}")

for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:array-copy-false]

# --8<-- [start:force-shares-or-copies]
import numpy as np
import torch

plain = torch.tensor([1.0, 2.0])
print("plain:        ", np.shares_memory(plain.numpy(force=True), plain.numpy()))

w = torch.tensor([1.0, 2.0], requires_grad=True)
print("requires grad:", np.shares_memory(w.numpy(force=True), w.detach().numpy()))

z = torch.tensor([1 + 2j, 3 - 4j])
zc = z.conj()  # a view with the conjugate bit set
print("conjugate bit:", np.shares_memory(zc.numpy(force=True), z.numpy()))
print(zc.numpy(force=True))  # the conjugated values, in new memory

neg = z.conj().imag  # a view with the negative bit set
print("negative bit: ", np.shares_memory(neg.numpy(force=True), z.numpy()))
print(neg.numpy(force=True))
# --8<-- [end:force-shares-or-copies]

# --8<-- [start:force-goes-through-cpu]
import re

import torch

doc = " ".join(torch.Tensor.numpy.__doc__.split())  # PyTorch's own docstring, on one line
print(re.search(r"If :attr:`force` is ``True``.*?``\.", doc).group())

m = torch.ones(2, device="meta")  # a tensor on a device other than the CPU (with no data)
for name, convert in [
    ("m.numpy()", lambda: m.numpy()),
    ("m.numpy(force=True)", lambda: m.numpy(force=True)),
    ("m.cpu()", lambda: m.cpu()),
]:
    try:
        convert()
    except (TypeError, NotImplementedError) as err:
        print(f"{name:<20} {type(err).__name__}: {err}")
# --8<-- [end:force-goes-through-cpu]

# --8<-- [start:tolist-python-types]
import torch

t = torch.tensor([[1, 2], [3, 4]], dtype=torch.int8)
lst = t.tolist()
print(lst)  # nested lists, one level per dimension
print(type(lst), type(lst[0]), type(lst[0][0]))  # int8 is gone: plain int

f = torch.tensor([0.1, 0.5])  # float32
print(f.tolist())  # each float32 becomes a Python float (64-bit)
print(type(f.tolist()[0]))

print(torch.tensor(7).tolist())  # a 0-d tensor gives a number, not a list
print(torch.tensor([True, False]).tolist())
# --8<-- [end:tolist-python-types]

# --8<-- [start:item-one-element]
import torch

print(torch.tensor([2.5]).item(), type(torch.tensor([2.5]).item()))
print(torch.tensor([[7]]).item())  # any shape works if it holds one element

try:
    torch.tensor([1.0, 2.0]).item()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:item-one-element]

# --8<-- [start:tolist-item-need-no-detach]
import torch

w = torch.tensor([1.5, 2.5], requires_grad=True)
print(w.tolist())
print(w[0].item())
print(w.sum().item())
# --8<-- [end:tolist-item-need-no-detach]

# --8<-- [start:requires-grad-error]
import warnings

import numpy as np
import torch

w = torch.ones(3, requires_grad=True)
for convert in (lambda t: t.numpy(), np.asarray, np.array):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            convert(w)
        except RuntimeError as err:
            print(f"{type(err).__name__}: {err}")
    for warning in caught:  # np.array warns before it fails
        print(f"  and a {warning.category.__name__}")
# --8<-- [end:requires-grad-error]

# --8<-- [start:detach-still-shares]
import numpy as np
import torch

w = torch.zeros(3, requires_grad=True)
a = w.detach().numpy()  # detach() makes a view, not a copy

a[0] = 5.0  # writing to the array...
print(w)  # ...changes the tensor that requires grad
print(np.shares_memory(a, w.detach().numpy()))
# --8<-- [end:detach-still-shares]

# --8<-- [start:numpy-under-no-grad]
import numpy as np
import torch

w = torch.ones(3, requires_grad=True)  # created outside no_grad

with torch.no_grad():
    a = w.numpy()  # allowed: grad mode is off
    print(a, np.shares_memory(a, w.detach().numpy()))
    y = w * 2  # computed with grad mode off
print(w.requires_grad, y.requires_grad)
print(y.numpy())  # fine anywhere: y does not require grad

try:
    w.numpy()  # grad mode is back on
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:numpy-under-no-grad]

# --8<-- [start:conjugate-bit]
import numpy as np
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
zc = z.conj()  # no copy: a view with the conjugate bit set
print(zc.is_conj(), zc.data_ptr() == z.data_ptr())

try:
    zc.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

a = zc.resolve_conj().numpy()  # resolve_conj() writes the conjugate to new memory
print(a, np.shares_memory(a, z.numpy()))
# --8<-- [end:conjugate-bit]

# --8<-- [start:conj-of-real-is-a-no-op]
import torch

x = torch.tensor([1.0, -2.0])
print(x.conj() is x)  # a real tensor's conjugate is the tensor itself
print(x.conj().is_conj(), x.conj().is_neg())
print(x.conj().numpy())
# --8<-- [end:conj-of-real-is-a-no-op]

# --8<-- [start:negative-bit]
import numpy as np
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
im = z.conj().imag  # the imaginary part of a conjugate view: a negated view
print(im, im.is_neg())

try:
    im.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

a = im.resolve_neg().numpy()  # resolve_neg() writes the negated values to new memory
print(a, np.shares_memory(a, torch.view_as_real(z).numpy()))
# --8<-- [end:negative-bit]

# --8<-- [start:dtypes-numpy-lacks]
import warnings

import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    half_complex = torch.tensor([1 + 2j], dtype=torch.complex32)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

tensors = [
    torch.tensor([1.5], dtype=torch.bfloat16),
    torch.tensor([1.5], dtype=torch.float8_e4m3fn),
    half_complex,
]
for t in tensors:
    for force in (False, True):
        try:
            t.numpy(force=force)
        except TypeError as err:
            print(f"force={force!s:5} {type(err).__name__}: {err}")
# --8<-- [end:dtypes-numpy-lacks]

# --8<-- [start:widen-then-convert]
import warnings

import torch

b = torch.tensor([1.0, 0.1, 3.140625], dtype=torch.bfloat16)
a = b.float().numpy()  # a float32 copy; every bfloat16 value fits exactly
print(a, a.dtype)
print(b.data_ptr() == a.ctypes.data)

f8 = torch.tensor([1.0, -0.5, 448.0], dtype=torch.float8_e4m3fn)
print(f8.float().numpy())

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # complex32 warns that it is experimental
    h = torch.tensor([1 + 2j], dtype=torch.complex32)
print(h.to(torch.complex64).numpy())
# --8<-- [end:widen-then-convert]

# --8<-- [start:bfloat16-bits]
import numpy as np
import torch

b = torch.tensor([1.0, 0.1, 3.140625], dtype=torch.bfloat16)
bits = b.view(torch.int16).numpy()  # the same 16 bits per value, no copy
print(bits, bits.dtype)
print(b.data_ptr() == bits.ctypes.data)

# bfloat16 is the top half of a float32: put the bits back there to read them in NumPy
as_f32 = (bits.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
print(as_f32)
print(np.array_equal(as_f32, b.float().numpy()))

f8 = torch.tensor([1.0, -0.5, 448.0], dtype=torch.float8_e4m3fn)
f8_bits = f8.view(torch.uint8).numpy()  # one byte per float8 value
print(f8_bits, f8.data_ptr() == f8_bits.ctypes.data)
# --8<-- [end:bfloat16-bits]

# --8<-- [start:unsigned-round-trip]
import numpy as np
import torch

for dtype in (torch.uint16, torch.uint32, torch.uint64):
    t = torch.tensor([0, torch.iinfo(dtype).max], dtype=dtype)
    a = t.numpy()
    back = torch.from_numpy(a)
    print(a, a.dtype, back.dtype, torch.equal(back, t), np.shares_memory(a, t.numpy()))
# --8<-- [end:unsigned-round-trip]

# --8<-- [start:transposed-keeps-strides]
import numpy as np
import torch

t = torch.arange(6, dtype=torch.float32).reshape(2, 3).T  # a view, not contiguous
a = t.numpy()  # no copy: NumPy gets the same layout

print(t.stride(), t.is_contiguous())  # PyTorch strides count elements
print(a.strides)  # NumPy strides count bytes (4 per float32)
print(a.flags["C_CONTIGUOUS"], a.flags["F_CONTIGUOUS"])

t[0, 1] = 100.0
print(a)
print(np.shares_memory(a, t.numpy()))

c = np.ascontiguousarray(a)  # C order, in new memory
print(c.flags["C_CONTIGUOUS"], np.shares_memory(c, a))
# --8<-- [end:transposed-keeps-strides]
