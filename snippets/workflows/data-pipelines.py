# Examples shown on docs/workflows/data-pipelines.md. Each section runs on its own, as pasted.

# --8<-- [start:array-dataset]
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class ArrayDataset(Dataset):
    def __init__(self, features, labels):
        self.features = features.astype(np.float32)  # one big array, float32 once
        self.labels = labels

    def __len__(self):
        return len(self.features)

    def __getitem__(self, i):
        return self.features[i], self.labels[i]  # NumPy out; the loader makes tensors


rng = np.random.default_rng(0)
data = ArrayDataset(rng.random((10, 3)), rng.integers(0, 2, size=10))
loader = DataLoader(data, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))

x, y = next(iter(loader))
print(type(x).__name__, x.dtype, tuple(x.shape))
print(type(y).__name__, y.dtype, tuple(y.shape))
# --8<-- [end:array-dataset]

# --8<-- [start:default-collate-arrays]
import numpy as np
from torch.utils.data import default_collate

samples = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]  # float64, NumPy's default
batch = default_collate(samples)
print(type(batch).__name__, batch.dtype, tuple(batch.shape))
print(np.shares_memory(batch.numpy(), samples[0]))  # stacked into new memory

print(default_collate([np.float32(0.5), np.float32(1.5)]).dtype)  # NumPy scalars keep their dtype
print(default_collate([0.5, 1.5]).dtype)  # Python floats become float64
print(default_collate([1, 2]).dtype)  # Python ints become int64
# --8<-- [end:default-collate-arrays]

# --8<-- [start:default-collate-dict]
import numpy as np
from torch.utils.data import default_collate

samples = [
    {"image": np.zeros((2, 2), dtype=np.uint8), "label": 3, "name": "a.png"},
    {"image": np.ones((2, 2), dtype=np.uint8), "label": 5, "name": "b.png"},
]
batch = default_collate(samples)
for key, value in batch.items():
    print(f"{key:5} -> {type(value).__name__}", getattr(value, "dtype", ""), getattr(value, "shape", value))
# --8<-- [end:default-collate-dict]

# --8<-- [start:no-batching-shares-memory]
import numpy as np
from torch.utils.data import DataLoader, Dataset


class Rows(Dataset):
    def __init__(self, array):
        self.array = array

    def __len__(self):
        return len(self.array)

    def __getitem__(self, i):
        return self.array[i]


features = np.zeros((4, 3), dtype=np.float32)
row = next(iter(DataLoader(Rows(features), batch_size=None)))  # no batching: no stacking
print(type(row).__name__, np.shares_memory(features, row.numpy()))

row += 1  # "just normalising the sample"...
print(features[0])  # ...changed the dataset
# --8<-- [end:no-batching-shares-memory]

