# Examples shown on docs/pitfalls/errors.md. Each section runs on its own, as pasted.

# --8<-- [start:negative-strides]
import numpy as np
import torch

a = np.arange(5)
reversed_view = a[::-1]  # a view that walks the buffer backwards
print(reversed_view.strides)

try:
    torch.from_numpy(reversed_view)  # torch.as_tensor and torch.tensor fail the same way
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(reversed_view.copy()))  # fix: copy into a normal layout
print(torch.from_numpy(a).flip(0))  # or flip on the PyTorch side (also a copy)
# --8<-- [end:negative-strides]

# --8<-- [start:unsupported-dtype]
import numpy as np
import torch

mixed = np.array([1, 2.5, None])  # None makes NumPy pick dtype=object
words = np.array(["cat", "dog", "cat"])  # strings: dtype <U3

for a in (mixed, words):
    try:
        torch.from_numpy(a)
    except TypeError as err:
        print(f"{type(err).__name__}: {err}")
# --8<-- [end:unsupported-dtype]

# --8<-- [start:unsupported-dtype-fix]
import numpy as np
import torch

mixed = np.array([1, 2.5, None])
print(torch.from_numpy(mixed.astype(np.float64)))  # None becomes nan

words = np.array(["cat", "dog", "cat"])
names, codes = np.unique(words, return_inverse=True)  # one integer per distinct string
print(names, torch.from_numpy(codes))

rows = np.empty(2, dtype=object)  # an object array whose items are arrays
rows[0], rows[1] = np.zeros(3), np.ones(3)
print(torch.from_numpy(np.stack(rows)))  # stack them into one numeric array
# --8<-- [end:unsupported-dtype-fix]

# --8<-- [start:byte-order]
import numpy as np
import torch

big_endian = np.array([1, 2, 3], dtype=">i4")  # as read from many binary file formats
try:
    torch.from_numpy(big_endian)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

native = big_endian.astype(big_endian.dtype.newbyteorder("="))  # fix: a native-order copy
print(native.dtype.byteorder, torch.from_numpy(native))
# --8<-- [end:byte-order]

# --8<-- [start:strides-not-multiple]
import numpy as np
import torch

records = np.zeros(3, dtype=[("x", np.float32), ("flag", np.uint8)])  # 5-byte records
x = records["x"]  # a view: 4-byte floats, one every 5 bytes
print(x.dtype.itemsize, x.strides)

try:
    torch.from_numpy(x)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(np.ascontiguousarray(x)))  # fix: copy the field out
# --8<-- [end:strides-not-multiple]

# --8<-- [start:expected-ndarray]
import numpy as np
import torch

for value in ([1, 2, 3], np.float64(1.5)):
    try:
        torch.from_numpy(value)
    except TypeError as err:
        print(f"{type(err).__name__}: {err}")

print(torch.tensor([1, 2, 3]))  # fix: torch.tensor (always copies)...
print(torch.as_tensor(np.float64(1.5)))  # ...or torch.as_tensor, which accept anything array-like
# --8<-- [end:expected-ndarray]

# --8<-- [start:read-only-array]
import warnings

import numpy as np
import torch

a = np.broadcast_to(np.arange(3.0), (2, 3))  # broadcast_to returns a read-only view
print(a.flags.writeable)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.from_numpy(a)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:read-only-array]

# --8<-- [start:read-only-array-fix]
import numpy as np
import torch

a = np.broadcast_to(np.arange(3.0), (2, 3))

t = torch.from_numpy(a.copy())  # fix: a writable copy...
t[0, 0] = 100.0
print(t)
print(a)  # the original is untouched

print(torch.tensor(a))  # ...or torch.tensor, which always copies: no warning either
# --8<-- [end:read-only-array-fix]

# --8<-- [start:list-of-ndarrays]
import warnings

import numpy as np
import torch

rows = [np.zeros(3), np.ones(3)]

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    t = torch.tensor(rows)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print(torch.from_numpy(np.stack(rows)))  # fix: one array first, then one conversion
# --8<-- [end:list-of-ndarrays]

# --8<-- [start:ragged-sequences]
import numpy as np
import torch
from torch.nn.utils.rnn import pad_sequence

rows = [[1, 2], [3]]  # rows of different lengths
try:
    torch.tensor(rows)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

try:
    np.array(rows)  # NumPy refuses too
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

