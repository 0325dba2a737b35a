# Examples shown on docs/gpu/fast-transfers.md. Each section runs on its own, as pasted.

# --8<-- [start:pinned-loader]
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

data = TensorDataset(torch.from_numpy(np.arange(12, dtype=np.float32).reshape(6, 2)))
loader = DataLoader(data, batch_size=3, pin_memory=device.type == "cuda")  # pinned batches on a GPU

for (batch,) in loader:
    batch = batch.to(device, non_blocking=True)  # from pinned memory, the copy runs in the background
    print(batch.sum(dim=1).cpu())  # .cpu() waits for the copy and the sum
# --8<-- [end:pinned-loader]

# --8<-- [start:pin-memory]
import numpy as np
import torch

a = np.arange(4, dtype=np.float32)
t = torch.from_numpy(a)
print(t.is_pinned())  # ordinary (pageable) memory

p = t.pin_memory()  # a copy in page-locked memory
print(p.is_pinned())
print(np.shares_memory(a, p.numpy()))  # pin_memory() copied the data
print(p.pin_memory() is p)  # already pinned: no second copy
# --8<-- [end:pin-memory]

# --8<-- [start:pin-memory-without-a-gpu]
import warnings

import torch
from torch.utils.data import DataLoader, TensorDataset

try:
    torch.zeros(3).pin_memory()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loader = DataLoader(TensorDataset(torch.zeros(4)), batch_size=2, pin_memory=True)
    (batch,) = next(iter(loader))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(batch.is_pinned())
# --8<-- [end:pin-memory-without-a-gpu]

# --8<-- [start:dataloader-pin-memory]
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.from_numpy(np.arange(12, dtype=np.float32).reshape(6, 2)))
loader = DataLoader(data, batch_size=3, pin_memory=True)

for (batch,) in loader:
    print(batch.is_pinned(), batch.tolist())
# --8<-- [end:dataloader-pin-memory]

# --8<-- [start:non-blocking-to-the-gpu]
import torch

host = torch.full((64 * 1024 * 1024,), 7.0).pin_memory()  # 256 MB of float32, pinned
gpu = host.to("cuda", non_blocking=True)  # queues the copy and returns at once
print(torch.cuda.current_stream().query())  # False: the copy is still running

doubled = gpu * 2  # queued behind the copy, on the same stream
print(doubled[:3].cpu())  # .cpu() waits for the copy and the product
# --8<-- [end:non-blocking-to-the-gpu]

# --8<-- [start:non-blocking-to-the-cpu]
import torch

gpu = torch.full((64 * 1024 * 1024,), 7.0, device="cuda")  # 256 MB of float32
torch.cuda.synchronize()  # nothing else queued

host = gpu.to("cpu", non_blocking=True)  # queues the copy and returns at once
print(torch.cuda.current_stream().query())  # False: do not read host yet
print(host.is_pinned())  # PyTorch gave it a pinned destination
torch.cuda.current_stream().synchronize()  # wait for the copy...
print(host[:3])  # ...and only then read the result

out = torch.empty(3, pin_memory=True)  # or bring your own pinned destination
out.copy_(gpu[:3], non_blocking=True)
copied = torch.cuda.Event()
copied.record()  # a marker in the stream, right after the copy
copied.synchronize()  # wait for that marker, not for anything queued after it
print(out)
# --8<-- [end:non-blocking-to-the-cpu]

# --8<-- [start:staging-buffer]
import numpy as np
import torch

chunks = np.arange(12, dtype=np.float32).reshape(3, 4)  # data that arrives piece by piece

staging = torch.empty(4, dtype=torch.float32, pin_memory=True)  # pinned once, used for every piece
copied = torch.cuda.Event()
sums = []
for chunk in chunks:
    copied.synchronize()  # the previous copy has read the buffer (no wait the first time)
    staging.numpy()[:] = chunk  # fill the buffer: a plain copy in CPU memory
    on_gpu = staging.to("cuda", non_blocking=True)
    copied.record()  # marks the end of this copy
    sums.append(on_gpu.sum())  # GPU work, queued behind the copy

print(torch.stack(sums).cpu())
# --8<-- [end:staging-buffer]
