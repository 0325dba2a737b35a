# Examples shown on docs/workflows/images.md. Each section runs on its own, as pasted.

# --8<-- [start:pil-to-tensor]
import numpy as np
import torch
from PIL import Image

# A 3 x 2 RGB image, made in code: red, green, blue / white, grey, black
img = Image.new("RGB", (3, 2))  # (width, height)
img.putdata([(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (128, 128, 128), (0, 0, 0)])

a = np.array(img)  # height x width x channels, uint8
print(a.shape, a.dtype)

t = torch.from_numpy(a).permute(2, 0, 1).float() / 255  # channels x height x width, float32 in [0, 1]
print(t.shape, t.dtype, t.min().item(), t.max().item())
print(t[0])  # the red channel
print(t.is_contiguous())  # the memory is still height x width x channels
# --8<-- [end:pil-to-tensor]

# --8<-- [start:tensor-to-pil]
import numpy as np
import torch
from PIL import Image

t = torch.tensor(
    [[[1.0, 0.0, 0.0], [1.0, 0.5, 0.0]],  # red channel
     [[0.0, 1.0, 0.0], [1.0, 0.5, 0.0]],  # green channel
     [[0.0, 0.0, 1.0], [1.0, 0.5, 0.0]]]  # blue channel
)  # channels x height x width, float in [0, 1]

a = (t * 255).round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()
print(a.shape, a.dtype)

img = Image.fromarray(a)
print(img.mode, img.size)  # size is (width, height)
print(img.getpixel((1, 1)))  # the grey pixel: 0.5 * 255 = 127.5, rounded

half = torch.tensor([127.5])
print(half.to(torch.uint8).item(), half.round().to(torch.uint8).item())  # without and with round()
# --8<-- [end:tensor-to-pil]

# --8<-- [start:pil-round-trip]
import numpy as np
import torch
from PIL import Image

rng = np.random.default_rng(0)
img = Image.fromarray(rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8))

t = torch.from_numpy(np.array(img)).permute(2, 0, 1).float() / 255
back = Image.fromarray((t * 255).round().to(torch.uint8).permute(1, 2, 0).numpy())
print(np.array_equal(np.array(back), np.array(img)))  # every pixel survives
# --8<-- [end:pil-round-trip]

# --8<-- [start:pil-read-only]
import warnings

import numpy as np
import torch
from PIL import Image

img = Image.new("RGB", (3, 2), (10, 20, 30))

view = np.asarray(img)  # read-only
print(view.flags.writeable)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.from_numpy(view)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

print(np.array(img).flags.writeable)  # np.array(img) is a writable copy
# --8<-- [end:pil-read-only]

# --8<-- [start:pil-grayscale]
import numpy as np
import torch
from PIL import Image

gray = Image.new("L", (3, 2), 200)  # one channel
a = np.array(gray)
print(a.shape)  # no channel axis

t = torch.from_numpy(a).unsqueeze(0).float() / 255  # 1 x height x width
print(t.shape)
# --8<-- [end:pil-grayscale]

# --8<-- [start:opencv]
import os
import tempfile

import cv2
import numpy as np
import torch

# A 2 x 3 image in OpenCV's channel order, blue-green-red: one red pixel, the rest black
image = np.zeros((2, 3, 3), dtype=np.uint8)
image[0, 0] = (0, 0, 255)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "red.png")
    cv2.imwrite(path, image)
    bgr = cv2.imread(path)
print(bgr.shape, bgr.dtype, bgr[0, 0])

rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)  # a new array, in RGB order
t = torch.from_numpy(rgb).permute(2, 0, 1).float() / 255
print(t.shape, t[:, 0, 0])  # red, green, blue of the first pixel

out = (t * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
back = cv2.cvtColor(out, cv2.COLOR_RGB2BGR)
print(np.array_equal(back, bgr))
# --8<-- [end:opencv]

# --8<-- [start:bgr-flip-fails]
import numpy as np
import torch

bgr = np.zeros((2, 3, 3), dtype=np.uint8)
rgb = bgr[..., ::-1]  # a view with the channel axis reversed
print(rgb.strides)

try:
    torch.from_numpy(rgb)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:bgr-flip-fails]

# --8<-- [start:bgr-flip-fixes]
import numpy as np
import torch

bgr = np.arange(18, dtype=np.uint8).reshape(2, 3, 3)

a = torch.from_numpy(bgr[..., ::-1].copy())  # copy, then share the copy
b = torch.from_numpy(np.ascontiguousarray(bgr[..., ::-1]))
c = torch.from_numpy(bgr).flip(-1)  # flip in PyTorch: also a copy
print(torch.equal(a, b), torch.equal(a, c))
print(a[0, 0], torch.from_numpy(bgr)[0, 0])
# --8<-- [end:bgr-flip-fixes]

# --8<-- [start:ascontiguousarray-trap]
import numpy as np
import torch

gray = np.zeros((2, 3, 1), dtype=np.uint8)  # one channel, with a channel axis
flipped = gray[..., ::-1]  # the same BGR -> RGB line, run on a grayscale image
print(flipped.strides, flipped.flags.c_contiguous)

fixed = np.ascontiguousarray(flipped)
print(fixed is flipped, fixed.strides)  # already "contiguous": returned as it is
try:
    torch.from_numpy(fixed)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")

copied = flipped.copy()
print(copied.strides, torch.from_numpy(copied).shape)
# --8<-- [end:ascontiguousarray-trap]

# --8<-- [start:permute-vs-reshape]
import numpy as np
import torch

# A 2 x 2 RGB image, height x width x channels: each pixel is (r, g, b)
hwc = torch.tensor([[[1, 2, 3], [4, 5, 6]],
                    [[7, 8, 9], [10, 11, 12]]])

good = hwc.permute(2, 0, 1)  # moves the axes
bad = hwc.reshape(3, 2, 2)  # same shape, values kept in memory order
print("permute, red channel: ", good[0].tolist())
print("reshape, 'red' channel:", bad[0].tolist())
print(torch.equal(good.permute(1, 2, 0), hwc), good.shape == bad.shape)

a = hwc.numpy()  # the same in NumPy: transpose moves axes, reshape does not
print(np.array_equal(np.transpose(a, (2, 0, 1)), good.numpy()), np.array_equal(a.reshape(3, 2, 2), bad.numpy()))
print(torch.equal(hwc.view(3, 2, 2), bad))  # view is a reshape too
# --8<-- [end:permute-vs-reshape]

# --8<-- [start:opencv-negative-strides]
import cv2
import numpy as np

bgr = np.zeros((2, 3, 3), dtype=np.uint8)
try:
    cv2.rectangle(bgr[..., ::-1], (0, 0), (1, 1), (255, 0, 0))
except cv2.error as err:
    print(f"{type(err).__name__}: {err}")
# --8<-- [end:opencv-negative-strides]
