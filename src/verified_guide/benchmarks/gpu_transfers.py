"""Measure copies between CPU memory and a CUDA GPU: both ways, from pageable and pinned memory.

Run it with `make bench-gpu` on a machine with a CUDA GPU (never from the test suite).
Without one it stops with exit code 2 and writes nothing. It writes

    docs/gpu/transfer-speed/results.json   the medians, the GPU, the driver and the versions
    docs/gpu/transfer-speed/*.svg          the plots the page embeds

and rewrites the block of docs/gpu/transfer-speed.md between
<!-- bench:gpu:start --> and <!-- bench:gpu:end --> from results.json.

    python -m verified_guide.benchmarks.gpu_transfers measure, then write everything
    python -m verified_guide.benchmarks.gpu_transfers --render-only redraw the plots and the block from results.json
                                                  (with no results.json: the "No results yet" block)

The module imports only the standard library; torch, NumPy and matplotlib are imported
by the functions that need them, so tests/content/test_gpu_transfers.py can check the page
against results.json, and the missing-GPU guard, in well under a second.
"""

from __future__ import annotations

import ctypes
import datetime
import json
import math
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ..paths import project_root

from .common import GB, INK, KB, MB, format_size, load_average, machine, pyplot, replace_between, report, save_svg, write_results  # noqa: F401  (MB: used by the tests)

ROOT = project_root()
PAGE = ROOT / "docs" / "gpu" / "transfer-speed.md"
OUT = ROOT / "docs" / "gpu" / "transfer-speed"
RESULTS = OUT / "results.json"
START, END = "<!-- bench:gpu:start -->", "<!-- bench:gpu:end -->"
NO_CUDA = "needs a CUDA GPU: torch.cuda.is_available() is False"
NO_CUDA_EXIT = 2

SIZES = [4 * KB * 4**k for k in range(10)]  # 4 KB, 16 KB, ..., 1 GB of float32
MIN_BATCH_S = 0.01  # each timed batch of copies lasts at least this long
MAX_BATCH = 10_000  # copies in one batch, at most
FAST_COPY_S = 0.01  # sizes whose slowest copy is quicker than this get more repeats
REPEATS_FAST, REPEATS_SLOW = 11, 5

H2D, D2H = "host_to_device", "device_to_host"
DIRECTIONS = {H2D: "host → device", D2H: "device → host"}

# Each series: direction, CPU memory, non_blocking, the call as the page shows it, its label.
# `gpu` is a CUDA tensor, `pageable` a NumPy array wrapped by torch.from_numpy, `pinned` a
# tensor in pinned memory; all of the same size, allocated before the timing starts.
SERIES = {
    "h2d-pageable": (H2D, "pageable", False, "gpu.copy_(pageable)", "pageable → GPU"),
    "h2d-pinned": (H2D, "pinned", False, "gpu.copy_(pinned)", "pinned → GPU"),
    "h2d-pinned-non-blocking": (
        H2D, "pinned", True, "gpu.copy_(pinned, non_blocking=True)", "pinned → GPU, non_blocking=True",
    ),
    "d2h-pageable": (D2H, "pageable", False, "pageable.copy_(gpu)", "GPU → pageable"),
    "d2h-pinned": (D2H, "pinned", False, "pinned.copy_(gpu)", "GPU → pinned"),
}
PLOTS = {H2D: "host-to-device.svg", D2H: "device-to-host.svg"}
FIGSIZE = (7, 3.6)  # inches; the page gives the browser the same size in pixels (96 per inch)


# ---------------------------------------------------------------- the guard


def import_torch():
    import torch

    return torch


def require_cuda(torch) -> None:
    """Stop with exit code 2 and a clear message when there is no CUDA GPU to measure."""
    if torch.cuda.is_available():
        return
    build = getattr(torch.version, "cuda", None)
    hint = (
        f"torch {torch.__version__} is built with CUDA {build}, but finds no GPU or driver"
        if build
        else f"torch {torch.__version__} is built without CUDA: install a CUDA build of torch"
    )
    print(f"make bench-gpu {NO_CUDA}\n({hint}; nothing was measured or written)", file=sys.stderr)
    raise SystemExit(NO_CUDA_EXIT)