# fix: one tensor per row, padded to the longest
padded = pad_sequence([torch.tensor(r) for r in rows], batch_first=True, padding_value=0)
print(padded)
# --8<-- [end:ragged-sequences]

# --8<-- [start:list-of-tensors]
import torch

parts = [torch.zeros(2), torch.ones(2)]
try:
    torch.tensor(parts)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.stack(parts))  # fix: stack the tensors
# --8<-- [end:list-of-tensors]

# --8<-- [start:copy-construct]
import warnings

import numpy as np
import torch

t = torch.from_numpy(np.arange(3.0))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    copy = torch.tensor(t)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

copy = t.detach().clone()  # fix: the spelling the warning asks for
print(copy, copy.data_ptr() == t.data_ptr())
# --8<-- [end:copy-construct]

# --8<-- [start:view-size]
import numpy as np
import torch

a = np.arange(6).reshape(2, 3).T  # a transposed view: not C-contiguous
t = torch.from_numpy(a)  # keeps NumPy's strides
print(t.stride(), t.is_contiguous())

try:
    t.view(-1)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(t.reshape(-1))  # fix: reshape copies when it has to
# --8<-- [end:view-size]

# --8<-- [start:default-collate]
import numpy as np
from torch.utils.data import DataLoader

samples = [np.array([1, 2], dtype=object), np.array([3, 4], dtype=object)]
try:
    next(iter(DataLoader(samples, batch_size=2)))
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

fixed = [s.astype(np.float32) for s in samples]  # fix: a numeric dtype per sample
print(next(iter(DataLoader(fixed, batch_size=2))))
# --8<-- [end:default-collate]

# --8<-- [start:numpy-requires-grad]
import numpy as np
import torch

w = torch.ones(3, requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    np.exp(w)  # NumPy functions call .numpy() for you, and fail the same way
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(w.detach().numpy())  # fix: detach first (same memory, no graph)
print(np.exp(w.detach().numpy()))
# --8<-- [end:numpy-requires-grad]

# --8<-- [start:numpy-on-cuda]
import torch

t = torch.ones(3, device="cuda")
try:
    t.numpy()
except (TypeError, RuntimeError) as err:
    print(f"{type(err).__name__}: {err}")

print(t.cpu().numpy())  # fix: copy to the CPU first
# --8<-- [end:numpy-on-cuda]

# --8<-- [start:meta-device]
import torch

t = torch.ones(3, device="meta")  # shape and dtype only, no data
try:
    t.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    t.cpu()  # there is no data to copy either
except NotImplementedError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.ones_like(t, device="cpu").numpy())  # fix: create the tensor with real data on the CPU
# --8<-- [end:meta-device]

# --8<-- [start:conj-bit]
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
zc = z.conj()  # lazy: only a flag is set, the data is not changed
print(zc.is_conj())

try:
    zc.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(zc.resolve_conj().numpy())  # fix: materialise the conjugate
# --8<-- [end:conj-bit]

# --8<-- [start:neg-bit]
import torch

z = torch.tensor([1 + 2j, 3 - 4j])
imag = z.conj().imag  # the imaginary part of a lazy conjugate is a lazy negation
print(imag.is_neg())

try:
    imag.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(imag.resolve_neg().numpy())  # fix: materialise the negation
print(imag.numpy(force=True))  # or let numpy(force=True) do it
# --8<-- [end:neg-bit]

# --8<-- [start:sparse-tensor]
import torch

s = torch.eye(3).to_sparse()
try:
    s.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(s.to_dense().numpy())  # fix: densify first
# --8<-- [end:sparse-tensor]

# --8<-- [start:bfloat16]
import torch

t = torch.tensor([1.5, 2.25], dtype=torch.bfloat16)
try:
    t.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

a = t.float().numpy()  # fix: float32 holds every bfloat16 value exactly
print(a, a.dtype)
# --8<-- [end:bfloat16]

# --8<-- [start:copy-false]
import warnings

import numpy as np
import torch

