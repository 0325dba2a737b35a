# Examples shown on docs/gpu/gpu-to-numpy.md. Each section runs on its own, as pasted.

# --8<-- [start:detach-cpu-numpy]
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
w = torch.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
y = w * 2  # a result on the GPU, tracked by autograd

a = y.detach().cpu().numpy()  # on the CPU or a GPU, with or without autograd
print(a, a.dtype)
# --8<-- [end:detach-cpu-numpy]

# --8<-- [start:bfloat16-needs-float]
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
y = torch.tensor([1.0, 2.5], device=device, dtype=torch.bfloat16)  # as in mixed-precision training

try:
    y.detach().cpu().numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(y.detach().cpu().float().numpy())  # float32 holds every bfloat16 value
# --8<-- [end:bfloat16-needs-float]

# --8<-- [start:numpy-on-a-cuda-tensor]
import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0], device="cuda")

try:
    t.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    np.asarray(t)  # NumPy asks the tensor for an array: the same error
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

print(t.cpu().numpy())  # copy to the CPU first
# --8<-- [end:numpy-on-a-cuda-tensor]

# --8<-- [start:cpu-makes-a-copy]
import numpy as np
import torch

t = torch.tensor([1.0, 2.0, 3.0], device="cuda")
a = t.cpu().numpy()  # .cpu() copies the tensor to host memory

a[0] = 100.0  # change the array...
print(t.cpu())  # ...the GPU tensor keeps its value

b = t.cpu().numpy()
print(np.shares_memory(a, b))  # each .cpu() makes a new copy
# --8<-- [end:cpu-makes-a-copy]

# --8<-- [start:detach-first]
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
w = torch.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
y = w * 2

print(y.cpu().requires_grad)  # autograd follows the tensor through .cpu()
try:
    y.cpu().numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(y.detach().cpu().numpy())
# --8<-- [end:detach-first]

# --8<-- [start:numpy-force-true]
import torch

w = torch.tensor([1.0, 2.0, 3.0], device="cuda", requires_grad=True)
a = w.numpy(force=True)  # detach, copy to the CPU and convert, in one call
print(a, a.dtype)

a[0] = 100.0  # a is a copy in host memory...
print(w.detach().cpu())  # ...the GPU tensor is unchanged
# --8<-- [end:numpy-force-true]

# --8<-- [start:cpu-waits-for-the-gpu]
import torch

torch.manual_seed(0)
x = torch.randn(8192, 8192, device="cuda")
w = torch.randn(8192, 8192, device="cuda") / 8192**0.5
torch.cuda.synchronize()  # start with nothing queued on the GPU

for _ in range(20):
    x = x @ w  # queued on the GPU: Python goes on without waiting
print(torch.cuda.current_stream().query())  # False: the GPU is still working

first_row = x[0].cpu()  # .cpu() waits for all 20 products, then copies
print(torch.cuda.current_stream().query())  # True: nothing is left in the queue

for _ in range(20):
    x = x @ w
print(torch.cuda.current_stream().query())  # False again
total = x.sum().item()  # .item() waits in the same way
print(torch.cuda.current_stream().query())  # True
# --8<-- [end:cpu-waits-for-the-gpu]
