# Examples shown on docs/gpu/numpy-to-gpu.md. Each section runs on its own, as pasted.

# --8<-- [start:pick-the-device]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu")

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
t = torch.from_numpy(a).to(device)  # a copy in the GPU's memory when there is a GPU
print((t * 2).cpu())  # back on the CPU to print: the same output on every machine
# --8<-- [end:pick-the-device]

# --8<-- [start:three-ways]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)

t1 = torch.from_numpy(a).to("cuda")  # wrap the array, then copy it to the GPU
t2 = torch.as_tensor(a, device="cuda")  # the same, in one call
t3 = torch.from_numpy(a).cuda()  # .cuda() is short for .to("cuda")

for t in (t1, t2, t3):
    print(t.device, t.dtype, t.cpu())
# --8<-- [end:three-ways]

# --8<-- [start:convert-dtype-on-the-way]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

a = np.array([0.5, 1.5, 2.5])  # float64, NumPy's default
t1 = torch.from_numpy(a).to(device, dtype=torch.float32)  # copy and convert in one call
t2 = torch.as_tensor(a, dtype=torch.float32, device=device)  # the same

print(a.dtype, "->", t1.dtype, t2.dtype)
print(t1.cpu())
# --8<-- [end:convert-dtype-on-the-way]

# --8<-- [start:already-on-the-device]
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

t = torch.ones(3, device=device)
print(t.to(device) is t)  # already there: the same tensor comes back, nothing is copied
print(t.to(device, copy=True) is t)  # copy=True asks for a new tensor anyway
# --8<-- [end:already-on-the-device]

# --8<-- [start:model-and-batch-on-one-device]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = torch.nn.Linear(3, 1).to(device)  # moves the weights; a new model starts on the CPU

batch = torch.from_numpy(np.ones((2, 3), dtype=np.float32))  # on the CPU, like every from_numpy tensor
weights_device = next(model.parameters()).device
batch = batch.to(weights_device)  # the batch goes where the weights are
print(batch.device == weights_device)
print(model(batch).shape)
# --8<-- [end:model-and-batch-on-one-device]

# --8<-- [start:model-and-batch-on-two-devices]
import numpy as np
import torch

conv = torch.nn.Conv2d(1, 1, 3).to("cuda")  # the weights on the GPU
batch = torch.from_numpy(np.zeros((2, 1, 5, 5), dtype=np.float32))  # the batch still on the CPU
try:
    conv(batch)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

linear = torch.nn.Linear(3, 1).to("cuda")
try:
    linear(torch.from_numpy(np.ones((2, 3), dtype=np.float32)))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

print(conv(batch.to("cuda")).device)  # the fix: the batch on the weights' device
# --8<-- [end:model-and-batch-on-two-devices]

# --8<-- [start:same-check-on-the-cpu]
import numpy as np
import torch

conv = torch.nn.Conv2d(1, 1, 3, bias=False).double()  # float64 weights, on the CPU
for n in (2, 1):  # a batch of two samples, then of one
    batch = torch.from_numpy(np.zeros((n, 1, 5, 5), dtype=np.float32))  # float32
    try:
        conv(batch)
    except RuntimeError as err:
        print(f"batch of {n}: {type(err).__name__}: {err}")

print(conv(batch.to(conv.weight.dtype)).shape)  # the fix: the batch in the weights' dtype
# --8<-- [end:same-check-on-the-cpu]

# --8<-- [start:gpu-copy-does-not-share]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
on_cpu = torch.from_numpy(a)  # shares the array's memory
on_gpu = torch.from_numpy(a).to("cuda")  # a copy in GPU memory
also_on_gpu = torch.as_tensor(a, device="cuda")  # a copy too

a[0] = 100.0  # change the array...
print(on_cpu)  # ...the CPU tensor sees the change
print(on_gpu.cpu())  # ...the GPU copies do not
print(also_on_gpu.cpu())

on_gpu[1] = 200.0  # change a GPU tensor...
print(a)  # ...the array does not see it
# --8<-- [end:gpu-copy-does-not-share]

# --8<-- [start:cuda-n]
import torch

print(f"cuda:{torch.cuda.current_device()}")  # the GPU that "cuda" means, with no index

last = torch.device("cuda", torch.cuda.device_count() - 1)  # cuda:1 on a machine with two GPUs
t = torch.ones(2, device=last)
print(t.device == last)

with torch.cuda.device(last):  # inside this block, "cuda" means the last GPU
    u = torch.zeros(2, device="cuda")
print(u.device == last)
print(f"cuda:{torch.cuda.current_device()}")  # and afterwards the first one again
# --8<-- [end:cuda-n]

# --8<-- [start:cuda-visible-devices]
import os
import subprocess
import sys

count = "import torch; print(torch.cuda.device_count(), torch.cuda.is_available())"
for visible in ("0", ""):
    env = dict(os.environ, CUDA_VISIBLE_DEVICES=visible)  # set before the child uses CUDA
    child = subprocess.run([sys.executable, "-c", count], env=env, capture_output=True, text=True)
    print(f"CUDA_VISIBLE_DEVICES={visible!r}: {child.stdout.strip()}")
# --8<-- [end:cuda-visible-devices]
