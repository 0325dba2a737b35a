# Examples shown on docs/workflows/autograd.md. Each section runs on its own, as pasted.

# --8<-- [start:round-trip]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
x = torch.from_numpy(a).requires_grad_()  # a leaf that autograd tracks, on a's memory

loss = (x**2).sum()
loss.backward()

print(x.grad.numpy())  # the gradient, d(loss)/dx = 2x, as an array
print(x.detach().numpy())  # the values, as an array: detach first
print(loss.item())  # a one-element result, as a Python number
# --8<-- [end:round-trip]

# --8<-- [start:numpy-functions-break-the-graph]
import numpy as np
import torch

x = torch.tensor([0.0, 1.0], requires_grad=True)
try:
    np.sin(x)  # NumPy asks for an array, and .numpy() refuses
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

y = torch.from_numpy(np.sin(x.detach().numpy()))  # runs, but the graph ends here
print(y.requires_grad, y.grad_fn)

y = torch.sin(x)  # the PyTorch function is recorded
print(y.requires_grad, y.grad_fn.name())
# --8<-- [end:numpy-functions-break-the-graph]

# --8<-- [start:share-or-copy]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)

shared = torch.from_numpy(a).requires_grad_()  # in place: the same tensor, now tracked
also_shared = torch.asarray(a, requires_grad=True)
copied = torch.tensor(a, requires_grad=True)

for name, t in [("from_numpy", shared), ("asarray", also_shared), ("tensor", copied)]:
    print(f"{name:10} requires_grad={t.requires_grad} leaf={t.is_leaf} shares={np.shares_memory(a, t.detach().numpy())}")
# --8<-- [end:share-or-copy]

# --8<-- [start:only-floats]
import numpy as np
import torch

labels = torch.from_numpy(np.array([0, 1, 2]))  # int64
try:
    labels.requires_grad_()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:only-floats]

# --8<-- [start:back-to-numpy]
import numpy as np
import torch

w = torch.from_numpy(np.array([1.0, 2.0], dtype=np.float32)).requires_grad_()
y = w * 3

try:
    y.numpy()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

a = y.detach().numpy()  # y's memory, outside the graph
b = y.numpy(force=True)  # the detach done for you
print(a, np.shares_memory(a, b))

with torch.no_grad():
    z = w * 3  # nothing is recorded: z does not require grad
    print(z.requires_grad, z.numpy())
    print(w.requires_grad, w.numpy())  # allowed while grad mode is off
# --8<-- [end:back-to-numpy]

# --8<-- [start:grad-shares-memory]
import numpy as np
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
(x**2).sum().backward()

g = x.grad.numpy()  # no copy: g is x.grad's memory
print(g, np.shares_memory(g, x.grad.numpy()))

(x**2).sum().backward()  # gradients accumulate, in place...
print(g)  # ...so g changed

saved = x.grad.numpy().copy()  # copy what you keep
x.grad.zero_()
print(g, saved)
# --8<-- [end:grad-shares-memory]

# --8<-- [start:zero-grad-set-to-none]
import numpy as np
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
opt = torch.optim.SGD([x], lr=0.1)

logged = []
for step in range(3):
    opt.zero_grad()  # sets x.grad to None: the next backward makes a new tensor
    (x**2).sum().backward()
    logged.append(x.grad.numpy())
    opt.step()
print(logged)
opt.zero_grad()
print(x.grad)

logged = []
for step in range(3):  # forgot zero_grad: one gradient tensor, accumulating
    (x**2).sum().backward()
    logged.append(x.grad.numpy())
    opt.step()
print(logged)
# --8<-- [end:zero-grad-set-to-none]

# --8<-- [start:data-is-a-trap]
import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
y = torch.sigmoid(x)  # sigmoid saves its output y to compute the gradient y * (1 - y)
y.sum().backward()
print("right:", x.grad)

x.grad = None
y = torch.sigmoid(x)
y.data.mul_(2)  # an in-place change that autograd does not see
y.sum().backward()
print("wrong:", x.grad)  # computed from the changed y: no error, wrong numbers

