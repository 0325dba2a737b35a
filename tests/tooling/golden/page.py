# --8<-- [start:plain]
import torch

print(torch.tensor([1.0, 2.0]))
# --8<-- [end:plain]

# --8<-- [start:gpu]
import cupy
import torch

print(torch.ones(1).cuda())
# --8<-- [end:gpu]

# --8<-- [start:script]
import multiprocessing as mp


def square(x):
    return x * x


if __name__ == "__main__":
    with mp.get_context("spawn").Pool(1) as pool:
        print(pool.map(square, [1, 2]))
# --8<-- [end:script]

# --8<-- [start:default-dtype]
import torch

torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype())
# --8<-- [end:default-dtype]

# --8<-- [start:skipped]
print("never run")
# --8<-- [end:skipped]

# --8<-- [start:table]
print("| a |\n|---|\n| 1 |")
# --8<-- [end:table]
