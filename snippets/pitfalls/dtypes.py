# Examples shown on docs/pitfalls/dtypes.md. Each section runs on its own, as pasted.

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
