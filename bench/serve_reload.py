"""How long `make serve` takes to show an edit: from saving a file to serving the new page.

Runs `make serve` on a copy of the site (this tree is never edited), with the caches a clone
has after one build, waits for the first build, then saves a page several times and an
example it includes several times, polling the page over HTTP until each edit shows. It
then restores both files, saves and restores the home page, and keeps what a check needs: the search index the server ends
with, and which rendered notebooks mkdocs-jupyter's cache kept. tests/test_serve.py checks
them; run as a script, it prints each reload and exits 1 when a median is over the budget.

    python bench/serve_reload.py [--page docs/start/quickstart.md] [--edits 5] [--budget 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPY = ["docs", "snippets", "hooks", "tests", "mkdocs.yml", "requirements.txt", "Makefile"]
CACHES = [".cache/notebooks", ".cache/mkdocs-jupyter"]  # what a clone keeps from its first build
BUDGET = 2.0  # seconds, median
INCLUDE = re.compile(r"""^-{1,}8<-{1,}\s+["']([^"':]+):([^"']+)["']""", re.M)


@dataclasses.dataclass
class Reloads:
    page: list[float]  # seconds from saving the page to serving it
    snippet: list[float]  # seconds from saving an example to serving its page
    notebook: list[float]  # seconds from each save to serving the page's notebook with the edit
    search_index: dict  # /search/search_index.json once both files are restored
    notebook_cache: tuple[set[str], set[str]]  # mkdocs-jupyter's cached renders: before, after
    log: str  # the server's output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, shown, timeout: float) -> float:
    """Seconds until shown(body of the page at url) is true."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and shown(body):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show the edit within {timeout:.0f} s")


def page_url(base: str, page: str) -> str:
    path = Path(page).relative_to("docs").with_suffix("")
    return base + ("" if path.name == "index" else f"{path.as_posix()}/")


def with_line(text: str, after: str, line: str) -> str:
    head, found, tail = text.partition(after + "\n")
    assert found, f"no line {after!r}"
    return head + found + line + "\n" + tail


def measure(page: str = "docs/start/quickstart.md", edits: int = 5) -> Reloads:
    with tempfile.TemporaryDirectory(prefix="serve-reload-") as tmp:
        site = Path(tmp)
        for name in COPY + [c for c in CACHES if (ROOT / c).exists()]:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
        jupyter_cache = site / CACHES[1]
        before = {p.name for p in jupyter_cache.glob("*.json")}
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log_path = site / "serve.log"
        with open(log_path, "w") as log:
            server = subprocess.Popen(  # the Makefile's serve command, with this tree's .venv
                ["make", "-s", "serve", f"VENV={Path(sys.prefix)}", f"SERVE_ADDR=127.0.0.1:{port}"],
                cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            try:
                url = page_url(base, page)
                wait_for(url, lambda body: "</html>" in body, timeout=300)
                time.sleep(3)  # the server's start-up work in the background (it imports torch)
                markdown = site / page
                snippet_name, section = INCLUDE.search(markdown.read_text(encoding="utf-8")).groups()
                snippet = site / "snippets" / snippet_name
                originals = {path: path.read_text(encoding="utf-8") for path in (markdown, snippet)}
                notebook_url = page_url(base, "docs/notebooks/" + Path(page).relative_to("docs").as_posix())
                times = {markdown: [], snippet: [], "notebook": []}
                for path in (markdown, snippet):
                    for n in range(edits):
                        marker = f"reload_marker_{n}_{time.time_ns()}"
                        if path == markdown:
                            path.write_text(originals[path] + f"\n\n{marker}\n", encoding="utf-8")
                        else:
                            path.write_text(with_line(originals[path], f"# --8<-- [start:{section}]", f"# {marker}"), encoding="utf-8")
                        saved = time.perf_counter()
                        times[path].append(wait_for(url, lambda body: marker in body, timeout=60))
                        wait_for(notebook_url, lambda body: marker in body, timeout=60)
                        times["notebook"].append(time.perf_counter() - saved)
                        time.sleep(0.5)
                for path, text in originals.items():
                    path.write_text(text, encoding="utf-8")
                wait_for(url, lambda body: "reload_marker_" not in body, timeout=60)
                home = site / "docs" / "index.md"  # the page Material's own merge of the search index gets wrong
                text = home.read_text(encoding="utf-8")
                home.write_text(text + "\n\nreload_marker_home\n", encoding="utf-8")
                wait_for(base, lambda body: "reload_marker_home" in body, timeout=60)
                home.write_text(text, encoding="utf-8")
                wait_for(base, lambda body: "reload_marker_home" not in body, timeout=60)
                time.sleep(1)
                search_index = json.loads(fetch(base + "search/search_index.json"))
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(10)
        return Reloads(
            page=times[markdown],
            snippet=times[snippet],
            notebook=times["notebook"],
            search_index=search_index,
            notebook_cache=(before, {p.name for p in jupyter_cache.glob("*.json")}),
            log=log_path.read_text(encoding="utf-8"),
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="docs/start/quickstart.md")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds, for each median")
    parser.add_argument("--verbose", action="store_true", help="print the server's log")
    args = parser.parse_args()
    reloads = measure(args.page, args.edits)
    if args.verbose:
        print(reloads.log)
    medians = []
    for what, times in (("page", reloads.page), ("example", reloads.snippet), ("its notebook", reloads.notebook)):
        medians.append(statistics.median(times))
        print(f"{what} saved -> shown: " + ", ".join(f"{t:.2f}" for t in times)
              + f" s; median {medians[-1]:.2f} s, max {max(times):.2f} s")
    print(f"budget {args.budget:g} s (median of the page and example saves); load average {os.getloadavg()[0]:.1f}")
    return 0 if max(medians[:2]) <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
