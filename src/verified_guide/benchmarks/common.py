"""What the benchmarks share: sizes, the plot style, page rewriting, machine facts.

Standard library only at import time, so the tests can load the benchmarks quickly.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

KB, MB, GB = 2**10, 2**20, 2**30
INK = "#888888"  # mid grey: readable on the light and the dark theme


def format_size(nbytes: int) -> str:
    for unit, scale in (("GB", GB), ("MB", MB), ("KB", KB)):
        if nbytes >= scale:
            return f"{nbytes // scale} {unit}"
    return f"{nbytes} B"


def replace_between(page: Path, start: str, end: str, text: str) -> None:
    """Rewrite the generated part of a page, between its two markers."""
    source = page.read_text(encoding="utf-8")
    head, found_start, rest = source.partition(start)
    _, found_end, tail = rest.partition(end)
    if not (found_start and found_end):
        raise SystemExit(f"{page}: add the two markers {start} and {end} where the results go")
    page.write_text(head + text + tail, encoding="utf-8")


def cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or None


def machine() -> dict:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
    }


def load_average() -> float | None:
    """Processes running or waiting for a CPU, averaged over the last minute (Unix)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def busy_cpu_seconds() -> float | None:
    """CPU time the whole machine has spent busy since it started, all cores together (Linux: /proc/stat); None elsewhere.
    Two readings around a run on an otherwise quiet machine give the CPU time the run used, its subprocesses included."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            user, nice, system, idle, iowait, irq, softirq, *_ = map(int, stat.readline().split()[1:])
    except (OSError, ValueError):
        return None
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")  # not steal: time a virtual machine's host ran others


def pyplot():
    """matplotlib, styled for plots that read on the light and the dark theme."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: small files, the browser's font
            "svg.hashsalt": "numpy-torch-guide",  # the same data gives the same file
            "font.size": 10,
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.facecolor": "none",
            "figure.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "legend.frameon": False,
            "grid.color": INK,
            "grid.alpha": 0.25,
            "lines.linewidth": 1.8,
            "lines.markersize": 4,
        }
    )
    return plt


def save_svg(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})  # no date: reruns diff cleanly


def write_results(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def report(root: Path, results: dict, written: list[Path]) -> None:
    """Say what a run wrote, and how long the measuring took."""
    for path in written:
        print(f"wrote {path.relative_to(root)} ({path.stat().st_size / 1024:.0f} KB)")
    if "run_seconds" in results:
        print(f"the measurements took {results['run_seconds']:.0f} s")


# Budgets the tests hold the pages to (one home each).
PLOT_BYTES = 60 * KB  # one plot (SVG) on a benchmark page
BENCHMARK_PAGE_BYTES = 300 * KB  # a benchmark page with its data and plots, on disk
FIRST_VISIT_BYTES = 100_000  # transferred on a first visit to any page, gzip, everything it loads (KB of 1000 bytes, as Lighthouse counts)
