# Examples shown on docs/reference/dtypes.md. Each section runs on its own, as pasted.

# --8<-- [start:float32-for-a-model]
import numpy as np
import torch

a = np.random.default_rng(0).random((4, 3))  # NumPy makes float64
model = torch.nn.Linear(3, 1)  # PyTorch makes float32 weights

x = torch.from_numpy(a).float()  # float32, like the weights
print(a.dtype, x.dtype, model.weight.dtype)
print(x.dtype == model.weight.dtype)
print(model(x).dtype)
# --8<-- [end:float32-for-a-model]

# --8<-- [start:numpy-dtype-table]
import numpy as np
import torch

structured = np.dtype([("x", "<i4"), ("y", "<f4")])
names = [
    "bool", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
    "longdouble", "object", "<U3", "S3", "datetime64[s]", "timedelta64[s]",
    "structured", ">i4", ">f8",
]

print("| NumPy dtype | `torch.from_numpy(a)` | `.numpy()` gives back |")
print("|---|---|---|")
for name in names:
    a = np.zeros(2, dtype=structured if name == "structured" else name)
    label = name if name == "structured" else f"`{name}`"
    try:
        t = torch.from_numpy(a)
    except (TypeError, ValueError) as err:
        print(f"| {label} | ✗ `{type(err).__name__}` | — |")
        continue
    print(f"| {label} | `{t.dtype}` | `{t.numpy().dtype}` |")
# --8<-- [end:numpy-dtype-table]

# --8<-- [start:unsigned-arithmetic]
import numpy as np
import torch

for dtype in (np.uint16, np.uint32, np.uint64):
    t = torch.from_numpy(np.array([1, 2, 3], dtype=dtype))
    try:
        t + 1
    except NotImplementedError as err:
        print(f"{type(err).__name__}: {err}")

t = torch.from_numpy(np.array([1, 2, 3], dtype=np.uint16))
print(t.to(torch.int32) + 1)  # int32 holds every uint16 value
# --8<-- [end:unsigned-arithmetic]

# --8<-- [start:unsigned-to-float]
import numpy as np
import torch

every = torch.from_numpy(np.arange(2**16, dtype=np.uint16))  # every uint16 value
f = every.float()  # float32
print(f.dtype, f[:3], f[-1])
print("exact for every value:", torch.equal(f.to(torch.int64), every.to(torch.int64)))
print(f[-1] / 65535)  # 16-bit data scaled to [0, 1]
# --8<-- [end:unsigned-to-float]

# --8<-- [start:unsupported-dtype-message]
import numpy as np
import torch

a = np.array([1.0, 2.5], dtype=object)  # e.g. a pandas column of mixed objects
for convert in (torch.from_numpy, torch.as_tensor, torch.tensor):
    try:
        convert(a)
    except TypeError as err:
        print(f"{convert.__name__}: {type(err).__name__}: {err}")
# --8<-- [end:unsupported-dtype-message]

# --8<-- [start:unsupported-dtype-fixes]
import numpy as np
import torch

objects = np.array([1.0, 2.5], dtype=object)
print(torch.from_numpy(objects.astype(np.float64)))

days = np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[s]")
print(torch.from_numpy(days.view(np.int64)))  # seconds since 1970-01-01

extended = np.array([1.25, 2.5], dtype=np.longdouble)
print(torch.from_numpy(extended.astype(np.float64)))  # rounds to float64

records = np.array([(1, 1.5), (2, 2.5)], dtype=[("x", "<i4"), ("y", "<f4")])
print(torch.from_numpy(records["y"]))  # one field at a time

words = np.array(["cat", "dog", "cat"])
vocabulary, codes = np.unique(words, return_inverse=True)  # strings -> integer codes
print(vocabulary, torch.from_numpy(codes))
# --8<-- [end:unsupported-dtype-fixes]

# --8<-- [start:byte-order-message]
import numpy as np
import torch

a = np.arange(3, dtype=">f8")  # big-endian, as some file formats store numbers
print(a.dtype.isnative)
for convert in (torch.from_numpy, torch.as_tensor, torch.tensor):
    try:
        convert(a)
    except ValueError as err:
        print(f"{convert.__name__}: {type(err).__name__}: {err}")
# --8<-- [end:byte-order-message]

# --8<-- [start:byte-order-fix]
import numpy as np
import torch

a = np.arange(3, dtype=">f8")
native = a.astype(a.dtype.newbyteorder("="))  # a copy in this machine's byte order
print(native.dtype.isnative, torch.from_numpy(native))
# --8<-- [end:byte-order-fix]

