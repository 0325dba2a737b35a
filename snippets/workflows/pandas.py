# Examples shown on docs/workflows/pandas.md. Each section runs on its own, as pasted.

# --8<-- [start:dataframe-to-tensor]
import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"age": [25, 32, 47], "height": [1.62, 1.80, 1.75], "weight": [58.0, 81.5, 70.2]})

x = torch.from_numpy(df.to_numpy(dtype=np.float32).copy())  # rows x columns, float32
print(x.dtype, tuple(x.shape), x.is_contiguous())
print(x)
# --8<-- [end:dataframe-to-tensor]

# --8<-- [start:to-numpy-read-only]
import warnings

import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"height": [1.62, 1.80, 1.75], "weight": [58.0, 81.5, 70.2]})  # one dtype
a = df.to_numpy(dtype=np.float32)
print(a.flags.writeable)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.from_numpy(a)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print(df.to_numpy(dtype=np.float32, copy=True).flags.writeable)
# --8<-- [end:to-numpy-read-only]

# --8<-- [start:to-numpy-table]
import numpy as np
import pandas as pd
import torch

frames = {
    "one float64 column": pd.DataFrame({"a": [1.0, 2.0]}),
    "two float64 columns": pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}),
    "two float32 columns": pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, dtype=np.float32),
    "int64 and float64": pd.DataFrame({"a": [1, 2], "b": [3.0, 4.0]}),
}


def order(a):
    return "C and F" if a.flags.c_contiguous and a.flags.f_contiguous else "C" if a.flags.c_contiguous else "F"


# a = df.to_numpy(dtype=np.float32): writable? row order (C) or column order (F)? a view of the frame?
# Then: is torch.tensor(a) contiguous? Is a.copy() writable, and torch.from_numpy(a.copy()) contiguous?
print(f"{'DataFrame':20} {'writable':9} {'order':8} {'view':6} {'tensor(a)':10} a.copy(): writable, from_numpy contiguous")
for name, df in frames.items():
    a = df.to_numpy(dtype=np.float32)
    view = np.shares_memory(a, df["a"].to_numpy())
    t1 = torch.tensor(a)  # a copy
    c = a.copy()  # a copy, in C order
    t2 = torch.from_numpy(c)
    print(f"{name:20} {a.flags.writeable!s:9} {order(a):8} {view!s:6} "
          f"{t1.is_contiguous()!s:10} {c.flags.writeable}, {t2.is_contiguous()}")
# --8<-- [end:to-numpy-table]

# --8<-- [start:mixed-dtypes]
import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"height": [1.62, 1.80], "smoker": [True, False], "city": ["Oslo", "Rome"]})
a = df.to_numpy()
print(a.dtype, a[0])  # one Python object per cell

for convert in (torch.from_numpy, torch.tensor):
    try:
        convert(a)
    except TypeError as err:
        print(f"{convert.__name__}: {type(err).__name__}: {err}")

try:
    df.to_numpy(dtype=np.float32)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(df[["height", "smoker"]].to_numpy().dtype)  # float and bool: still object
# --8<-- [end:mixed-dtypes]

# --8<-- [start:mixed-dtypes-fixes]
import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"height": [1.62, 1.80, 1.75], "smoker": [True, False, False], "city": ["Oslo", "Rome", "Oslo"]})

numbers = df.select_dtypes(include=["number", "bool"])  # height, smoker
one_hot = pd.get_dummies(df["city"], dtype=np.float32)  # one column per city
x = torch.tensor(pd.concat([numbers, one_hot], axis=1).to_numpy(dtype=np.float32))
print(list(numbers.columns) + list(one_hot.columns))
print(x)

codes = df["city"].astype("category").cat.codes  # or integer codes, for an nn.Embedding
print(torch.tensor(codes.to_numpy(), dtype=torch.long))
# --8<-- [end:mixed-dtypes-fixes]

# --8<-- [start:missing-values]
import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"visits": pd.array([3, None, 5], dtype="Int64")})  # nullable integers
print(df.to_numpy().dtype, df.to_numpy().ravel())  # the missing value becomes NaN

try:
    df.to_numpy(dtype=np.int64)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

print(torch.tensor(df.to_numpy(dtype=np.int64, na_value=0)).ravel())  # choose the value
print(torch.tensor(df.fillna(0).to_numpy(dtype=np.float32)).ravel())
# --8<-- [end:missing-values]

# --8<-- [start:series]
import numpy as np
import pandas as pd
import torch

labels = pd.Series([0, 1, 1, 0], name="label")
print(torch.tensor(labels))  # a Series is array-like: dtype kept, a copy
print(torch.tensor(labels.to_numpy(), dtype=torch.float32))  # another dtype on the way

try:
    torch.from_numpy(labels)
except TypeError as err:
    print(f"{type(err).__name__}: {err}")

names = pd.Series(["a", "b"])
try:
    torch.tensor(names)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

when = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02"]))
try:
    torch.tensor(when.to_numpy())
except TypeError as err:
    print(f"{type(err).__name__}: {err}")
print(torch.tensor(when.to_numpy().astype("datetime64[s]").astype(np.int64)))  # seconds since 1970
# --8<-- [end:series]

# --8<-- [start:back-to-dataframe]
import numpy as np
import pandas as pd
import torch

df = pd.DataFrame({"height": [1.62, 1.80], "weight": [58.0, 81.5]}, index=["ann", "bob"])
x = torch.tensor(df.to_numpy(dtype=np.float32), requires_grad=True)
out = x * 2

try:
    pd.DataFrame(out)
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

result = pd.DataFrame(out.detach().numpy(), index=df.index, columns=df.columns)
print(result)
print(np.shares_memory(result.to_numpy(), out.detach().numpy()))  # pandas copied the array
# --8<-- [end:back-to-dataframe]

# --8<-- [start:series-from-tensor]
import pandas as pd
import torch

w = torch.tensor([1.0, 2.0])
s = pd.Series(w)  # from the tensor itself: shares its memory
s_copy = pd.Series(w.numpy())  # from an array: pandas copies it
df = pd.DataFrame(w.reshape(1, 2))  # a DataFrame copies too

w.mul_(10)  # an in-place change, as an optimiser step makes
print(s.tolist(), s_copy.tolist(), df.iloc[0].tolist())
# --8<-- [end:series-from-tensor]