# --8<-- [start:worker-seeds]
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Noisy(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng(0)  # made once, in the main process

    def __len__(self):
        return 4

    def __getitem__(self, i):
        draws = {
            "random": random.randrange(1000),
            "torch": torch.randint(1000, ()).item(),
            "np.random": np.random.randint(1000),
            "self.rng": self.rng.integers(1000).item(),
        }
        return get_worker_info().id, draws


if __name__ == "__main__":
    loader = DataLoader(
        Noisy(), batch_size=None, num_workers=2,
        multiprocessing_context="spawn",  # the default on macOS and Windows
        generator=torch.Generator().manual_seed(0),  # makes the run reproducible
    )
    seen = {}
    for epoch in range(2):
        # The last epoch's iterator is kept to the end: freed as Python 3.11 exits, the loader's queue
        # threads can race the exit and make it warn of a "leaked semaphore" already removed.
        batches = iter(loader)
        for worker, draws in batches:
            print(f"epoch {epoch} worker {worker}:", "  ".join(f"{k} {v:3d}" for k, v in draws.items()))
            for name, value in draws.items():
                seen.setdefault(name, {}).setdefault((epoch, worker), []).append(value)
    for name, v in seen.items():
        print(f"{name:>9}: workers differ {v[0, 0] != v[0, 1]}, epochs differ {v[0, 0] != v[1, 0]}")
# --8<-- [end:worker-seeds]

# --8<-- [start:seed-each-worker]
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info


class Noisy(Dataset):
    def __init__(self):
        self.rng = np.random.default_rng(0)  # replaced in each worker by seed_worker

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return get_worker_info().id, self.rng.integers(1000)


def seed_worker(worker_id):
    # torch.initial_seed() is base_seed + worker_id: a different seed in each worker
    get_worker_info().dataset.rng = np.random.default_rng(torch.initial_seed())


if __name__ == "__main__":
    loader = DataLoader(
        Noisy(), batch_size=None, num_workers=2,
        multiprocessing_context="spawn",
        persistent_workers=True,  # each worker keeps its generator from one epoch to the next
        worker_init_fn=seed_worker,
        generator=torch.Generator().manual_seed(0),
    )
    for epoch in range(2):
        print(f"epoch {epoch}:", [(int(worker), int(value)) for worker, value in loader])
# --8<-- [end:seed-each-worker]

# --8<-- [start:copy-on-read]
import multiprocessing
import sys

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


def written_mb():
    """Memory this process has written to since it was forked (Linux)."""
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024


class ReadEveryElement(Dataset):
    def __init__(self, data):
        self.data = data

    def __len__(self):
        return 1

    def __getitem__(self, _):  # one item: read every element once, report what that copied
        before = written_mb()
        for i in range(len(self.data)):
            self.data[i]
        return written_mb() - before


print(multiprocessing.get_start_method())
rows = np.random.default_rng(0).random((100_000, 16), dtype=np.float32)
as_list = [row.copy() for row in rows]  # 100,000 small arrays
list_mb = sum(sys.getsizeof(a) for a in as_list) / 2**20
rows_mb = rows.nbytes / 2**20

for name, data, size_mb in [
    ("list of arrays", as_list, list_mb),
    ("one array", rows, rows_mb),
    ("one tensor", torch.from_numpy(rows), rows_mb),
]:
    loader = DataLoader(ReadEveryElement(data), batch_size=None, num_workers=1, multiprocessing_context="fork")
    copied_mb = next(iter(loader))
    print(f"{name:14}: copied more than 1/3 of it {copied_mb > size_mb / 3}, less than 1/20 {copied_mb < size_mb / 20}")
# --8<-- [end:copy-on-read]

# --8<-- [start:spawn-workers]
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class Both(Dataset):
    def __init__(self):
        self.array = np.zeros(2)  # a NumPy array
        self.source = np.zeros(2)
        self.tensor = torch.from_numpy(self.source)  # a tensor on another array

    def __len__(self):
        return 1

    def __getitem__(self, i):
        return {"array": self.array.tolist(), "tensor": self.tensor.tolist(), "shared": self.tensor.is_shared()}


if __name__ == "__main__":
    data = Both()
    loader = DataLoader(data, batch_size=None, num_workers=1, persistent_workers=True,
                        multiprocessing_context="spawn")
    print("epoch 0:", next(iter(loader)))  # the worker starts: the dataset is pickled
    print("in the main process, tensor shared:", data.tensor.is_shared(),
          "still on source:", np.shares_memory(data.source, data.tensor.numpy()))

    data.array[:] = 1  # changes the main process's array only
    data.tensor[:] = 1  # changes the shared memory the worker reads
    data.source[:] = 2  # reaches neither
    print("epoch 1:", next(iter(loader)))  # the same worker, the same dataset copy
# --8<-- [end:spawn-workers]

# --8<-- [start:pin-memory-without-gpu]
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.from_numpy(np.ones((4, 2), dtype=np.float32)))
loader = DataLoader(data, batch_size=2, pin_memory=True)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    (batch,) = next(iter(loader))  # the warning comes when iteration starts
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
print(batch.is_pinned())
# --8<-- [end:pin-memory-without-gpu]

# --8<-- [start:memmap-read-only]
import os
import tempfile
import warnings

