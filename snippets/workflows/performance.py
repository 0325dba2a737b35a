# Examples shown on docs/workflows/performance.md. Each section runs on its own, as pasted.
# The measurements on that page come from src/verified_guide/benchmarks/conversions.py (`make bench`), not from here.

# --8<-- [start:fast-conversions]
import numpy as np
import torch

a = np.ones((1000, 1000), dtype=np.float32)
t = torch.from_numpy(a)  # no copy at any size; so are torch.as_tensor(a) and torch.asarray(a)
back = t.numpy()  # no copy either; nor is np.asarray(t)
print(t.data_ptr() == a.ctypes.data, np.shares_memory(a, back))

arrays = [np.full(3, i, dtype=np.float32) for i in range(4)]
batch = torch.from_numpy(np.stack(arrays))  # one copy, by NumPy, then a view
print(batch.shape, batch.dtype)
# --8<-- [end:fast-conversions]

# --8<-- [start:list-of-arrays-warns]
import warnings

import numpy as np
import torch

arrays = [np.full(3, i, dtype=np.float32) for i in range(4)]

for attempt in ("first", "second"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        slow = torch.tensor(arrays)
    print(f"{attempt} call: {len(caught)} warning(s)")
    for w in caught:
        print(f"{w.category.__name__}: {w.message}")

fast = torch.from_numpy(np.stack(arrays))
print(torch.equal(slow, fast), slow.dtype, fast.dtype)
# --8<-- [end:list-of-arrays-warns]
