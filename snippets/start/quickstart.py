# Examples shown on docs/start/quickstart.md. Each section runs on its own, as pasted.

# --8<-- [start:convert-an-array]
import numpy as np
import torch

a = np.array([1, 2, 3, 4, 5])
print(a)

t = torch.from_numpy(a)
print(t)
print(t.dtype)
# --8<-- [end:convert-an-array]

# --8<-- [start:dtype-is-kept]
import numpy as np
import torch

for dtype in (np.int64, np.int32, np.float64, np.float32, np.bool_):
    a = np.zeros(2, dtype=dtype)
    print(f"{a.dtype.name:>8} -> {torch.from_numpy(a).dtype}")
# --8<-- [end:dtype-is-kept]

# --8<-- [start:float64-meets-float32-weights]
import numpy as np
import torch

layer = torch.nn.Linear(3, 1)  # weights are float32, PyTorch's default
x = torch.from_numpy(np.ones((2, 3)))  # NumPy's default float is float64
print(layer.weight.dtype, x.dtype)

try:
    layer(x)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:float64-meets-float32-weights]

# --8<-- [start:convert-to-float32]
import numpy as np
import torch

torch.manual_seed(0)
layer = torch.nn.Linear(3, 1)
data = np.ones((2, 3))

x = torch.from_numpy(data).float()  # a float32 copy; data itself is untouched
print(x.dtype, layer(x).shape)
print(np.shares_memory(data, x.numpy()))
# --8<-- [end:convert-to-float32]

# --8<-- [start:memory-is-shared]
import numpy as np
import torch

a = np.array([1, 2, 3])
t = torch.from_numpy(a)

a[0] = 100  # change the array...
print(t)  # ...and the tensor sees it

t[1] = 200  # change the tensor...
print(a)  # ...and the array sees it

print(np.shares_memory(a, t.numpy()))
# --8<-- [end:memory-is-shared]

# --8<-- [start:numpy-is-the-reverse]
import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0])
a = t.numpy()  # no copy: the array uses the tensor's memory
print(a, a.dtype)

t.mul_(10)  # an in-place change to the tensor
print(a)
print(np.shares_memory(a, t.numpy()))
# --8<-- [end:numpy-is-the-reverse]

# --8<-- [start:numpy-needs-detach]
import torch

w = torch.ones(3, requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(w.detach().numpy())  # same memory, outside the autograd graph
# --8<-- [end:numpy-needs-detach]

# --8<-- [start:cuda-without-a-check]
import torch

try:
    torch.zeros(3).cuda()
except (AssertionError, RuntimeError) as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:cuda-without-a-check]

# --8<-- [start:pick-the-device]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
t = torch.from_numpy(a).to(device)  # a copy in the GPU's memory when there is one
result = (t * 2).cpu().numpy()  # back to the CPU before NumPy can read it
print(result)
# --8<-- [end:pick-the-device]
