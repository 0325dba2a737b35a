# Examples shown on docs/convert/legacy-constructors.md. Each section runs on its own, as pasted.

# --8<-- [start:torch-tensor-vs-tensor]
import numpy as np
import torch

arrays = {
    "float32": np.array([1.5, 2.5], dtype=np.float32),
    "float64": np.array([1.5, 2.5]),
    "int64": np.array([1, 2]),
    "bool": np.array([True, False]),
}
print(f"{'array':8} {'torch.Tensor(a)':22} torch.tensor(a)")
for name, a in arrays.items():
    cells = []
    for make in (torch.Tensor, torch.tensor):
        t = make(a)
        shares = np.shares_memory(a, t.numpy())
        cells.append(f"{str(t.dtype):14} {'shares' if shares else 'copy'}")
    print(f"{name:8} {cells[0]:22} {cells[1]}")
# --8<-- [end:torch-tensor-vs-tensor]

# --8<-- [start:torch-tensor-shares]
import numpy as np
import torch

a = np.array([1.5, 2.5], dtype=np.float32)
t = torch.Tensor(a)  # a float32 array: no copy
a[0] = 100.0
print(t)
# --8<-- [end:torch-tensor-shares]

# --8<-- [start:torch-tensor-sizes]
import numpy as np
import torch

# Integers are sizes: the tensor is allocated, not filled (never read its values)
print(torch.Tensor(3).shape)  # 3 uninitialised floats, not the number 3
print(torch.Tensor(2, 3).shape)
print(torch.Tensor(np.int64(3)).shape)  # a NumPy integer is a size too
print(torch.Tensor(np.array(3)).shape)  # and so is a 0-d integer array

# A list, a tuple, a 0-d float array, an array with a dimension: data
print(torch.Tensor([3]), torch.Tensor((2, 3)), torch.Tensor(np.array(3.0)), torch.Tensor(np.array([3])))

try:
    torch.Tensor(3.0)
except TypeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:torch-tensor-sizes]

# --8<-- [start:typed-constructors]
import warnings

import numpy as np
import torch

constructors = (torch.FloatTensor, torch.DoubleTensor, torch.IntTensor, torch.LongTensor)
print(("array    " + "".join(f"{make.__name__:14}" for make in constructors)).rstrip())
for dtype in (np.float32, np.float64, np.int32, np.int64):
    a = np.array([1, 2], dtype=dtype)
    cells = ["shares" if np.shares_memory(a, make(a).numpy()) else "copy" for make in constructors]
    print(f"{np.dtype(dtype).name:9}" + "".join(f"{cell:14}" for cell in cells).rstrip())

a = np.array([1.7, -1.7, 2.5])
print(torch.FloatTensor(a), torch.LongTensor(a))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(torch.FloatTensor(np.array([1 + 2j])))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

try:
    torch.FloatTensor(torch.ones(2, dtype=torch.float64))  # a tensor of another dtype
except TypeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:typed-constructors]

# --8<-- [start:no-deprecation-warning]
import warnings

import numpy as np
import torch

a = np.array([1.5, 2.5])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.Tensor(a), torch.Tensor(2), torch.FloatTensor(a), torch.LongTensor([1, 2])
print("warnings:", len(caught))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.set_default_tensor_type(torch.DoubleTensor)
print(torch.Tensor([1]).dtype)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
torch.set_default_dtype(torch.float32)  # back to the default
# --8<-- [end:no-deprecation-warning]

# --8<-- [start:what-to-use]
import numpy as np
import torch

a = np.array([1.7, -1.7, 3.0])

copy32 = torch.tensor(a, dtype=torch.float32)  # instead of torch.FloatTensor(a) or torch.Tensor(a)
print(copy32, torch.equal(copy32, torch.FloatTensor(a)))

as_long = torch.tensor(a, dtype=torch.long)  # instead of torch.LongTensor(a): truncates the same way
print(as_long, torch.equal(as_long, torch.LongTensor(a)))

shared = torch.from_numpy(a)  # when the tensor should use the array's memory
print(shared.dtype, np.shares_memory(a, shared.numpy()))

empty = torch.empty(3)  # instead of torch.Tensor(3), when you mean uninitialised memory
print(empty.shape, empty.dtype)
# --8<-- [end:what-to-use]
