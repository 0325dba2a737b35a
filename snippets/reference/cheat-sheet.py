# Examples shown on docs/reference/cheat-sheet.md. Each section runs on its own, as pasted.

# --8<-- [start:round-trip]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
a = np.arange(6, dtype=np.float64).reshape(2, 3)

x = torch.from_numpy(a).to(device, torch.float32)  # NumPy float64 -> model float32
y = (x * 2).sum(dim=1)  # any work on the device
out = y.detach().cpu().numpy()  # works for every tensor NumPy has a dtype for

print(out, out.dtype)
# --8<-- [end:round-trip]
