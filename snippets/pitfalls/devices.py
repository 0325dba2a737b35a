# Examples shown on docs/pitfalls/devices.md. Each section runs on its own, as pasted.

# --8<-- [start:numpy-on-cuda]
import torch

t = torch.ones(3, device="cuda")
try:
    t.numpy()
except (TypeError, RuntimeError) as err:
    print(f"{type(err).__name__}: {err}")

print(t.cpu().numpy())  # fix: copy to the CPU first
# --8<-- [end:numpy-on-cuda]

# --8<-- [start:meta-device]
import torch

t = torch.ones(3, device="meta")  # shape and dtype only, no data
try:
    t.numpy()
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

try:
    t.cpu()  # there is no data to copy either
except NotImplementedError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.ones_like(t, device="cpu").numpy())  # fix: create the tensor with real data on the CPU
# --8<-- [end:meta-device]

# --8<-- [start:pin-memory]
import numpy as np
import torch

t = torch.from_numpy(np.ones(3))
try:
    t.pin_memory()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:pin-memory]

# --8<-- [start:pin-memory-fix]
import numpy as np
import torch

t = torch.from_numpy(np.ones(3))
pin = torch.cuda.is_available()  # pinned memory only helps copies to a GPU
if pin:
    t = t.pin_memory()
print(t.is_pinned() == pin)
# --8<-- [end:pin-memory-fix]

# --8<-- [start:dataloader-pin-memory]
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader

data = torch.from_numpy(np.ones((4, 2)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    batches = list(DataLoader(data, batch_size=2, pin_memory=True))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print([batch.is_pinned() for batch in batches])  # the batches came, unpinned
# --8<-- [end:dataloader-pin-memory]

# --8<-- [start:dataloader-pin-memory-fix]
import numpy as np
import torch
from torch.utils.data import DataLoader

data = torch.from_numpy(np.ones((4, 2)))
loader = DataLoader(data, batch_size=2, pin_memory=torch.cuda.is_available())
print([batch.shape for batch in loader])
# --8<-- [end:dataloader-pin-memory-fix]

# --8<-- [start:default-collate]
import numpy as np
from torch.utils.data import DataLoader

samples = [np.array([1, 2], dtype=object), np.array([3, 4], dtype=object)]
try:
    next(iter(DataLoader(samples, batch_size=2)))
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

fixed = [s.astype(np.float32) for s in samples]  # fix: a numeric dtype per sample
print(next(iter(DataLoader(fixed, batch_size=2))))
# --8<-- [end:default-collate]

# --8<-- [start:worker-exited]
import os
import re
import signal
import time

from torch.utils.data import DataLoader, Dataset


class EndsItsWorker(Dataset):
    def __init__(self, how):
        self.how = how

    def __len__(self):
        return 1

    def __getitem__(self, i):
        time.sleep(0.5)  # the main process is waiting for the batch by then
        if self.how == "killed":  # as Linux's out-of-memory killer kills
            os.kill(os.getpid(), signal.SIGKILL)
        raise ValueError("a bad sample")


if __name__ == "__main__":
    for how in ["killed", "raises"]:
        try:
            next(iter(DataLoader(EndsItsWorker(how), num_workers=1)))
        except Exception as error:
            message = str(error).splitlines()[0]
            message = re.sub(r"pid\(s\) \d+", "pid(s) 12345", message)  # ids vary
            print(f"{how}: {type(error).__name__}: {message}")
# --8<-- [end:worker-exited]