x.grad = None
y = torch.sigmoid(x)
y.detach().mul_(2)  # the same change through detach(): autograd notices
try:
    y.sum().backward()
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:data-is-a-trap]

# --8<-- [start:numpy-writes-are-invisible]
import numpy as np
import torch

a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
x = torch.from_numpy(a).requires_grad_()

try:
    x.mul_(2)  # PyTorch refuses an in-place change to a leaf that requires grad...
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

loss = (x * x).sum()  # mul saves x to compute the gradient 2 * x
a[0] = 10.0  # ...but cannot stop NumPy from writing the same memory
loss.backward()
print(x.grad)  # 20 where 2 was right: no error
# --8<-- [end:numpy-writes-are-invisible]

# --8<-- [start:optimizer-updates-array]
import numpy as np
import torch

weights = np.array([1.0, -2.0], dtype=np.float32)
w = torch.nn.Parameter(torch.from_numpy(weights))  # a Parameter on the array's memory
opt = torch.optim.SGD([w], lr=0.25)

loss = (w**2).sum()
loss.backward()
opt.step()  # updates w in place...
print(weights)  # ...so the array holds the new weights
print(np.shares_memory(weights, w.detach().numpy()))

opt.zero_grad()
(w**2).sum().backward()
with torch.no_grad():
    w -= 0.25 * w.grad  # a manual step is in place too
print(weights)
# --8<-- [end:optimizer-updates-array]

# --8<-- [start:numpy-in-autograd-function]
import numpy as np
import torch


class NumpySoftplus(torch.autograd.Function):
    """softplus(x) = log(1 + e^x), forward and backward computed with NumPy."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        y = np.logaddexp(0.0, x.detach().numpy())  # log(e^0 + e^x)
        return torch.from_numpy(y)

    @staticmethod
    def backward(ctx, grad_y):
        (x,) = ctx.saved_tensors
        dy_dx = 1.0 / (1.0 + np.exp(-x.detach().numpy()))  # the derivative: sigmoid(x)
        return grad_y * torch.from_numpy(dy_dx)


x = torch.tensor([-2.0, 0.0, 3.0], dtype=torch.float64, requires_grad=True)
y = NumpySoftplus.apply(x)
y.sum().backward()
print(y)
print(x.grad)
print(torch.allclose(y, torch.nn.functional.softplus(x)), torch.allclose(x.grad, torch.sigmoid(x.detach())))

print(torch.autograd.gradcheck(NumpySoftplus.apply, (x,)))  # backward agrees with finite differences
# --8<-- [end:numpy-in-autograd-function]

# --8<-- [start:gradcheck-catches-a-wrong-backward]
import warnings

import numpy as np
import torch


class NumpySin(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.from_numpy(np.sin(x.detach().numpy()))

    @staticmethod
    def backward(ctx, grad_y):
        (x,) = ctx.saved_tensors
        return grad_y * torch.from_numpy(np.sin(x.detach().numpy()))  # wrong: should be cos


x64 = torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True)
try:
    torch.autograd.gradcheck(NumpySin.apply, (x64,))
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")

# In float32, finite differences are too coarse: even a right backward fails
x32 = torch.tensor([0.0, 1.0], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(torch.autograd.gradcheck(torch.sin, (x32,), raise_exception=False))
for w in caught:
    print(f"{w.category.__name__}: {w.message}")
# --8<-- [end:gradcheck-catches-a-wrong-backward]

# --8<-- [start:numpy-backward-not-differentiable]
import numpy as np
import torch


class NumpySquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.from_numpy(np.square(x.detach().numpy()))

    @staticmethod
    def backward(ctx, grad_y):
        (x,) = ctx.saved_tensors
        return grad_y * torch.from_numpy(2 * x.detach().numpy())


x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
(g,) = torch.autograd.grad(NumpySquare.apply(x).sum(), x, create_graph=True)
print(g, g.requires_grad)  # the gradient left the graph in NumPy
try:
    g.sum().backward()  # a second derivative, as a gradient penalty needs
except RuntimeError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:numpy-backward-not-differentiable]
