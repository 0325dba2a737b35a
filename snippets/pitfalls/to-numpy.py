# Examples shown on docs/pitfalls/to-numpy.md. Each section runs on its own, as pasted.

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