import numpy as np
import torch

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "features.npy")
    np.save(path, np.arange(6, dtype=np.float32))

    a = np.load(path, mmap_mode="r")  # maps the file: nothing is read yet
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = torch.from_numpy(a)
    for w in caught:
        print(f"{w.category.__name__}: {w.message}")
    print(type(a).__name__, a.flags.writeable, t.data_ptr() == a.ctypes.data)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = torch.from_numpy(a)
    print(len(caught))  # the second time, no warning
    del t, a  # unmap before the directory is removed (needed on Windows)
# --8<-- [end:memmap-read-only]

# --8<-- [start:memmap-writable]
import os
import tempfile

import numpy as np
import torch

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "features.npy")
    for mode in ("r+", "c"):
        np.save(path, np.arange(4, dtype=np.float32))
        a = np.load(path, mmap_mode=mode)
        t = torch.from_numpy(a)  # writable: no warning, no copy
        t[0] = 100
        print(f"{mode!r:4}: tensor {t.tolist()}, shares {t.data_ptr() == a.ctypes.data}")
        del t, a
        print(f"      file now {np.load(path).tolist()}")
# --8<-- [end:memmap-writable]

# --8<-- [start:npz-is-read-into-memory]
import os
import tempfile

import numpy as np
import torch

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "data.npz")
    np.savez(path, x=np.arange(4, dtype=np.float32))

    with np.load(path, mmap_mode="r") as archive:  # mmap_mode is ignored for .npz
        x = archive["x"]  # read from the file into new memory
        print(type(x).__name__, x.flags.writeable)
        print(np.shares_memory(archive["x"], archive["x"]))  # each lookup reads it again
    print(torch.from_numpy(x))
# --8<-- [end:npz-is-read-into-memory]

# --8<-- [start:from-file-shares]
import os
import tempfile

import numpy as np
import torch

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "raw.bin")
    np.arange(4, dtype=np.float32).tofile(path)  # raw bytes: no header

    t = torch.from_file(path, shared=True, size=4, dtype=torch.float32)
    t[0] = 42  # shared=True: writes go to the file
    print(np.fromfile(path, dtype=np.float32))

    private = torch.from_file(path, shared=False, size=4, dtype=torch.float32)
    private[1] = -1  # shared=False: a private copy-on-write mapping
    print(np.fromfile(path, dtype=np.float32))

    m = np.memmap(path, dtype=np.float32, mode="r+")  # NumPy maps the same file
    t[2] = 7
    print(m)
    del t, private, m
# --8<-- [end:from-file-shares]

# --8<-- [start:memmap-pickles-its-data]
import os
import pickle
import tempfile

import numpy as np

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "features.npy")
    np.save(path, np.zeros((1000, 250), dtype=np.float32))

    a = np.load(path, mmap_mode="r")
    sent = pickle.dumps(a)  # what a spawned worker receives
    print(len(sent) > os.path.getsize(path))  # every byte of the file is in the pickle
    print(pickle.loads(sent).filename)  # and the copy maps no file
    del a
# --8<-- [end:memmap-pickles-its-data]

# --8<-- [start:memmap-dataset]
import os
import tempfile

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class NpyRows(Dataset):
    """Rows of a .npy file. Only the path is pickled; each worker maps the file itself."""

    def __init__(self, path):
        self.path = path
        self.length = len(np.load(path, mmap_mode="r"))
        self.rows = None

    def __len__(self):
        return self.length

    def __getitem__(self, i):
        if self.rows is None:  # first use in this process
            self.rows = np.load(self.path, mmap_mode="c")  # writable: no warning, no copy
        return self.rows[i]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "features.npy")
        np.save(path, np.arange(12, dtype=np.float32).reshape(6, 2))

        loader = DataLoader(NpyRows(path), batch_size=3, num_workers=2, multiprocessing_context="spawn")
        # The iterator is kept to the end: freed as Python 3.11 exits, the loader's queue threads
        # can race the exit and make it warn of a "leaked semaphore" already removed.
        batches = iter(loader)
        for batch in batches:
            print(type(batch).__name__, batch.dtype, batch.tolist())
# --8<-- [end:memmap-dataset]
