# Examples shown on docs/pitfalls/mixing.md. Each section runs on its own, as pasted.

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
