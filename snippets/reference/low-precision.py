# Examples shown on docs/reference/low-precision.md. Each section runs on its own, as pasted.

# --8<-- [start:bfloat16]
import torch

t = torch.tensor([1.0, 0.1, 3.14159, -2.5e-3], dtype=torch.bfloat16)
try:
    t.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

a = t.float().numpy()  # float32: a copy NumPy can hold
print(a, a.dtype)
# --8<-- [end:bfloat16]

# --8<-- [start:upcast-is-exact]
import torch

# Every one of the 65,536 bfloat16 bit patterns
bits = torch.arange(-(2**15), 2**15, dtype=torch.int32).to(torch.int16)
every = bits.view(torch.bfloat16)
nan = every.isnan()

back = every.float().bfloat16().view(torch.int16)  # to float32 and back
print("patterns:", every.numel(), "NaN:", int(nan.sum()), "numbers and infinities:", int((~nan).sum()))
print("same bits after float32 and back:", torch.equal(back[~nan], bits[~nan]))
print("float32 and float64 give the same numbers:", torch.equal(every.float()[~nan].double(), every.double()[~nan]))
# --8<-- [end:upcast-is-exact]

# --8<-- [start:bit-exact]
import numpy as np
import torch

t = torch.tensor([1.0, 0.1, 3.14159, -2.5e-3], dtype=torch.bfloat16)

u = t.view(torch.uint16).numpy()  # the 16 bits of each value, no copy
print(u, u.dtype, np.shares_memory(u, t.view(torch.uint16).numpy()))

back = torch.from_numpy(u).view(torch.bfloat16)  # and back, no copy
print(back)

# Every bit pattern, NaN payloads included, survives the round trip
every = torch.arange(2**16, dtype=torch.int32).to(torch.uint16).view(torch.bfloat16)
again = torch.from_numpy(every.view(torch.uint16).numpy()).view(torch.bfloat16)
print(torch.equal(again.view(torch.uint16), every.view(torch.uint16)))
# --8<-- [end:bit-exact]

# --8<-- [start:ml-dtypes]
import ml_dtypes
import numpy as np
import torch

t = torch.tensor([1.0, 0.1, 3.14159, -2.5e-3], dtype=torch.bfloat16)

a = t.view(torch.uint16).numpy().view(ml_dtypes.bfloat16)  # tensor -> bfloat16 array
print(a, a.dtype, np.shares_memory(a, t.view(torch.uint16).numpy()))

back = torch.from_numpy(a.view(np.uint16)).view(torch.bfloat16)  # bfloat16 array -> tensor
print(back, np.shares_memory(a, back.view(torch.uint16).numpy()))
# --8<-- [end:ml-dtypes]

# --8<-- [start:ml-dtypes-refused]
import ml_dtypes
import numpy as np
import torch

a = np.array([1.0, 0.1], dtype=ml_dtypes.bfloat16)
for name, convert in [("from_numpy", torch.from_numpy), ("tensor", torch.tensor), ("from_dlpack", torch.from_dlpack)]:
    try:
        convert(a)
    except (TypeError, BufferError) as err:
        print(f"{name}: {type(err).__name__}: {err}")

t = torch.tensor([1.0, 0.1], dtype=torch.bfloat16)
try:
    np.asarray(t, dtype=ml_dtypes.bfloat16)
except TypeError as err:
    print(f"np.asarray: {type(err).__name__}: {err}")
# --8<-- [end:ml-dtypes-refused]

# --8<-- [start:ml-dtypes-agree]
import ml_dtypes
import numpy as np
import torch

# Decoding: every bfloat16 bit pattern gives the same float32 in both libraries
bits = np.arange(2**16, dtype=np.uint32).astype(np.uint16)
in_torch = torch.from_numpy(bits).view(torch.bfloat16).float().numpy()
in_numpy = bits.view(ml_dtypes.bfloat16).astype(np.float32)
print("decode:", np.array_equal(in_torch, in_numpy, equal_nan=True))

# Rounding: float32 -> bfloat16 picks the same bits in both libraries
x = np.random.default_rng(0).standard_normal(100_000).astype(np.float32) * 1000
by_torch = torch.from_numpy(x).bfloat16().view(torch.uint16).numpy()
by_numpy = x.astype(ml_dtypes.bfloat16).view(np.uint16)
print("round:", np.array_equal(by_torch, by_numpy))
# --8<-- [end:ml-dtypes-agree]

# --8<-- [start:float8]
import ml_dtypes
import numpy as np
import torch

pairs = [(torch.float8_e4m3fn, ml_dtypes.float8_e4m3fn), (torch.float8_e5m2, ml_dtypes.float8_e5m2)]
for torch_dtype, numpy_dtype in pairs:
    t = torch.tensor([1.0, 0.1, 3.14159, 448.0]).to(torch_dtype)
    a = t.view(torch.uint8).numpy().view(numpy_dtype)  # tensor -> float8 array, no copy
    back = torch.from_numpy(a.view(np.uint8)).view(torch_dtype)  # and back
    print(numpy_dtype.__name__, a, a.astype(np.float32), torch.equal(back.view(torch.uint8), t.view(torch.uint8)))

    bits = np.arange(256, dtype=np.uint16).astype(np.uint8)  # every bit pattern
    same = np.array_equal(torch.from_numpy(bits).view(torch_dtype).float().numpy(), bits.view(numpy_dtype).astype(np.float32), equal_nan=True)
    print("  all 256 patterns decode the same:", same)
# --8<-- [end:float8]
