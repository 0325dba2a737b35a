# Examples shown on docs/pitfalls/memory.md. Each section runs on its own, as pasted.

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
