"""The one content hash of the project, and the fingerprint of what a verdict can depend on.

Every cache and every record of a passed check is keyed with `content_hash`: the pass
records (records.py), the notebook outputs (notebooks.py) and the notebooks the build
generates (plugins/notebook_pages.py). Each part is length-prefixed, so parts cannot
run together ("ab", "c" and "a", "bc" differ).
"""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import re
import sys
from importlib.metadata import distributions
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Environment variables that can change what a block prints: Python's own, the libraries'
# (threads, allocators, CUDA), the locale and time zone.
EXAMPLES_ENVIRONMENT = re.compile(
    r"^(PYTHON\w*|PYTORCH\w*|TORCH\w*|CUDA\w*|NVIDIA\w*|NUMPY\w*|NPY\w*|OMP_\w*|MKL\w*|OPENBLAS\w*|KMP_\w*"
    r"|GOTO\w*|THP_\w*|LC_\w*|LANG|LANGUAGE|TZ)$"
)
# Those the build and the checks read, which no example does: they can change a verdict, not
# what a notebook prints (the build runs the notebooks with OFFLINE set, the tests without).
SUITE_ENVIRONMENT = re.compile(r"^(SITE_URL|OFFLINE|REQUIRE_CUDA|CHROMIUM)$")


def content_hash(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def files(root: Path, *paths: Path) -> bytes:
    """The names (relative to root) and bytes of these files and of every file under these folders."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            found.append(path)
    return b"".join(content_hash(p.relative_to(root).as_posix(), p.read_bytes()).encode() for p in sorted(found))


@functools.cache
def interpreter() -> str:
    """The Python implementation and version, the machine and its processor, and every installed distribution's version."""
    installed = sorted(f"{d.metadata['Name']}=={d.version}".lower() for d in distributions())
    return "\n".join(
        [sys.implementation.name, sys.version, platform.machine(), platform.system(), processor(), *installed]
    )


@functools.cache
def processor() -> str:
    """The processor's model, its instruction set extensions and the cores this process may use. What an example prints
    can depend on them: torch picks its kernels by them (a bfloat16 convolution on the CPU raises one message where oneDNN
    supports bfloat16, another where it does not), and sums split across threads can round differently."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    described = []
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                name, _, value = line.partition(":")
                name = name.strip()
                if not name:  # the first processor's block has ended: the others repeat it
                    break
                if name in ("vendor_id", "model name", "cpu family", "model", "flags", "Features", "CPU implementer", "CPU part"):
                    described.append(f"{name}: {' '.join(sorted(value.split())) if name in ('flags', 'Features') else value.strip()}")
    except OSError:  # not Linux
        described.append(platform.processor())
    return "\n".join([*described, f"cores: {os.cpu_count()}, usable: {cores}"])


def relevant_environment(*, examples_only: bool = False) -> str:
    """The variables that can change a verdict; examples_only: only those that can change what an example prints."""
    patterns = (EXAMPLES_ENVIRONMENT,) if examples_only else (EXAMPLES_ENVIRONMENT, SUITE_ENVIRONMENT)
    return "\n".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if any(p.match(k) for p in patterns))


@functools.cache
def package_sources() -> bytes:
    """This package's own files: a change to any of them can change a verdict."""
    return files(PACKAGE, PACKAGE)