# --8<-- [start:torch-only-dtype-table]
import torch

names = [
    "bfloat16", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2",
    "float8_e5m2fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2", "complex32",
    "uint4", "bits8",
]

print("| torch dtype | `t.numpy()` | `t.view(torch.uint8).numpy()` |")
print("|---|---|---|")
for name in names:
    t = torch.zeros(4, dtype=torch.uint8).view(getattr(torch, name))  # 4 zero bytes
    try:
        result = f"`{t.numpy().dtype}`"
    except TypeError as err:
        result = f"✗ `{type(err).__name__}`"
    raw = t.view(torch.uint8).numpy()  # the same bytes, as uint8
    print(f"| `{name}` | {result} | ✓ `{raw.dtype}` |")
# --8<-- [end:torch-only-dtype-table]

# --8<-- [start:bfloat16-to-numpy]
import numpy as np
import torch

t = torch.tensor([1.0, 0.1, 3.14159], dtype=torch.bfloat16)
print(t.float().numpy())  # values, as float32

bits = t.view(torch.int16).numpy()  # the raw 16-bit patterns
print(bits, bits.dtype, bits.ctypes.data == t.data_ptr())  # True: no copy
back = torch.from_numpy(bits).view(torch.bfloat16)
print(torch.equal(back.view(torch.int16), t.view(torch.int16)))
# --8<-- [end:bfloat16-to-numpy]

# --8<-- [start:bfloat16-every-pattern]
import torch

patterns = torch.arange(-32768, 32768, dtype=torch.int32).to(torch.int16)
values = patterns.view(torch.bfloat16)  # all 65536 bfloat16 bit patterns
via_float = values.float().to(torch.bfloat16).view(torch.int16)

nan = values.isnan()
print("numbers kept by .float():", torch.equal(via_float[~nan], patterns[~nan]))
print("NaN patterns changed by .float():", (via_float != patterns).sum().item(), "of", nan.sum().item())
print("patterns kept by .view(torch.int16):", torch.equal(values.view(torch.int16), patterns))
# --8<-- [end:bfloat16-every-pattern]

# --8<-- [start:float8-to-numpy]
import torch

t = torch.tensor([1.0, 0.1, 3.14159]).to(torch.float8_e4m3fn)
print(t.float().numpy())  # the values float8 could keep, as float32

raw = t.view(torch.uint8).numpy()  # one byte per value
print(raw, raw.dtype)
back = torch.from_numpy(raw).view(torch.float8_e4m3fn)
print(torch.equal(back.view(torch.uint8), t.view(torch.uint8)))
# --8<-- [end:float8-to-numpy]

# --8<-- [start:complex32-to-numpy]
import warnings

import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c = torch.tensor([1 + 2j, 3 - 4j], dtype=torch.chalf)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(c.dtype)

try:
    c.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

z = c.cfloat().numpy()
print(z, z.dtype)
pairs = torch.view_as_real(c).numpy()  # (real, imag) pairs
print(pairs.dtype, pairs.tolist())
# --8<-- [end:complex32-to-numpy]

# --8<-- [start:quantized-to-numpy]
import warnings

import torch

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    q = torch.quantize_per_tensor(
        torch.tensor([0.5, 1.0, 2.0]), scale=0.1, zero_point=10, dtype=torch.quint8
    )
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

try:
    q.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(q.int_repr().numpy())  # the stored uint8 codes
print(q.dequantize().numpy())  # the float32 values they stand for
# --8<-- [end:quantized-to-numpy]

# --8<-- [start:default-dtypes]
import numpy as np
import torch

print("torch.get_default_dtype():", torch.get_default_dtype())
print("torch.tensor([0.5, 1.5]): ", torch.tensor([0.5, 1.5]).dtype)
print("torch.tensor([1, 2]):     ", torch.tensor([1, 2]).dtype)
print("np.array([0.5, 1.5]):     ", np.array([0.5, 1.5]).dtype)
print("np.array([1]):            ", np.array([1]).dtype)
print("np.dtype(int):            ", np.dtype(int))
# --8<-- [end:default-dtypes]

# --8<-- [start:numpy-scalars-keep-float64]
import numpy as np
import torch

batches = [np.ones(3), np.zeros(3)]
means = [np.mean(b) for b in batches]  # NumPy float64 scalars, not Python floats
print(type(means[0]).__name__)
print(torch.tensor(means).dtype)
print(torch.tensor([float(m) for m in means]).dtype)
print(torch.tensor(means, dtype=torch.float32).dtype)
# --8<-- [end:numpy-scalars-keep-float64]

# --8<-- [start:set-default-dtype]
import numpy as np
import torch