# ---------------------------------------------------------------- measuring


def copies(torch, np, nbytes: int, device) -> tuple[dict, dict]:
    """The five copies at one size, as functions, and the buffers they use."""
    n = nbytes // 4
    src = torch.from_numpy(np.arange(n, dtype=np.float32))  # pageable: ordinary NumPy memory
    buffers = {
        "src": src,
        "pinned_src": torch.empty(n, dtype=torch.float32, pin_memory=True).copy_(src),
        "gpu": torch.empty(n, dtype=torch.float32, device=device),
        "pageable_dst": torch.from_numpy(np.empty(n, dtype=np.float32)),
        "pinned_dst": torch.empty(n, dtype=torch.float32, pin_memory=True),
    }
    b = buffers
    fns = {
        "h2d-pageable": lambda: b["gpu"].copy_(b["src"]),
        "h2d-pinned": lambda: b["gpu"].copy_(b["pinned_src"]),
        "h2d-pinned-non-blocking": lambda: b["gpu"].copy_(b["pinned_src"], non_blocking=True),
        "d2h-pageable": lambda: b["pageable_dst"].copy_(b["gpu"]),
        "d2h-pinned": lambda: b["pinned_dst"].copy_(b["gpu"]),
    }
    return fns, buffers


def time_batch(torch, fn, count: int) -> float:
    """Seconds per copy: `count` copies between two CUDA events, the GPU idle before the first."""
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    start.record()
    for _ in range(count):
        fn()
    end.record()
    end.synchronize()  # waits for the last copy, including the queued (non_blocking) ones
    return start.elapsed_time(end) / 1e3 / count


def check_copy(torch, key: str, fn, buffers: dict) -> None:
    """Fill the destination with -1, copy once, and compare: a copy that did not happen fails the run.

    A copy to the GPU is read back through pageable_dst, so the check needs no more memory.
    """
    direction, memory = SERIES[key][:2]
    dst = buffers["gpu"] if direction == H2D else buffers[f"{memory}_dst"]
    dst.fill_(-1)
    fn()
    torch.cuda.synchronize()
    got = buffers["pageable_dst"].copy_(dst) if direction == H2D else dst
    if not torch.equal(got, buffers["src"]):
        raise RuntimeError(f"{SERIES[key][3]} at {format_size(buffers['src'].numel() * 4)}: wrong data copied")


def measure_size(torch, np, nbytes: int, device) -> tuple[dict[str, float], int]:
    """Median seconds per copy of each series at one size, and the number of repeats.

    Each series is warmed up and its batch size chosen; then, in each round, one timed
    batch of each series in turn, so that whatever else the machine is doing is spread
    over all of them alike.
    """
    fns, buffers = copies(torch, np, nbytes, device)
    counts, slowest = {}, 0.0
    for key, fn in fns.items():
        fn()  # warm up: faults in the pages, lets the driver set up its staging buffers
        once = time_batch(torch, fn, 1)
        counts[key] = min(MAX_BATCH, max(1, math.ceil(MIN_BATCH_S / max(once, 1e-9))))
        slowest = max(slowest, once)
    repeats = REPEATS_FAST if slowest < FAST_COPY_S else REPEATS_SLOW
    times = {key: [] for key in fns}
    for _ in range(repeats):
        for key, fn in fns.items():
            times[key].append(time_batch(torch, fn, counts[key]))
    for key, fn in fns.items():
        check_copy(torch, key, fn, buffers)
    del fns, buffers
    torch.cuda.empty_cache()
    empty_host_cache = getattr(getattr(torch, "accelerator", None), "empty_host_cache", None)
    if empty_host_cache:  # give the pinned memory back before the next, larger size
        empty_host_cache()
    return {key: statistics.median(values) for key, values in times.items()}, repeats


