"""Measure what converting between NumPy arrays and PyTorch tensors costs on this machine.

Run it with `make bench` (never from the test suite). It writes

    docs/workflows/performance/results.json   the medians and the machine they came from
    docs/workflows/performance/*.svg          the plots the page embeds

and rewrites the block of docs/workflows/performance.md between
<!-- bench:table:start --> and <!-- bench:table:end --> from results.json.

    python -m verified_guide.benchmarks.conversions measure, then write everything (about a minute)
    python -m verified_guide.benchmarks.conversions --render-only redraw the plots and the table from results.json

The rendering half imports neither torch nor NumPy, so tests/content/test_performance.py can
check the page against results.json in well under a second.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

from ..paths import project_root

from .common import GB, INK, KB, MB, format_size, load_average, machine as common_machine, pyplot, replace_between, report, save_svg, write_results

ROOT = project_root()
PAGE = ROOT / "docs" / "workflows" / "performance.md"
OUT = ROOT / "docs" / "workflows" / "performance"
RESULTS = OUT / "results.json"
START, END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"

SIZES = [KB * 4**k for k in range(11)]  # 1 KB, 4 KB, ..., 1 GB of float32
LIST_SHAPE = (1000, 1000)  # 1,000 arrays of 1,000 float32 each
THP_ENV = "THP_MEM_ALLOC_ENABLE"
THP_MIN_SIZE = 4 * MB  # PyTorch asks for huge pages only for allocations of 2 MB and more

# Each entry: the call as the page shows it, whether it copies, and how to build it from
# a (a float32 array) and t (torch.from_numpy(a)).
OPS = {
    "torch.from_numpy(a)": ("view", lambda torch, np, a, t: lambda: torch.from_numpy(a)),
    "torch.as_tensor(a)": ("view", lambda torch, np, a, t: lambda: torch.as_tensor(a)),
    "torch.asarray(a)": ("view", lambda torch, np, a, t: lambda: torch.asarray(a)),
    "torch.tensor(a)": ("copy", lambda torch, np, a, t: lambda: torch.tensor(a)),
    "torch.asarray(a, copy=True)": ("copy", lambda torch, np, a, t: lambda: torch.asarray(a, copy=True)),
    "np.copy(a)": ("numpy copy", lambda torch, np, a, t: lambda: np.copy(a)),
    "t.numpy()": ("view", lambda torch, np, a, t: lambda: t.numpy()),
    "np.asarray(t)": ("view", lambda torch, np, a, t: lambda: np.asarray(t)),
}
LIST_OPS = {
    "torch.tensor(arrays)": lambda torch, np, arrays: lambda: torch.tensor(arrays),
    "torch.from_numpy(np.stack(arrays))": lambda torch, np, arrays: lambda: torch.from_numpy(np.stack(arrays)),
    "torch.stack([torch.from_numpy(x) for x in arrays])": (
        lambda torch, np, arrays: lambda: torch.stack([torch.from_numpy(x) for x in arrays])
    ),
}
THP_OPS = ("torch.tensor(a)", "np.copy(a)")


# ---------------------------------------------------------------- measuring


def rounds_for(seconds: float) -> int:
    return 15 if seconds < 0.001 else 7 if seconds < 0.01 else 5 if seconds < 0.2 else 3


def measure(fns: dict, min_time: float = 0.005) -> dict:
    """Median seconds per call of each function, measured in turns.

    Each function is warmed up, then timed in rounds: in each round, one timeit repeat
    of each function in turn, every repeat at least min_time long. Taking turns spreads
    whatever else the machine is doing over all the functions alike.
    """
    numbers, slowest = {}, 0.0
    for key, fn in fns.items():
        fn()  # warm up: the first call may fault pages in or fill a cache
        start = time.perf_counter()
        fn()
        once = time.perf_counter() - start
        numbers[key] = max(1, int(min_time / max(once, 1e-9)))
        slowest = max(slowest, once)
    times = {key: [] for key in fns}
    for _ in range(rounds_for(slowest)):
        for key, fn in fns.items():  # timeit turns the garbage collector off while it times
            times[key].append(timeit.Timer(fn).timeit(numbers[key]) / numbers[key])
    return {key: statistics.median(values) for key, values in times.items()}


def array_of(nbytes: int):
    import numpy as np

    return np.full(nbytes // 4, 1.0, dtype=np.float32)  # written, so its pages are in memory


def measure_views(names, sizes) -> dict[str, list[float]]:
    """The calls that do not copy, on arrays of every size at once (1.3 GB in all)."""
    import numpy as np
    import torch

    arrays = [array_of(nbytes) for nbytes in sizes]
    fns = {}
    for k, a in enumerate(arrays):
        t = torch.from_numpy(a)
        fns.update({(name, k): OPS[name][1](torch, np, a, t) for name in names})
    medians = measure(fns)
    return {name: [medians[name, k] for k in range(len(sizes))] for name in names}


def page_faults(fn) -> int | None:
    """Minor page faults during one call: the kernel mapping fresh memory, page by page."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    fn()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def measure_copies(names, sizes) -> tuple[dict[str, list[float]], dict[str, int | None]]:
    """The calls that copy, one size and one call at a time; and the page faults of one call at 1 GB.

    Not in turns: a large copy right after another one runs at a different speed than
    after itself (the memory just freed is in the other kind of pages), and taking turns
    would measure that instead of the calls.
    """
    import numpy as np
    import torch

    results, faults = {name: [] for name in names}, {}
    for nbytes in sizes:
        a = array_of(nbytes)
        t = torch.from_numpy(a)
        fns = {name: OPS[name][1](torch, np, a, t) for name in names}
        for name, fn in fns.items():
            results[name].append(measure({name: fn})[name])
        if nbytes == sizes[-1]:
            faults = {name: page_faults(fn) for name, fn in fns.items()}
        del a, t, fns
        print(f"  {format_size(nbytes):>6} done", file=sys.stderr, flush=True)
    return results, faults


