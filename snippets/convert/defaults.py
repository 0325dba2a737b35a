# Examples shown on docs/convert/defaults.md. Each section runs on its own, as pasted.

# --8<-- [start:set-default-dtype]
import numpy as np
import torch

a = np.array([1.5, 2.5], dtype=np.float32)

torch.set_default_dtype(torch.float64)
try:
    print("from_numpy(a)  ", torch.from_numpy(a).dtype)  # arrays keep their dtype
    print("as_tensor(a)   ", torch.as_tensor(a).dtype)
    print("tensor(a)      ", torch.tensor(a).dtype)
    print("tensor([1.5])  ", torch.tensor([1.5]).dtype)  # Python floats follow the default
    print("tensor(1.5)    ", torch.tensor(1.5).dtype)
    print("tensor([1, 2]) ", torch.tensor([1, 2]).dtype)  # ints do not
    print("zeros(2)       ", torch.zeros(2).dtype)
    print("Linear weight  ", torch.nn.Linear(2, 1).weight.dtype)
finally:
    torch.set_default_dtype(torch.float32)  # restore it for the rest of the program
# --8<-- [end:set-default-dtype]

# --8<-- [start:set-default-device]
import numpy as np
import torch

a = np.array([1.5, 2.5], dtype=np.float32)

torch.set_default_device("meta")  # "cuda" on a GPU machine; "meta" runs anywhere
try:
    print("from_numpy(a)       ", torch.from_numpy(a).device)  # stays on the CPU, with a
    print("as_tensor(a)        ", torch.as_tensor(a).device)  # a copy, on the default device
    print("asarray(a)          ", torch.asarray(a).device)
    print("tensor(a)           ", torch.tensor(a).device)
    print("zeros(2)            ", torch.zeros(2).device)
    t = torch.as_tensor(a, device="cpu")  # ask for the CPU to share again
    print("as_tensor(a, 'cpu') ", t.device, np.shares_memory(a, t.numpy()))
    try:
        torch.asarray(a, copy=False)
    except ValueError as err:
        print(f"asarray(a, copy=False) {type(err).__name__}: {err}")
finally:
    torch.set_default_device(None)  # back to the CPU

with torch.device("meta"):  # the same, for one block of code only
    print("with torch.device   ", torch.tensor(a).device, torch.from_numpy(a).device)
print("after it            ", torch.tensor(a).device)
# --8<-- [end:set-default-device]

# --8<-- [start:summary-table]
import numpy as np
import torch

settings = {
    "defaults": lambda: None,
    "set_default_dtype(float64)": lambda: torch.set_default_dtype(torch.float64),
    'set_default_device("meta")': lambda: torch.set_default_device("meta"),
}
inputs = {
    "float32 array": lambda: np.array([1.5, 2.5], dtype=np.float32),
    "list of floats": lambda: [1.5, 2.5],
    "Python float": lambda: 1.5,
}
calls = {
    "from_numpy": torch.from_numpy,
    "as_tensor": torch.as_tensor,
    "asarray": torch.asarray,
    "tensor": torch.tensor,
}


def cell(call, data):
    try:
        t = call(data)
    except TypeError as err:
        return f"{type(err).__name__}"
    text = f"{str(t.dtype).removeprefix('torch.')} {t.device}"
    if isinstance(data, np.ndarray) and t.device.type == "cpu":
        text += ", shares" if np.shares_memory(data, t.numpy()) else ", copy"
    return text


rows = [["call", "input", *settings]]
for call_name, call in calls.items():
    for input_name, make_input in inputs.items():
        cells = []
        for apply in settings.values():
            apply()
            try:
                cells.append(cell(call, make_input()))
            finally:
                torch.set_default_dtype(torch.float32)
                torch.set_default_device(None)
        rows.append([f"torch.{call_name}", input_name, *cells])

# A Markdown table, its columns padded to line up as plain text too
widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
for n, row in enumerate(rows):
    print("| " + " | ".join(text.ljust(width) for text, width in zip(row, widths)) + " |")
    if n == 0:
        print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
# --8<-- [end:summary-table]
