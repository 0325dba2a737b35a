# Examples shown on docs/pitfalls/autograd.md. Each section runs on its own, as pasted.

# --8<-- [start:numpy-requires-grad]
import numpy as np
import torch

w = torch.ones(3, requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    np.exp(w)  # NumPy functions call .numpy() for you, and fail the same way
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(w.detach().numpy())  # fix: detach first (same memory, no graph)
print(np.exp(w.detach().numpy()))
# --8<-- [end:numpy-requires-grad]

# --8<-- [start:scalar-requires-grad]
import warnings

import numpy as np
import torch

loss = (torch.ones(3, requires_grad=True) * 2).sum()
history = np.zeros(2)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    history[0] = loss  # a tensor that requires grad, stored as a NumPy float
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

history[1] = loss.item()  # fix: .item() gives a plain float, silently
print(history)
# --8<-- [end:scalar-requires-grad]

# --8<-- [start:int-requires-grad]
import numpy as np
import torch

a = np.arange(3)  # int64
try:
    torch.from_numpy(a).requires_grad_()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    torch.tensor(a, requires_grad=True)  # the same refusal, worded differently
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.from_numpy(a.astype(np.float32)).requires_grad_())  # fix: a float dtype
# --8<-- [end:int-requires-grad]

# --8<-- [start:in-place-leaf]
import numpy as np
import torch

layer = torch.nn.Linear(2, 1)
pretrained = np.array([[0.5, -0.5]], dtype=np.float32)  # weights saved from elsewhere
try:
    layer.weight.copy_(torch.from_numpy(pretrained))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

with torch.no_grad():  # fix: load the values outside autograd
    layer.weight.copy_(torch.from_numpy(pretrained))
print(layer.weight)
# --8<-- [end:in-place-leaf]
