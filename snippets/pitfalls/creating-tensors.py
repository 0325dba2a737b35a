# Examples shown on docs/pitfalls/creating-tensors.md. Each section runs on its own, as pasted.

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
