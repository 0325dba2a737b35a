# Examples shown on docs/gpu/cupy.md. Each section runs on its own, as pasted.
# They need a CUDA GPU and CuPy (pip install cupy-cuda12x, or the wheel for your CUDA).

# --8<-- [start:both-ways]
import cupy
import torch

t = torch.arange(4, dtype=torch.float32, device="cuda")
c = cupy.from_dlpack(t)  # a CuPy array on the tensor's GPU memory: no copy
back = torch.from_dlpack(c)  # and a tensor again, still the same memory

c[0] = 100  # write through CuPy...
print(t.cpu())  # ...and PyTorch sees it
print(c.data.ptr == t.data_ptr() == back.data_ptr())
# --8<-- [end:both-ways]

# --8<-- [start:cupy-to-torch]
import cupy
import torch

c = cupy.arange(6, dtype=cupy.float32).reshape(2, 3)  # memory allocated by CuPy
t = torch.from_dlpack(c)
print(t.device, t.dtype, tuple(t.shape))

t.mul_(10)  # an in-place change in PyTorch...
print(c.tolist())  # ...shows in CuPy
# --8<-- [end:cupy-to-torch]

# --8<-- [start:requires-grad]
import cupy
import torch

w = torch.ones(3, device="cuda", requires_grad=True)
try:
    cupy.from_dlpack(w)
except BufferError as err:
    print(f"{type(err).__name__}: {err}")

c = cupy.from_dlpack(w.detach())  # the same memory, outside autograd
print(c.tolist())
# --8<-- [end:requires-grad]

# --8<-- [start:cuda-array-interface]
import cupy
import torch

t = torch.arange(3, dtype=torch.float32, device="cuda")
cai = t.__cuda_array_interface__  # a plain dict describing the GPU buffer
print(cai["typestr"], cai["shape"], cai["strides"], cai["version"])
print(cai["data"][0] == t.data_ptr())  # the address of the first element

c = cupy.asarray(t)  # reads __cuda_array_interface__: no copy
c += 1
print(t.cpu())

u = torch.as_tensor(c, device="cuda")  # the other way, no copy either
print(u.data_ptr() == t.data_ptr())
# --8<-- [end:cuda-array-interface]

# --8<-- [start:cupy-on-a-torch-stream]
import cupy
import torch


def same_stream():
    return torch.cuda.current_stream().cuda_stream == cupy.cuda.get_current_stream().ptr


print(same_stream())  # True: both libraries start on the default stream

side = torch.cuda.Stream()  # a stream of PyTorch's own
with torch.cuda.stream(side):  # PyTorch queues its work on `side`...
    print(same_stream())  # False: CuPy does not follow
    t = torch.arange(4, dtype=torch.float32, device="cuda") * 10
    with cupy.cuda.Stream.from_external(torch.cuda.current_stream()):  # ...and now CuPy does
        print(same_stream())  # True
        c = cupy.from_dlpack(t)
        c += 1  # runs after the multiplication: same stream
    result = t.cpu()  # runs after the addition: same stream
print(result)
# --8<-- [end:cupy-on-a-torch-stream]

# --8<-- [start:torch-on-a-cupy-stream]
import cupy
import torch

s = cupy.cuda.Stream(non_blocking=True)  # a stream created by CuPy
with s, torch.cuda.stream(torch.cuda.ExternalStream(s.ptr)):  # both libraries queue on it
    c = cupy.arange(4, dtype=cupy.float32) * 10
    t = torch.from_dlpack(c)
    t += 1  # runs after CuPy's multiplication: same stream
    result = t.cpu()
print(result)
# --8<-- [end:torch-on-a-cupy-stream]
