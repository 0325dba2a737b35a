# Examples shown on docs/index.md. Each section runs on its own, as pasted.

# --8<-- [start:one-line-answer]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(a)  # no copy: the tensor uses the array's memory
print(t)
# --8<-- [end:one-line-answer]

# --8<-- [start:which-call-shares]
import numpy as np
import torch

a = np.arange(3)
t = torch.from_numpy(a)

print("from_numpy:          ", np.shares_memory(a, torch.from_numpy(a).numpy()))
print("as_tensor:           ", np.shares_memory(a, torch.as_tensor(a).numpy()))
print("as_tensor, new dtype:", np.shares_memory(a, torch.as_tensor(a, dtype=torch.float32).numpy()))
print("tensor:              ", np.shares_memory(a, torch.tensor(a).numpy()))
print(".numpy():            ", np.shares_memory(a, t.numpy()))
# --8<-- [end:which-call-shares]
