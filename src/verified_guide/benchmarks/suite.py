"""How long the test suite takes, beside what it cannot do without: `make bench-tests`.

Everything runs on a copy of this checkout's files (`git ls-files`), so the working tree
and its caches are never touched. In one run, on the same machine and under the same load:

- floor: what no suite can skip. Every example this machine runs, once, each forked from
  one process that imported numpy and torch (src/verified_guide/runner.py), the script
  examples (DataLoader workers) each in its own interpreter; plus one full build of the
  site from nothing, as a new clone's first build does it, running the pages' notebooks.
- fresh: `make test` on the copy with no caches and no pass records, as CI runs it on a
  new clone (the install aside).
- warm, nothing changed: `make test` again.
- warm, one page edited: a comment added to the first example of one page (its snippet
  file), then `make test`; beside it, that page's examples once and one build after the
  edit, the floor for that case. EDITED_ROUNDS rounds of the three, each with a new edit: the ratio is
  of their medians, as one round's build once took 10 s for 7 CPU seconds (6.5 s alone, just after), which
  a single round read as a ratio a third lower.

It prints each time, the ratios the goals are written in, and rewrites the README's
table between its markers. Exits 1 when a goal does not hold.

    python -m verified_guide.benchmarks.suite [--page start/quickstart.md] [--no-readme] [--last]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from typing import Callable

from .. import build as build_, pages, runner
from ..paths import project_root, snippet_file
from .common import busy_cpu_seconds, load_average, replace_between

ROOT = project_root()
README_START, README_END = "<!-- bench-tests:start -->", "<!-- bench-tests:end -->"
RESULTS = ROOT / ".cache" / "bench-tests.json"  # the last run, in full
# The goals, as ratios of the floor measured in the same run.
FRESH_OVER_FLOOR = 2.0  # fresh run ≤ 2 × (examples once + one full build)
WARM_UNCHANGED_S = 20.0  # warm, nothing changed: seconds
EDITED_OVER_FLOOR = 2.0  # warm, one page edited: ≤ 2 × (that page's examples once + one build after the edit)
EDITED_ROUNDS = 3  # edit, `make test`, the page's examples, one build: medians of each, so that one stalled run moves none


@dataclasses.dataclass
class Timing:
    name: str
    seconds: float
    detail: str = ""
    load: tuple = ()  # the load average when it started and when it ended
    cpu: float | None = None  # CPU seconds the machine spent busy meanwhile, all cores together (common.busy_cpu_seconds)


def copy_checkout(dest: Path) -> None:
    """The files a clone has: tracked, and new ones git does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def environment(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FRESH", "PYTEST_ADDOPTS")}
    return {**env, **build_.MKDOCS_ENVIRONMENT, "GUIDE_ROOT": str(tree)}


def timed(name: str, run: Callable[[], subprocess.CompletedProcess]) -> Timing:
    """How long `run` takes; it must succeed."""
    load, busy = load_average(), busy_cpu_seconds()
    start = time.perf_counter()
    done = run()
    seconds = time.perf_counter() - start
    cpu = busy_cpu_seconds() - busy if busy is not None else None
    tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    if done.returncode:
        sys.stderr.write(done.stdout[-6000:] + done.stderr[-3000:])
        raise SystemExit(f"{name}: `{' '.join(map(str, done.args))}` failed (exit {done.returncode})")
    return Timing(name, seconds, tail[0], (load, load_average()), cpu)


def in_copy(tree: Path, *args: str) -> Callable[[], subprocess.CompletedProcess]:
    """A command of this .venv's Python, run in the copy as its own checkout."""
    return lambda: subprocess.run([sys.executable, *args], cwd=tree, env=environment(tree), capture_output=True, text=True)


def make_test(tree: Path, name: str) -> Timing:
    """The README's test command, as `make test` runs it (without make: the copy shares this .venv)."""
    return timed(name, in_copy(tree, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider"))


def run_examples(tree: Path, page: str | None = None) -> Timing:
    """Each example this machine runs, once (a page's, or every page's), in a new process (examples_once)."""
    return timed(f"examples of {page}" if page else "every example once",
                 in_copy(tree, "-m", "verified_guide.benchmarks.suite", "--examples-once", *([page] if page else [])))


def examples_once(root: Path, page: str | None) -> int:
    """Run each example this machine runs once, each forked from one process that imported numpy and torch."""
    markdown = pages.load_markdown(root)
    n = 0
    for path in pages.pages(root):
        if page is None or path.resolve() == (root / "docs" / page).resolve():
            for block in pages.page_blocks(path, markdown, root):
                if runner.skip_reason(block) is None:
                    runner.run(block, root)
                    n += 1
    return n


def build(tree: Path, name: str) -> Timing:
    site = tree / ".bench-site"
    result = timed(name, lambda: build_.build(tree, site))
    shutil.rmtree(site, ignore_errors=True)
    return result


def edit_first_example(tree: Path, page: str, text: str) -> None:
    """A comment as the first line of the page's first example: its code, notebook and page change."""
    path = tree / "snippets" / snippet_file(page)
    source = path.read_text(encoding="utf-8")
    marker = "# --8<-- [start:"
    at = source.index(marker)
    at = source.index("\n", at) + 1
    path.write_text(source[:at] + f"# {text}\n" + source[at:], encoding="utf-8")


def measure(page: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-tests-") as tmp:
        fresh_tree, floor_tree = Path(tmp) / "suite", Path(tmp) / "floor"
        for tree in (fresh_tree, floor_tree):
            copy_checkout(tree)
        examples = run_examples(floor_tree)
        full_build = build(floor_tree, "one full build from nothing (notebooks run)")
        fresh = make_test(fresh_tree, "fresh: a new clone's make test")
        warm = make_test(fresh_tree, "warm, nothing changed")
        rounds = []
        for n in range(1, EDITED_ROUNDS + 1):
            edit_first_example(fresh_tree, page, f"an edit the suite must see ({n})")
            edited = make_test(fresh_tree, f"warm, {page} edited (round {n})")
            page_examples = run_examples(fresh_tree, page)
            edit_first_example(fresh_tree, page, f"another edit, for the build alone ({n})")
            rounds.append((edited, page_examples, build(fresh_tree, f"one build after editing {page} (round {n})")))
    floor = examples.seconds + full_build.seconds
    edited_seconds, examples_seconds, build_seconds = ([t.seconds for t in column] for column in zip(*rounds))
    edited_floor = statistics.median(examples_seconds) + statistics.median(build_seconds)
    edited_cpu = [r[0].cpu for r in rounds]
    return {
        "timings": [dataclasses.asdict(t) for t in (examples, full_build, fresh, warm, *(t for r in rounds for t in r))],
        "floor": floor,
        "edited_floor": edited_floor,
        "fresh_ratio": fresh.seconds / floor,
        "warm": warm.seconds,
        "edited_seconds": statistics.median(edited_seconds),
        "edited_rounds": len(rounds),
        "edited_ratio": statistics.median(edited_seconds) / edited_floor,
        "page": page,
        "cores": os.cpu_count(),
        "fresh_seconds": fresh.seconds,
        "fresh_cpu": fresh.cpu,
        "floor_cpu": examples.cpu + full_build.cpu if examples.cpu is not None and full_build.cpu is not None else None,
        "edited_cpu": None if None in edited_cpu else statistics.median(edited_cpu),
    }


def goals(r: dict) -> list[tuple[str, str, bool]]:
    return [
        (f"fresh ≤ {FRESH_OVER_FLOOR:g} × floor", f"{r['fresh_ratio']:.2f} ×", r["fresh_ratio"] <= FRESH_OVER_FLOOR),
        (f"warm, nothing changed ≤ {WARM_UNCHANGED_S:g} s", f"{r['warm']:.0f} s", r["warm"] <= WARM_UNCHANGED_S),
        (f"warm, one page edited ≤ {EDITED_OVER_FLOOR:g} × its floor", f"{r['edited_ratio']:.2f} ×", r["edited_ratio"] <= EDITED_OVER_FLOOR),
    ]


def table(r: dict) -> str:
    rows = ["| Run | Seconds | CPU seconds | Load average, start → end | |", "|---|---:|---:|---|---|"]
    for t in r["timings"]:
        cpu = "" if t.get("cpu") is None else f"{t['cpu']:.0f}"  # runs recorded before it was measured have none
        load = " → ".join(f"{x:.1f}" for x in t["load"] if x is not None)
        rows.append(f"| {t['name']} | {t['seconds']:.0f} | {cpu} | {load} | {t['detail']} |")
    rows += ["", "| Goal | Measured | Holds |", "|---|---:|---|"]
    rows += [f"| {name} | {value} | {'yes' if ok else 'no'} |" for name, value, ok in goals(r)]
    rounds = r.get("edited_rounds", 1)  # results recorded before the rounds had one
    medians = f", the medians of {rounds} rounds, each a new edit" if rounds > 1 else ""
    edited = f" The run after the edit took {r['edited_seconds']:.0f} s, its median." if rounds > 1 else ""
    rows += ["", f"Floor {r['floor']:.0f} s (every example once + one full build); after editing `{r['page']}`, "
             f"{r['edited_floor']:.0f} s (its examples once + one build{medians}).{edited} {r['cores']} cores; the load average "
             "(processes wanting a core) says how busy the machine was: read the ratios, measured in one run."]
    if r.get("fresh_cpu") is not None and r.get("floor_cpu") is not None:
        busy = r["fresh_cpu"] / (r["cores"] * r["fresh_seconds"])
        rows[-1] += (f" The fresh run used {r['fresh_cpu']:.0f} CPU seconds, its cores {busy:.0%} busy: on {r['cores']} cores it cannot "
                     f"end before {r['fresh_cpu'] / r['cores']:.0f} s, {r['fresh_cpu'] / r['cores'] / r['floor']:.2f} × the floor, "
                     f"without doing less work (the floor used {r['floor_cpu']:.0f} CPU seconds).")
    if r.get("edited_cpu") is not None:
        rows[-1] += (f" After the edit, {r['edited_cpu']:.0f} CPU seconds: it cannot end before {r['edited_cpu'] / r['cores']:.0f} s, "
                     f"{r['edited_cpu'] / r['cores'] / r['edited_floor']:.2f} × its floor.")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="start/quickstart.md", help="the page to edit (under docs/)")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave README.md as it is")
    parser.add_argument("--last", action="store_true", help=f"measure nothing: show the last run ({RESULTS.relative_to(ROOT)})")
    # The floor's own process: every example once, or one page's (run_examples starts it in the copy).
    parser.add_argument("--examples-once", nargs="?", const="", metavar="PAGE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.examples_once is not None:
        print(f"{examples_once(ROOT, args.examples_once or None)} examples")
        return 0
    if args.last:
        r = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        r = measure(args.page)
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(r, indent=1), encoding="utf-8")
    text = table(r)
    print(text)
    if not args.no_readme:
        replace_between(ROOT / "README.md", README_START, README_END, f"{README_START}\n{text}\n{README_END}")
    return 0 if all(ok for _, _, ok in goals(r)) else 1


if __name__ == "__main__":
    sys.exit(main())
