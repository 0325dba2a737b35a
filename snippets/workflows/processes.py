# Examples shown on docs/workflows/processes.md. Each section runs on its own, as pasted.

# --8<-- [start:pickling]
import numpy as np
import torch
import torch.multiprocessing as mp


def child(t, a, answer):
    answer.put(t.is_shared())  # how the tensor arrived
    t += 1  # both writes happen in the child process
    a += 1


if __name__ == "__main__":
    t = torch.zeros(3)
    a = np.zeros(3, dtype=np.float32)
    print("parent, before: tensor shared", t.is_shared())

    ctx = mp.get_context("spawn")  # the default on macOS and Windows
    answer = ctx.SimpleQueue()
    p = ctx.Process(target=child, args=(t, a, answer))
    p.start()
    print("child: tensor shared", answer.get())
    p.join()

    print("parent, after: tensor shared", t.is_shared())
    print("parent sees the tensor", t.tolist())  # the child's write
    print("parent sees the array ", a.tolist())  # the child wrote to its own copy
# --8<-- [end:pickling]

# --8<-- [start:share-memory]
import torch

t = torch.arange(3.0)
before = t.data_ptr()
same = t.share_memory_()  # in place: moves the storage, returns t

print(same is t, t.is_shared(), t.data_ptr() == before)
print(t)  # the values came along

moved = t.data_ptr()
t.share_memory_()  # already shared: nothing moves
print(t.data_ptr() == moved)
# --8<-- [end:share-memory]

# --8<-- [start:share-memory-spawn]
import torch
import torch.multiprocessing as mp


def fill(rank, t):
    t[rank] = rank + 1.0  # each process writes its own element


if __name__ == "__main__":
    t = torch.zeros(2)
    t.share_memory_()  # once, before the processes start
    mp.spawn(fill, args=(t,), nprocs=2, join=True)  # start method "spawn"; waits for both
    print("parent sees", t.tolist())
# --8<-- [end:share-memory-spawn]

# --8<-- [start:dataloader-workers]
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class Rows(Dataset):
    def __init__(self):
        self.t = torch.zeros(4)
        self.a = np.zeros(4, dtype=np.float32)

    def __len__(self):
        return 4

    def __getitem__(self, i):
        shared = self.t.is_shared()
        self.t[i] = 1  # the worker writes to its dataset: to the tensor...
        self.a[i] = 1  # ...and to the array
        return shared


if __name__ == "__main__":
    for method in ["spawn", "fork"]:
        ds = Rows()
        loader = DataLoader(ds, batch_size=None, num_workers=1, multiprocessing_context=method)
        in_worker = set(loader)
        print(f"{method}: in the worker, tensor shared {in_worker}")
        print(f"{method}: in the main process, tensor shared {ds.t.is_shared()}")
        print(f"{method}: the main process sees tensor {ds.t.tolist()}, array {ds.a.tolist()}")
# --8<-- [end:dataloader-workers]

# --8<-- [start:from-numpy-link-process]
import numpy as np
import torch
import torch.multiprocessing as mp


def child(t):
    t += 1


if __name__ == "__main__":
    a = np.zeros(3, dtype=np.float32)
    t = torch.from_numpy(a)  # t uses a's memory
    print("before:", np.shares_memory(a, t.numpy()))

    p = mp.get_context("spawn").Process(target=child, args=(t,))
    p.start()
    p.join()

    print("after: ", np.shares_memory(a, t.numpy()))
    print("tensor", t.tolist())  # the child's write
    print("array ", a.tolist())  # not here any more
# --8<-- [end:from-numpy-link-process]

# --8<-- [start:from-numpy-link]
import weakref

import numpy as np
import torch

a = np.zeros(3, dtype=np.float32)
t = torch.from_numpy(a)
t.share_memory_()  # what sending t to another process does
t += 1
print(np.shares_memory(a, t.numpy()), a, t)

# An array taken from the tensor before the move
b = np.zeros(3, dtype=np.float32)
b_alive = weakref.ref(b)
t = torch.from_numpy(b)
del b  # now t keeps b's memory alive
early = t.numpy()
print("before the move:", early.ctypes.data == t.data_ptr(), b_alive() is not None)
t.share_memory_()
print("after the move: ", early.ctypes.data == t.data_ptr(), b_alive() is not None)
# --8<-- [end:from-numpy-link]
