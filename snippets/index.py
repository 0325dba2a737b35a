# Examples shown on docs/index.md. Each section runs on its own, as pasted.

# --8<-- [start:one-line-answer]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(a)  # no copy: the tensor uses the array's memory
print(t)
# --8<-- [end:one-line-answer]

# --8<-- [start:which-call-table]
import warnings

import numpy as np
import torch

a = np.array([1.0, 2.0])  # float64
inputs = {  # column: (what is passed, keyword arguments, the default device)
    "array": (a, {}, None),
    "→ float32": (a, {"dtype": torch.float32}, None),
    "list": ([1.0, 2.0], {}, None),
    "tensor": (torch.tensor([1.0, 2.0]), {}, None),
    "default device": (a, {}, "meta"),  # meta: a device without memory, no GPU needed
}
calls = {"`from_numpy`": torch.from_numpy, "`as_tensor`": torch.as_tensor,
         "`asarray`": torch.asarray, "`tensor`": torch.tensor}


def cell(call, x, kwargs, device):
    if kwargs and call is torch.from_numpy:
        return "—"  # from_numpy has no dtype=
    torch.set_default_device(device)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t = call(x, **kwargs)
    except TypeError as err:
        return f"✗ `{type(err).__name__}`"
    finally:
        torch.set_default_device(None)  # back to the CPU
    warns = ", warns" if caught else ""
    if t.device.type != "cpu":
        return f"`{t.device.type}`{warns}"
    memory = x.numpy() if isinstance(x, torch.Tensor) else x
    shares = isinstance(memory, np.ndarray) and np.shares_memory(memory, t.numpy())
    return ("✓ shares" if shares else "copy") + warns


print("| Call |", " | ".join(inputs), "|")
print("|---|" + "---|" * len(inputs))
for name, call in calls.items():
    print(f"| {name} |", " | ".join(cell(call, *how) for how in inputs.values()), "|")
# --8<-- [end:which-call-table]