def measure_list() -> dict[str, float]:
    import warnings

    import numpy as np
    import torch

    count, length = LIST_SHAPE
    arrays = [np.full(length, i, dtype=np.float32) for i in range(count)]
    with warnings.catch_warnings():  # torch.tensor(list of arrays) warns that it is slow
        warnings.simplefilter("ignore", UserWarning)
        return measure({name: build(torch, np, arrays) for name, build in LIST_OPS.items()})


def measure_thp() -> dict | None:
    """The large copies again, in a child process whose PyTorch allocator asks for huge pages."""
    if not sys.platform.startswith("linux"):
        return None
    sizes = [s for s in SIZES if s >= THP_MIN_SIZE]
    done = subprocess.run(
        [sys.executable, __file__, "--thp-child"],
        env={**os.environ, THP_ENV: "1"},
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return {"env": f"{THP_ENV}=1", "sizes": sizes, **json.loads(done.stdout)}


def machine() -> dict:
    import torch

    thp = None
    try:  # e.g. "always [madvise] never": the bracketed word is the setting
        found = re.search(r"\[(\w+)\]", Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text())
        thp = found.group(1) if found else None
    except OSError:
        pass
    return {
        **common_machine(),
        "torch_threads": torch.get_num_threads(),
        "transparent_hugepage": thp,
    }


def peak_memory_bytes() -> int | None:
    """The most memory this process, or the child that measured huge pages, held at once."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux kilobytes
    return scale * max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def versions() -> dict:
    import numpy as np
    import torch

    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__}


def run() -> dict:
    start = time.perf_counter()
    load_before = load_average()
    print("views, 1 KB to 1 GB:", file=sys.stderr)
    medians = measure_views([name for name in OPS if OPS[name][0] == "view"], SIZES)
    print("copies, 1 KB to 1 GB:", file=sys.stderr)
    copies, faults = measure_copies([name for name in OPS if OPS[name][0] != "view"], SIZES)
    medians.update(copies)
    print("a list of arrays:", file=sys.stderr)
    list_medians = measure_list()
    print("large copies with huge pages:", file=sys.stderr)
    thp = measure_thp()
    info = machine()
    info["load_average"] = {"start": load_before, "end": load_average()}
    return {
        "schema": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "machine": info,
        "versions": versions(),
        "timer": "median of timeit repeats, each at least 5 ms long, after one warm-up call; 15 repeats "
        "when the call takes under 1 ms, 7 under 10 ms, 5 under 200 ms, else 3; the views of all sizes "
        "timed in turns, each copy on its own",
        "dtype": "float32",
        "sizes": SIZES,
        "ops": {name: {"kind": OPS[name][0], "median_s": medians[name]} for name in OPS},
        "page_faults_1gb": faults,
        "list_of_arrays": {"count": LIST_SHAPE[0], "length": LIST_SHAPE[1], "median_s": list_medians},
        "thp": thp,
        "run_seconds": round(time.perf_counter() - start, 1),
        "peak_memory_bytes": peak_memory_bytes(),
    }


# ---------------------------------------------------------------- rendering (no torch, no NumPy)


def format_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            break
    else:
        unit, scale = "ns", 1e-9
    value = seconds / scale
    return f"{value:.2g} {unit}" if value < 10 else f"{value:.0f} {unit}"


def gbps(results: dict, name: str, nbytes: int, medians: list[float] | None = None, sizes=None) -> float:
    sizes = sizes or results["sizes"]
    medians = medians or results["ops"][name]["median_s"]
    return nbytes / medians[sizes.index(nbytes)] / 1e9


def ratio(x: float) -> str:
    return f"{x:.2g}×"


TABLE_SIZES = (KB, MB, 64 * MB, GB)


def faults_sentence(faults: dict) -> str:
    if faults.get("torch.tensor(a)") is None or faults.get("np.copy(a)") is None:
        return ""  # not counted: no resource module (Windows)
    return (
        f" One call of `torch.tensor(a)` caused {faults['torch.tensor(a)']:,} page faults, "
        f"one of `np.copy(a)` {faults['np.copy(a)']:,}."
    )


def render(results: dict) -> str:
    """The Markdown between the markers on the page: every number the page quotes."""
    sizes, ops = results["sizes"], results["ops"]
    m, v = results["machine"], results["versions"]
    lines = [
        START,
        "<!-- Written by `make bench` from performance/results.json: rerun it, do not edit. -->",
        "",
        "Median time of one call, float32 arrays:",
        "",
        "| Call | Copies? | " + " | ".join(format_size(s) for s in TABLE_SIZES) + " |",
        "|---|---|" + "--:|" * len(TABLE_SIZES),
    ]
    for name, op in ops.items():
        copies = {"view": "no", "copy": "yes", "numpy copy": "yes (NumPy, for reference)"}[op["kind"]]
        cells = [format_time(op["median_s"][sizes.index(s)]) for s in TABLE_SIZES]
        lines.append(f"| `{name}` | {copies} | " + " | ".join(cells) + " |")
    lst = results["list_of_arrays"]
    lines += [
        "",
        f"Median time to make one tensor from a list of {lst['count']:,} arrays of {lst['length']:,} float32:",
        "",
        "| Call | Median |",
        "|---|--:|",
    ]
    lines += [f"| `{name}` | {format_time(s)} |" for name, s in lst["median_s"].items()]
    copy_1gb, np_1gb = gbps(results, "torch.tensor(a)", GB), gbps(results, "np.copy(a)", GB)
    faults = results["page_faults_1gb"]
    lines += [
        "",
        f"- At 1 GB, `torch.tensor(a)` copied {copy_1gb:.2g} GB/s: {ratio(copy_1gb / np_1gb)} the bandwidth of "
        f"`np.copy(a)` ({np_1gb:.2g} GB/s)." + faults_sentence(faults),
    ]
    thp = results["thp"]
    if thp:
        thp_copy = gbps(results, "", GB, thp["median_s"]["torch.tensor(a)"], thp["sizes"])
        thp_np = gbps(results, "", GB, thp["median_s"]["np.copy(a)"], thp["sizes"])
        lines.append(
            f"- With `{thp['env']}`, `torch.tensor(a)` copied 1 GB at {thp_copy:.2g} GB/s: "
            f"{ratio(thp_copy / thp_np)} the bandwidth of `np.copy(a)` in the same run ({thp_np:.2g} GB/s)."
            + faults_sentence(thp["page_faults_1gb"])
        )
    else:
        lines.append(f"- `{THP_ENV}` was not measured: it has an effect on Linux only.")
    thp_mode = m["transparent_hugepage"] or "not reported"
    load = m["load_average"]
    busy = (
        f" The load average (processes running or waiting for a CPU) was {load['start']:.1f} when it started "
        f"and {load['end']:.1f} when it ended, on {m['cores']} cores."
        if load["start"] is not None
        else ""
    )
    lines += [
        "",
        f"Measured on {results['date']}: {m['platform']}, {m['cpu'] or 'CPU model not reported'}, "
        f"{m['cores']} cores (PyTorch used {m['torch_threads']} threads), transparent huge pages: {thp_mode}; "
        f"torch {v['torch']}, NumPy {v['numpy']}, Python {v['python']}. "
        f"The whole run took {results['run_seconds']:.0f} s." + busy,
        END,
    ]
    return "\n".join(lines)


def update_page(results: dict, page: Path = PAGE) -> None:
    replace_between(page, START, END, render(results))


# ---------------------------------------------------------------- plots

COLORS = {  # Okabe-Ito: tell apart with most colour-vision deficiencies, on white and on slate
    "torch.from_numpy(a)": "#0072B2",
    "torch.as_tensor(a)": "#56B4E9",
    "torch.asarray(a)": "#009E73",
    "torch.tensor(a)": "#D55E00",
    "torch.asarray(a, copy=True)": "#E69F00",
    "np.copy(a)": INK,
    "thp": "#CC79A7",
}


def _size_axis(ax, sizes):
    ax.set_xscale("log", base=2)
    ticks = sizes[::2]
    ax.set_xticks(ticks, [format_size(s) for s in ticks])
    ax.minorticks_off()
    ax.set_xlabel("array size (float32)")


def plot(results: dict, out: Path = OUT) -> list[Path]:
    plt = pyplot()
    from matplotlib.ticker import FixedLocator

    sizes, ops = results["sizes"], results["ops"]
    paths = []

    # 1. Time per call: views flat, copies rising.
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name in ("torch.from_numpy(a)", "torch.as_tensor(a)", "torch.asarray(a)",
                 "torch.tensor(a)", "torch.asarray(a, copy=True)", "np.copy(a)"):
        dashed = name.startswith("np.")
        ax.plot(sizes, ops[name]["median_s"], marker="o", color=COLORS[name],
                linestyle="--" if dashed else "-", label=name)
    ax.set_yscale("log")
    decades = [10.0**k for k in range(-7, 2)]
    ax.yaxis.set_major_locator(FixedLocator(decades))
    ax.set_yticklabels([format_time(d) for d in decades])
    lo = min(min(ops[n]["median_s"]) for n in ops)
    hi = max(max(ops[n]["median_s"]) for n in ops)
    ax.set_ylim(lo / 2, hi * 2)
    _size_axis(ax, sizes)
    ax.set_ylabel("median time per call")
    ax.grid(True, which="major")
    ax.legend(loc="upper left", fontsize=9)
    paths.append(out / "conversion-time.svg")
    save_svg(fig, paths[-1])
    plt.close(fig)

    # 2. Copy bandwidth.
    fig, ax = plt.subplots(figsize=(7, 4.6))
    for name, style in (("torch.tensor(a)", "-"), ("torch.asarray(a, copy=True)", "-"), ("np.copy(a)", "--")):
        ax.plot(sizes, [s / t / 1e9 for s, t in zip(sizes, ops[name]["median_s"])], marker="o",
                color=COLORS[name], linestyle=style, label=name)
    if results["thp"]:
        thp = results["thp"]
        ax.plot(thp["sizes"], [s / t / 1e9 for s, t in zip(thp["sizes"], thp["median_s"]["torch.tensor(a)"])],
                marker="s", color=COLORS["thp"], label=f"torch.tensor(a), {thp['env']}")
    _size_axis(ax, sizes)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("GB/s copied")
    ax.grid(True, which="major")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize=9)
    paths.append(out / "copy-bandwidth.svg")
    save_svg(fig, paths[-1])
    plt.close(fig)

    # 3. A list of arrays.
    lst = results["list_of_arrays"]
    names = list(lst["median_s"])
    values = [lst["median_s"][n] * 1e3 for n in names]
    fig, ax = plt.subplots(figsize=(7, 2.2))
    bars = ax.barh(range(len(names)), values, color=["#D55E00", "#0072B2", "#009E73"])
    ax.set_yticks(range(len(names)), names, fontfamily="monospace", fontsize=9)
    ax.invert_yaxis()
    ax.bar_label(bars, [format_time(v / 1e3) for v in values], padding=4, color=INK)
    ax.set_xlim(0, max(values) * 1.2)
    ax.set_xlabel("median time (ms)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    paths.append(out / "list-of-arrays.svg")
    save_svg(fig, paths[-1])
    plt.close(fig)
    return paths


# ---------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    if argv[:1] == ["--thp-child"]:  # measure_thp's child: print JSON on stdout
        sizes = [s for s in SIZES if s >= THP_MIN_SIZE]
        medians, faults = measure_copies(THP_OPS, sizes)
        print(json.dumps({"median_s": medians, "page_faults_1gb": faults}))
        return 0
    if argv[:1] == ["--render-only"]:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = run()
        write_results(results, RESULTS)
    paths = plot(results)
    update_page(results)
    report(ROOT, results, [RESULTS, *paths, PAGE])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