torch.set_default_dtype(torch.float64)  # affects this process from here on

print(torch.tensor([1.0]).dtype)  # Python floats follow the default
print(torch.nn.Linear(3, 1).weight.dtype)  # so do new layers
print(torch.as_tensor(np.ones(2)).dtype)  # an array keeps its own dtype
print(torch.as_tensor(np.ones(2, dtype=np.float32)).dtype)
print(torch.from_numpy(np.ones(2, dtype=np.float32)).dtype)
# --8<-- [end:set-default-dtype]

# --8<-- [start:torch-meets-numpy-scalars]
import numpy as np
import torch

f32 = torch.ones(2)
i64 = torch.tensor([1, 2])

print("float32 tensor * np.float64(2.0):", (f32 * np.float64(2.0)).dtype)
print("float32 tensor * 2.0:            ", (f32 * 2.0).dtype)
print("int64 tensor * np.float64(2.5):  ", (i64 * np.float64(2.5)).dtype)
print("int32 tensor * np.int64(2):      ", (i64.int() * np.int64(2)).dtype)
print(torch.result_type(f32, np.float64(2.0)), torch.result_type(i64, np.float64(2.5)))
# --8<-- [end:torch-meets-numpy-scalars]

# --8<-- [start:numpy-nep50]
import numpy as np

a = np.ones(2, dtype=np.float32)

print("float32 array * np.float64(2.0):", (a * np.float64(2.0)).dtype)
print("float32 array * 2.0:            ", (a * 2.0).dtype)
print("np.float32(3) + 3.0:            ", (np.float32(3) + 3.0).dtype)
print(np.result_type(a, np.float64(2.0)), np.result_type(a, 2.0))
# --8<-- [end:numpy-nep50]

# --8<-- [start:tensor-meets-array]
import warnings

import numpy as np
import torch

t = torch.ones(2)  # float32
a = np.ones(2)  # float64

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    r = t * a  # NumPy computes this, then wraps the result as a tensor
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(type(r).__name__, r.dtype)

try:
    a * t
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print((t * torch.from_numpy(a)).dtype)  # convert first: PyTorch's rules, no warning

w = torch.ones(2, requires_grad=True)
try:
    w * a  # NumPy needs w as an array first
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:tensor-meets-array]

# --8<-- [start:mixed-dtype-errors]
import torch

x = torch.ones(2, 3, dtype=torch.float64)  # what NumPy data becomes
w = torch.ones(3, 4)  # float32, like every new layer's weights

for name, call in [
    ("nn.Linear", lambda: torch.nn.Linear(3, 4)(x)),
    ("x @ w", lambda: x @ w),
    ("nn.Conv1d", lambda: torch.nn.Conv1d(2, 1, 2)(x)),
]:
    try:
        call()
    except RuntimeError as err:
        print(f"{name}: {type(err).__name__}: {err}")

print("x + float32:", (x + torch.ones(2, 3)).dtype)  # elementwise ops promote instead
# --8<-- [end:mixed-dtype-errors]

# --8<-- [start:fix-float-on-tensor]
import numpy as np
import torch

a = np.array([0.1, 16_777_217.0])  # float64
x = torch.from_numpy(a).float()  # a new float32 tensor
print(x.dtype, np.shares_memory(a, x.numpy()))
print(x.numpy().tolist())  # rounded to float32
print(torch.nn.Linear(2, 1)(x).dtype)
# --8<-- [end:fix-float-on-tensor]

# --8<-- [start:fix-astype-on-array]
import numpy as np
import torch

a = np.array([0.1, 16_777_217.0])  # float64
a32 = a.astype(np.float32)  # a new array, half the bytes
print(a.nbytes, a32.nbytes)
print(a32.tolist())  # rounded to float32, as with .float()

x = torch.from_numpy(a32).float()  # already float32: .float() copies nothing
print(x.dtype, np.shares_memory(a32, x.numpy()))
print(torch.nn.Linear(2, 1)(x).dtype)
# --8<-- [end:fix-astype-on-array]

# --8<-- [start:fix-model-double]
import numpy as np
import torch

model = torch.nn.Linear(1000, 10)
before = sum(p.nbytes for p in model.parameters())
model.double()  # converts every parameter, in place
after = sum(p.nbytes for p in model.parameters())
print(model.weight.dtype, before, after)

a = np.ones((2, 1000))
x = torch.from_numpy(a)  # float64, no copy
print(model(x).dtype, np.shares_memory(a, x.numpy()))

try:
    model(torch.ones(2, 1000))  # float32 inputs now fail instead
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:fix-model-double]