def nvidia_smi(uuid: str | None) -> dict:
    """The driver and the PCIe link of the GPU with this UUID, from nvidia-smi (None where unknown)."""
    fields = ("uuid", "driver_version", "pcie.link.gen.max", "pcie.link.width.max")
    info = dict.fromkeys(["driver", "pcie_gen_max", "pcie_width_max"])
    try:
        done = subprocess.run(
            ["nvidia-smi", f"--query-gpu={','.join(fields)}", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=30, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return info
    rows = [[cell.strip() for cell in line.split(",")] for line in done.stdout.splitlines() if line.strip()]
    rows = [row for row in rows if len(row) == len(fields)]
    wanted = (uuid or "").lower().removeprefix("gpu-")
    match = [row for row in rows if row[0].lower().removeprefix("gpu-") == wanted] or (rows if len(rows) == 1 else [])
    if match:
        _, driver, gen, width = match[0]
        info.update(driver=driver, pcie_gen_max=_int_or_none(gen), pcie_width_max=_int_or_none(width))
    return info


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def cuda_driver_api() -> str | None:
    """The newest CUDA version the installed driver supports, e.g. "12.8" (cuDriverGetVersion)."""
    for name in ("libcuda.so.1", "libcuda.so", "nvcuda.dll"):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        value = ctypes.c_int()
        if lib.cuDriverGetVersion(ctypes.byref(value)) == 0 and value.value:
            return f"{value.value // 1000}.{value.value % 1000 // 10}"
    return None


def gpu_info(torch, device) -> dict:
    props = torch.cuda.get_device_properties(device)
    uuid = getattr(props, "uuid", None)
    return {
        "name": torch.cuda.get_device_name(device),
        "index": device.index,
        "count": torch.cuda.device_count(),
        "capability": "{}.{}".format(*torch.cuda.get_device_capability(device)),
        "total_memory_bytes": props.total_memory,
        **nvidia_smi(str(uuid) if uuid is not None else None),
    }


def run(torch) -> dict:
    import numpy as np

    start = time.perf_counter()
    load_before = load_average()
    device = torch.device("cuda", torch.cuda.current_device())
    torch.zeros(1, device=device)  # creates the CUDA context before anything is timed
    torch.cuda.synchronize()
    medians = {key: [] for key in SERIES}
    repeats = []
    for nbytes in SIZES:
        found, count = measure_size(torch, np, nbytes, device)
        for key in SERIES:
            medians[key].append(found[key])
        repeats.append(count)
        print(f"  {format_size(nbytes):>6} done", file=sys.stderr, flush=True)
    info = machine()
    info["load_average"] = {"start": load_before, "end": load_average()}
    return {
        "schema": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "gpu": gpu_info(torch, device),
        "machine": info,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "cuda": torch.version.cuda,  # the CUDA that torch was built with
            "cuda_driver": cuda_driver_api(),  # the newest CUDA that the driver supports
        },
        "timer": (
            "CUDA events (torch.cuda.Event) recorded before and after a batch of identical copies, after "
            "torch.cuda.synchronize() and one warm-up copy; each batch lasts at least 10 ms (at most 10,000 "
            "copies); the median of 11 batches when the slowest copy of the size takes under 10 ms, else of "
            "5; the five series timed in turns; each copy into a buffer allocated beforehand"
        ),
        "dtype": "float32",
        "sizes": SIZES,
        "repeats": repeats,
        "series": {
            key: {
                "direction": SERIES[key][0],
                "memory": SERIES[key][1],
                "non_blocking": SERIES[key][2],
                "call": SERIES[key][3],
                "median_s": medians[key],
                "gb_per_s": [round_sig(n / s / 1e9) for n, s in zip(SIZES, medians[key])],
            }
            for key in SERIES
        },
        "run_seconds": round(time.perf_counter() - start, 1),
    }


def round_sig(x: float, digits: int = 4) -> float:
    return float(f"{x:.{digits}g}")


# ---------------------------------------------------------------- rendering (no torch, no NumPy)


def format_gbps(x: float) -> str:
    """Three significant figures, trailing zeros kept: 0.20, 9.00, 24.6, 1,250."""
    return f"{x:,.0f}" if x >= 99.95 else f"{x:#.3g}" if x >= 0.995 else f"{x:#.2g}"


def format_ratio(x: float) -> str:
    return f"{x:.2f}×" if x >= 0.01 else f"{x:.1g}×"


def best(results: dict, direction: str) -> tuple[float, str, int]:
    """The highest GB/s measured in one direction: (GB/s, series, size)."""
    return max(
        (gbps, key, size)
        for key, s in results["series"].items()
        if s["direction"] == direction
        for gbps, size in zip(s["gb_per_s"], results["sizes"])
    )


def label(key: str) -> str:
    """The series name as the page shows it, with the argument in code."""
    return SERIES[key][4].replace("non_blocking=True", "`non_blocking=True`")


def image_size() -> str:
    return f'{{ width="{round(FIGSIZE[0] * 96)}" height="{round(FIGSIZE[1] * 96)}" }}'


def alt_text(results: dict, direction: str) -> str:
    keys = [k for k in SERIES if SERIES[k][0] == direction]
    sizes = results["sizes"]
    where = "from CPU memory to the GPU" if direction == H2D else "from the GPU to CPU memory"
    names = [f"{SERIES[k][1]} memory" + (" with non_blocking=True" if SERIES[k][2] else "") for k in keys]
    at_top = ", ".join(
        f"{name} {format_gbps(results['series'][k]['gb_per_s'][-1])} GB/s" for name, k in zip(names, keys)
    )
    return (
        f"Line plot of the median bandwidth of copies {where}, in GB/s, against the size of the copy from "
        f"{format_size(sizes[0])} to {format_size(sizes[-1])}, for {', '.join(names[:-1])} and {names[-1]}. "
        f"At {format_size(sizes[-1])}: {at_top}."
    )


def render(results: dict | None) -> str:
    """The Markdown between the markers on the page: "No results yet", or every number the page shows."""
    if results is None:
        return "\n".join([
            START,
            "<!-- Written by `make bench-gpu`: run it on a machine with a CUDA GPU, "
            "do not edit. -->",
            "",
            '!!! warning "No results yet"',
            "    No CUDA GPU was available when this page was written, so the benchmark has not",
            "    run yet and this page has no measurements to show. [Run it](#rerun) on a",
            "    machine with a CUDA GPU to fill in this section with its numbers and plots.",
            "",
            END,
        ])
    sizes, series = results["sizes"], results["series"]
    g, m, v = results["gpu"], results["machine"], results["versions"]
    tops = {d: best(results, d) for d in DIRECTIONS}
    lines = [
        START,
        "<!-- Written by `make bench-gpu` from transfer-speed/results.json: rerun it, "
        "do not edit. -->",
        "",
        f"Measured on {results['date']} on this GPU: **{g['name']}**. Each figure is the median bandwidth of one "
        "copy of a float32 tensor, in GB/s (10⁹ bytes per second); the data is in "
        "[`transfer-speed/results.json`](transfer-speed/results.json).",
        "",
    ]
    for direction, name in DIRECTIONS.items():
        keys = [key for key in series if series[key]["direction"] == direction]
        top_gbps, top_key, top_size = tops[direction]
        lines += [
            f"![{alt_text(results, direction)}](transfer-speed/{PLOTS[direction]}){image_size()}",
            "",
            f"{name[0].upper()}{name[1:]}, in GB/s; in brackets, each figure's ratio to the best of the table "
            f"({format_gbps(top_gbps)} GB/s, {label(top_key)}, at {format_size(top_size)}):",
            "",
            "| Size | " + " | ".join(label(key) for key in keys) + " |",
            "|--:|" + "--:|" * len(keys),
        ]
        for i, size in enumerate(sizes):
            cells = [
                f"{format_gbps(series[key]['gb_per_s'][i])} ({format_ratio(series[key]['gb_per_s'][i] / top_gbps)})"
                for key in keys
            ]
            lines.append(f"| {format_size(size)} | " + " | ".join(cells) + " |")
        lines.append("")
    top = format_size(sizes[-1])
    gb = {key: s["gb_per_s"][-1] for key, s in series.items()}
    lines += [
        f"- At {top}, a copy to the GPU from pinned memory had {format_ratio(gb['h2d-pinned'] / gb['h2d-pageable'])} "
        f"the bandwidth of one from pageable memory; with `non_blocking=True`, "
        f"{format_ratio(gb['h2d-pinned-non-blocking'] / gb['h2d-pageable'])}.",
        f"- At {top}, a copy from the GPU to pinned memory had {format_ratio(gb['d2h-pinned'] / gb['d2h-pageable'])} "
        "the bandwidth of one to pageable memory.",
    ]
    link = (
        f"; PCIe gen {g['pcie_gen_max']} x{g['pcie_width_max']} at most"
        if g.get("pcie_gen_max") and g.get("pcie_width_max")
        else ""
    )
    driver = f"NVIDIA driver {g['driver']}" if g.get("driver") else "driver version not reported"
    driver += f" (supports CUDA up to {v['cuda_driver']})" if v.get("cuda_driver") else ""
    load = m["load_average"]
    busy = (
        f" The load average (processes running or waiting for a CPU) was {load['start']:.1f} when it started "
        f"and {load['end']:.1f} when it ended, on {m['cores']} cores."
        if load["start"] is not None and load["end"] is not None
        else ""
    )
    lines += [
        "",
        f"GPU: {g['name']} (device {g['index']} of {g['count']}), compute capability {g['capability']}, "
        f"{g['total_memory_bytes'] / GB:.0f} GB{link}; {driver}; torch built with CUDA {v['cuda']}. "
        f"CPU: {m['cpu'] or 'model not reported'}, {m['cores']} cores; {m['platform']}. "
        f"torch {v['torch']}, NumPy {v['numpy']}, Python {v['python']}. "
        f"The whole run took {results['run_seconds']:.0f} s." + busy,
        "",
        END,
    ]
    return "\n".join(lines)


def update_page(results: dict | None, page: Path = PAGE) -> None:
    replace_between(page, START, END, render(results))


def load_results(path: Path = RESULTS) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# ---------------------------------------------------------------- plots

COLORS = {"pageable": "#D55E00", "pinned": "#0072B2", "non_blocking": "#009E73"}  # Okabe-Ito


def plot(results: dict, out: Path = OUT) -> list[Path]:
    plt = pyplot()
    sizes, paths = results["sizes"], []
    for direction, filename in PLOTS.items():
        fig, ax = plt.subplots(figsize=FIGSIZE)
        for key, s in results["series"].items():
            if s["direction"] != direction:
                continue
            color = COLORS["non_blocking" if s["non_blocking"] else s["memory"]]
            ax.plot(sizes, s["gb_per_s"], marker="o", color=color, linestyle="--" if s["non_blocking"] else "-",
                    label=SERIES[key][4])
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [format_size(s) for s in sizes], fontsize=8)
        ax.minorticks_off()
        ax.set_xlabel("size of one copy (float32)")
        ax.set_ylim(bottom=0)
        ax.set_ylabel("GB/s (median)")
        ax.set_title(DIRECTIONS[direction], loc="left", color=INK)
        ax.grid(True, which="major")
        ax.legend(loc="upper left", fontsize=9)
        paths.append(out / filename)
        save_svg(fig, paths[-1])
        plt.close(fig)
    return paths


# ---------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    if argv[:1] == ["--render-only"]:
        results = load_results()
        if results is None:
            update_page(None)
            print(f"no {RESULTS.relative_to(ROOT)}: wrote the 'No results yet' block of {PAGE.relative_to(ROOT)}")
            return 0
    elif argv:
        print(__doc__, file=sys.stderr)
        return 1
    else:
        torch = import_torch()
        require_cuda(torch)  # exit code 2 before anything is measured or written
        print(f"copies between CPU memory and {torch.cuda.get_device_name()}, "
              f"{format_size(SIZES[0])} to {format_size(SIZES[-1])}:", file=sys.stderr)
        results = run(torch)
        write_results(results, RESULTS)
    paths = plot(results)
    update_page(results)
    report(ROOT, results, [RESULTS, *paths, PAGE])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