t = torch.arange(3.0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        np.array(t, copy=False)  # NumPy 2: copy=False means "never copy"
    except ValueError as err:
        print(f"{type(err).__name__}: {err}")
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

a = np.asarray(t)  # fix: asarray copies only if it must (here it does not)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:copy-false]

# --8<-- [start:array-copy-keyword]
import warnings

import numpy as np
import torch

t = torch.arange(3.0)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    a = np.array(t)  # works, but warns
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

shared = np.asarray(t)  # fix: no copy, no warning (t.numpy() is the same)...
own = t.numpy().copy()  # ...or an independent copy, no warning
print(np.shares_memory(shared, t.numpy()), np.shares_memory(own, t.numpy()))
# --8<-- [end:array-copy-keyword]

# --8<-- [start:item-many-elements]
import torch

t = torch.tensor([0.5, 1.5, 2.5])
try:
    t.item()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    float(t)  # float() and int() say it differently
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(t.tolist())  # fix: a list of Python numbers...
print(t.sum().item())  # ...or reduce to one element first
# --8<-- [end:item-many-elements]

# --8<-- [start:scalar-requires-grad]
import warnings

import numpy as np
import torch

loss = (torch.ones(3, requires_grad=True) * 2).sum()
history = np.zeros(2)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    history[0] = loss  # a tensor that requires grad, stored as a NumPy float
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

history[1] = loss.item()  # fix: .item() gives a plain float, silently
print(history)
# --8<-- [end:scalar-requires-grad]

# --8<-- [start:array-wrap]
import warnings

import numpy as np
import torch

t = torch.tensor([0.0, 1.0])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    e = np.exp(t)
    positive = np.greater(t, 0)
for message in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught):
    print(message)

print(type(e).__name__, e)  # a tensor comes back...
print(positive.dtype)  # ...and comparisons give uint8, not bool

print(torch.exp(t), t > 0)  # fix: the torch function
print(np.exp(t.numpy()))  # or a NumPy function on a NumPy array
# --8<-- [end:array-wrap]

# --8<-- [start:numpy-reduction]
import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0])
for reduce in (np.sum, np.mean, np.max):
    try:
        reduce(t)  # NumPy calls the tensor's own method with NumPy's keywords
    except TypeError as err:
        print(f"{type(err).__name__}: {err}")

print(t.sum(), t.mean(), t.max())  # fix: the tensor methods...
print(np.sum(t.numpy()))  # ...or NumPy on a NumPy array
# --8<-- [end:numpy-reduction]

# --8<-- [start:ndarray-times-tensor]
import numpy as np
import torch

a = np.array([1.0, 2.0])
t = torch.tensor([10.0, 20.0])
for op in ("a * t", "a - t", "a @ t"):
    try:
        eval(op)
    except TypeError as err:
        print(f"{op}: {type(err).__name__}: {err}")

print(torch.from_numpy(a) * t)  # fix: convert, then compute in PyTorch
# --8<-- [end:ndarray-times-tensor]

# --8<-- [start:ndarray-plus-tensor]
import numpy as np
import torch

a = np.array([1.0, 2.0])
t = torch.tensor([10.0, 20.0])
try:
    a + t
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(a) + t)  # fix: convert, then compute in PyTorch
# --8<-- [end:ndarray-plus-tensor]

# --8<-- [start:tensor-times-ndarray]
import warnings

import numpy as np
import torch

a = np.array([1.0, 2.0])  # float64
t = torch.tensor([10.0, 20.0])  # float32
before = t

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    product = t * a  # runs through NumPy
    t += a  # not in place: t becomes a new tensor
for message in dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught):
    print(message)

print(product.dtype)
print(t is before, before, t)
# --8<-- [end:tensor-times-ndarray]

# --8<-- [start:tensor-times-ndarray-fix]
import numpy as np
import torch

a = np.array([1.0, 2.0])
t = torch.tensor([10.0, 20.0])
before = t

t += torch.from_numpy(a).float()  # fix: a float32 tensor on both sides
print(t is before, t)
# --8<-- [end:tensor-times-ndarray-fix]

# --8<-- [start:must-be-tensor]
import numpy as np
import torch

torch.manual_seed(0)
layer = torch.nn.Linear(2, 1)
x = np.ones((1, 2), dtype=np.float32)

try:
    layer(x)
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    torch.exp(x)
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(layer(torch.from_numpy(x)))  # fix: convert first
# --8<-- [end:must-be-tensor]

# --8<-- [start:mat1-mat2-dtype]
import numpy as np
import torch

torch.manual_seed(0)
layer = torch.nn.Linear(3, 1)  # float32 weights
x = torch.from_numpy(np.ones((2, 3)))  # float64 data: NumPy's default
try:
    layer(x)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(layer(x.float()).dtype)  # fix: float32 data (or np.ones(..., dtype=np.float32))
# --8<-- [end:mat1-mat2-dtype]

