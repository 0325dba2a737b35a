# Examples shown on docs/reference/cheat-sheet.md. Each section runs on its own, as pasted.

# --8<-- [start:round-trip]
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
a = np.arange(6, dtype=np.float64).reshape(2, 3)

x = torch.from_numpy(a).to(device, torch.float32)  # NumPy float64 -> model float32
y = (x * 2).sum(dim=1)  # any work on the device
out = y.detach().cpu().numpy()  # back to the CPU, out of autograd, into NumPy

print(out, out.dtype)
# --8<-- [end:round-trip]

# --8<-- [start:numpy-to-torch-table]
import numpy as np
import torch

inputs = {"float64 array": np.array([1.0, 2.0]), "list": [1.0, 2.0]}
calls = {  # the call: where it is shown
    "`from_numpy(x)`": (torch.from_numpy, "../convert/numpy-to-torch.md#from-numpy"),
    "`as_tensor(x)`": (torch.as_tensor, "../convert/numpy-to-torch.md#as-tensor"),
    "`as_tensor(x)` → float32": (
        lambda x: torch.as_tensor(x, dtype=torch.float32), "../convert/numpy-to-torch.md#as-tensor"),
    "`asarray(x)`": (torch.asarray, "../convert/numpy-to-torch.md#asarray"),
    "`asarray(x, copy=True)`": (
        lambda x: torch.asarray(x, copy=True), "../convert/numpy-to-torch.md#asarray"),
    "`asarray(x, copy=False)`": (
        lambda x: torch.asarray(x, copy=False), "../convert/numpy-to-torch.md#asarray"),
    "`tensor(x)`": (torch.tensor, "../convert/numpy-to-torch.md#tensor"),
    "`from_dlpack(x)`": (torch.from_dlpack, "../convert/dlpack.md#torch-from-dlpack"),
    "`from_numpy(x).float()`": (
        lambda x: torch.from_numpy(x).float(), "../convert/numpy-to-torch.md#float32-for-a-model"),
}


def cell(call, x):
    try:
        t = call(x)
    except Exception as err:
        return f"✗ `{type(err).__name__}`"
    shares = isinstance(x, np.ndarray) and np.shares_memory(x, t.numpy())
    return f"{'✓ shares' if shares else 'copy'}, `{str(t.dtype).removeprefix('torch.')}`"


print("| Call |", " | ".join(inputs), "|")
print("|---|" + "---|" * len(inputs))
for name, (call, page) in calls.items():
    print(f"| [{name}]({page}) |", " | ".join(cell(call, x) for x in inputs.values()), "|")
# --8<-- [end:numpy-to-torch-table]

# --8<-- [start:torch-to-numpy-table]
import warnings

import numpy as np
import torch

tensors = {
    "float32": torch.tensor([1.0, 2.0]),
    "requires grad": torch.tensor([1.0, 2.0], requires_grad=True),
    "conjugate view": torch.tensor([1 + 2j, 3 - 4j]).conj(),
    "bfloat16": torch.tensor([1.0, 2.0], dtype=torch.bfloat16),
}
calls = {  # the call: where it is shown
    "`.numpy()`": (lambda t: t.numpy(), "../convert/torch-to-numpy.md#numpy-shares-memory"),
    "`np.asarray(t)`": (np.asarray, "../convert/torch-to-numpy.md#asarray-shares-memory"),
    "`np.array(t)`": (np.array, "../convert/torch-to-numpy.md#array-copies"),
    "`.numpy(force=True)`": (lambda t: t.numpy(force=True), "../convert/torch-to-numpy.md#numpy-force"),
    "`.detach().cpu().numpy()`": (lambda t: t.detach().cpu().numpy(), "../convert/torch-to-numpy.md"),
    "`np.from_dlpack(t)`": (np.from_dlpack, "../convert/dlpack.md#np-from-dlpack"),
    "`.tolist()`": (lambda t: t.tolist(), "../convert/torch-to-numpy.md#tolist"),
}


def cell(call, t):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = call(t)
        except Exception as err:
            return f"✗ `{type(err).__name__}`"
    warns = ", warns" if caught else ""
    if isinstance(a, list):
        return "Python list" + warns
    storage = torch.empty(0, dtype=torch.uint8).set_(t.untyped_storage())  # all of t's bytes
    return ("✓ shares" if np.shares_memory(a, storage.numpy()) else "copy") + warns


print("| Call |", " | ".join(tensors), "|")
print("|---|" + "---|" * len(tensors))
for name, (call, page) in calls.items():
    print(f"| [{name}]({page}) |", " | ".join(cell(call, t) for t in tensors.values()), "|")
# --8<-- [end:torch-to-numpy-table]

# --8<-- [start:memory-table]
import numpy as np
import torch

rows = {  # the operation: where it is shown
    "t += 1": "../convert/memory.md#in-place-vs-out-of-place",
    "a[:] = 9": "../convert/memory.md#in-place-vs-out-of-place",
    "t = t + 1": "../convert/memory.md#in-place-vs-out-of-place",
    "t = t.clone()": "../convert/memory.md#break-the-link",
    "t = t.float()": "../convert/memory.md#break-the-link",
    "a.resize(8)": "../convert/memory.md#resizing",
    "t.resize_(8)": "../convert/memory.md#resizing",
    "t.share_memory_()": "../convert/memory.md#sent-to-another-process",
}

print("| After `a = np.arange(4.0)`, `t = torch.from_numpy(a)` | Still shares? | Details |")
print("|---|---|---|")
for code, page in rows.items():
    a = np.arange(4.0)
    t = torch.from_numpy(a)
    names = {"np": np, "torch": torch, "a": a, "t": t}
    try:
        exec(code, names)  # run the operation on this fresh pair
    except Exception as err:
        result = f"✗ `{type(err).__name__}`"
    else:
        result = "yes" if np.shares_memory(names["a"], names["t"].numpy()) else "no"
    print(f"| `{code}` | {result} | [shown here]({page}) |")
# --8<-- [end:memory-table]
