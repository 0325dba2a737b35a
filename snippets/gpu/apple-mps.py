# Examples shown on docs/gpu/apple-mps.md. Each section runs on its own, as pasted.

# --8<-- [start:mps-float64]
import numpy as np
import torch

a = np.linspace(0.0, 1.0, 3)  # float64, NumPy's default
try:
    torch.from_numpy(a).to("mps")
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

t = torch.from_numpy(a.astype(np.float32)).to("mps")  # float32 first
print(t.dtype, t.device)
# --8<-- [end:mps-float64]

# --8<-- [start:float32-first]
import numpy as np
import torch

a = np.linspace(0.0, 1.0, 3)
print(a.dtype)

device = "mps" if torch.backends.mps.is_available() else "cpu"
t = torch.from_numpy(a.astype(np.float32)).to(device)  # convert in NumPy...
u = torch.from_numpy(a).float().to(device)  # ...or in PyTorch, before the move
print(t.dtype, u.dtype, torch.equal(t, u))
# --8<-- [end:float32-first]

# --8<-- [start:float32-range]
import warnings

import numpy as np
import torch

a = np.array([0.1, 1 / 3, 1e-50, 1e40])  # fine in float64
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    b = a.astype(np.float32)
print(b)  # rounded, too small for float32 (0), too large (inf)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(torch.from_numpy(a).float())  # the same numbers, without a warning

big = np.finfo(np.float32).max
print(big, np.abs(a).max() <= big)  # check the range before converting
# --8<-- [end:float32-range]