# --8<-- [start:m1-m2-dtype]
import numpy as np
import torch

weights = torch.ones(3, 1)  # float32
x = torch.from_numpy(np.ones((2, 3)))  # float64
try:
    x @ weights
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print((x.float() @ weights).dtype)  # fix: the same dtype on both sides
# --8<-- [end:m1-m2-dtype]

# --8<-- [start:conv-input-type]
import numpy as np
import torch

torch.manual_seed(0)
conv = torch.nn.Conv2d(1, 1, kernel_size=2)  # float32 weights and bias
image = torch.from_numpy(np.ones((1, 1, 4, 4)))  # float64
try:
    conv(image)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(conv(image.float()).shape)  # fix: float32 input
# --8<-- [end:conv-input-type]

# --8<-- [start:target-dtype]
import numpy as np
import torch
import torch.nn.functional as F

logits = torch.zeros(2, 3)
labels = np.array([0, 2], dtype=np.int32)  # int32 labels, as often stored on disk
try:
    F.cross_entropy(logits, torch.from_numpy(labels))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(F.cross_entropy(logits, torch.from_numpy(labels).long()))  # fix: int64 class indices
# --8<-- [end:target-dtype]

# --8<-- [start:int-requires-grad]
import numpy as np
import torch

a = np.arange(3)  # int64
try:
    torch.from_numpy(a).requires_grad_()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    torch.tensor(a, requires_grad=True)  # the same refusal, worded differently
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(a.astype(np.float32)).requires_grad_())  # fix: a float dtype
# --8<-- [end:int-requires-grad]

# --8<-- [start:in-place-leaf]
import numpy as np
import torch

layer = torch.nn.Linear(2, 1)
pretrained = np.array([[0.5, -0.5]], dtype=np.float32)  # weights saved from elsewhere
try:
    layer.weight.copy_(torch.from_numpy(pretrained))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

with torch.no_grad():  # fix: load the values outside autograd
    layer.weight.copy_(torch.from_numpy(pretrained))
print(layer.weight)
# --8<-- [end:in-place-leaf]

# --8<-- [start:resize-array]
import numpy as np
import torch

a = np.arange(4.0)
t = torch.from_numpy(a)  # t keeps a reference to a
try:
    a.resize(6)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

b = torch.arange(4.0).numpy()  # an array on a tensor's memory
try:
    b.resize(6)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(np.resize(a, 6))  # fix: a new array (np.resize repeats; np.pad pads)
print(np.pad(a, (0, 2)))
# --8<-- [end:resize-array]

# --8<-- [start:resize-tensor]
import numpy as np
import torch

t = torch.from_numpy(np.arange(4.0))  # memory owned by NumPy
try:
    t.resize_(6)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

# The failed call still changed the shape: t now claims more elements than its memory holds.
print(t.shape, t.untyped_storage().nbytes() // t.element_size())
# --8<-- [end:resize-tensor]

# --8<-- [start:resize-tensor-fix]
import numpy as np
import torch

t = torch.from_numpy(np.arange(4.0))
bigger = torch.cat([t, torch.zeros(2, dtype=t.dtype)])  # fix: build a new tensor
print(bigger)
# --8<-- [end:resize-tensor-fix]

# --8<-- [start:pin-memory]
import numpy as np
import torch

t = torch.from_numpy(np.ones(3))
try:
    t.pin_memory()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:pin-memory]

# --8<-- [start:pin-memory-fix]
import numpy as np
import torch

t = torch.from_numpy(np.ones(3))
pin = torch.cuda.is_available()  # pinned memory only helps copies to a GPU
if pin:
    t = t.pin_memory()
print(t.is_pinned() == pin)
# --8<-- [end:pin-memory-fix]

# --8<-- [start:dataloader-pin-memory]
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader

data = torch.from_numpy(np.ones((4, 2)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    batches = list(DataLoader(data, batch_size=2, pin_memory=True))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print([batch.is_pinned() for batch in batches])  # the batches came, unpinned
# --8<-- [end:dataloader-pin-memory]

# --8<-- [start:dataloader-pin-memory-fix]
import numpy as np
import torch
from torch.utils.data import DataLoader

data = torch.from_numpy(np.ones((4, 2)))
loader = DataLoader(data, batch_size=2, pin_memory=torch.cuda.is_available())
print([batch.shape for batch in loader])
# --8<-- [end:dataloader-pin-memory-fix]
