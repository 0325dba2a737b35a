"""Page weight and Lighthouse scores of every page of the built site, beside a bare Material page (`make bench-pages`).

Serves site/ on 127.0.0.1 with gzip, as any production web server (GitHub Pages
included) does, and runs Lighthouse (mobile emulation, its default) on each page in
Debian's Chromium: every guide page and every notebook page, RUNS times each (the median
is shown). Scores depend on the machine and its load, so the same run also measures a
control: a bare Material for MkDocs page (a two-line mkdocs.yml, built in a temporary
directory) served the same way, measured before each round and then after every
CONTROL_EVERY pages. Each page's line shows the control runs nearest to its own.

Ends with a summary line, and exits non-zero when a page breaks a budget: performance
below PERFORMANCE, accessibility, best practices or SEO below 1, or a first visit (the
page and everything it loads) over common.FIRST_VISIT_BYTES. When the control itself scores below
PERFORMANCE, the machine was too busy to judge, which fails the run too.

    python -m verified_guide.benchmarks.pages                          # every page
    python -m verified_guide.benchmarks.pages start/quickstart/ ...    # only these
    RUNS=1 python -m verified_guide.benchmarks.pages                   # quicker, noisier
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ..browser import CHROMIUM_ARGS, LIGHTHOUSE_CHROMIUM
from ..build import MKDOCS_ENVIRONMENT
from ..paths import project_root
from ..server import serve
from .common import FIRST_VISIT_BYTES

ROOT = project_root()
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site"))  # another built copy, to compare
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

RUNS = int(os.environ.get("RUNS", 3))
CONTROL_EVERY = 6
PERFORMANCE = 0.98  # Lighthouse mobile performance, median of RUNS

CONTROL_CONFIG = """\
site_name: Control
theme:
  name: material
  font: false  # as the guide: no requests to a font CDN
"""
CONTROL_PAGE = """\
# A bare Material page

The same theme with its defaults and nothing else: the control that shows what this
machine's load does to Lighthouse scores in the same run.

## A section

A paragraph of text, as most pages start with, and a short list:

- one item
- another item
"""


def pages(site: Path = SITE) -> list[str]:
    """Every page of the site, guide pages first, then the notebook pages: their URLs, relative to the site."""
    found = sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.relative_to(site).parts
    )
    return sorted(found, key=lambda page: page.startswith("notebooks/"))


def build_control(directory: Path) -> Path:
    """A bare Material site of one page, built with the guide's MkDocs and Material."""
    (directory / "docs").mkdir()
    (directory / "mkdocs.yml").write_text(CONTROL_CONFIG, encoding="utf-8")
    (directory / "docs" / "index.md").write_text(CONTROL_PAGE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"],
        cwd=directory, check=True, env={**os.environ, **MKDOCS_ENVIRONMENT},
    )
    return directory / "site"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run: {category: score, "kb": first visit in KB, "lcp": seconds, "tbt": ms}."""
    env = {**os.environ, "CHROME_PATH": str(LIGHTHOUSE_CHROMIUM)}
    # Lighthouse's launcher passes a --disable-features list of its own, which ours (Playwright's) would replace.
    flags = " ".join(a for a in CHROMIUM_ARGS if not a.startswith("--disable-features="))
    subprocess.run(
        [LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={flags}"],
        env=env, check=True,
    )
    report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        **{c: report["categories"][c]["score"] for c in CATEGORIES},
        "kb": audits["total-byte-weight"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def problems(page: str, runs: list[dict]) -> list[str]:
    found = []
    if (score := median(runs, "performance")) < PERFORMANCE:
        found.append(f"/{page}: performance {score:.2f} < {PERFORMANCE}")
    for category in CATEGORIES[1:]:
        if (score := median(runs, category)) < 1:
            found.append(f"/{page}: {category} {score:.2f} < 1")
    if (kb := max(r["kb"] for r in runs)) > FIRST_VISIT_BYTES / 1000:
        found.append(f"/{page}: {kb:.0f} KB > {FIRST_VISIT_BYTES / 1000:.0f} KB")
    return found


def main() -> int:
    if not SITE.is_dir():
        sys.exit("build the site first: make build")
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: make bench-pages installs it")
    selected = sys.argv[1:] or pages()  # or only the pages named, e.g. start/quickstart/
    base, _ = serve(SITE)
    with tempfile.TemporaryDirectory() as tmp:
        control_base, _ = serve(build_control(Path(tmp)))
        out = Path(tmp) / "report.json"
        results: dict[str, list[dict]] = {page: [] for page in selected}
        controls: list[tuple[int, dict]] = []  # (how many page runs came before it, the control run)
        done = 0
        print(f"Lighthouse {RUNS}× per page, mobile, gzip; control: a bare Material page, measured in the same run", flush=True)
        for round_ in range(RUNS):
            for i, page in enumerate(selected):
                if i % CONTROL_EVERY == 0:
                    controls.append((done, lighthouse(control_base, out)))
                results[page].append(lighthouse(base + page, out))
                done += 1
                print(f"  round {round_ + 1}/{RUNS}: /{page} {results[page][-1]['performance']:.2f}", file=sys.stderr, flush=True)
        controls.append((done, lighthouse(control_base, out)))

    def nearest_controls(page_index: int) -> list[dict]:
        """The control runs measured closest in time to each run of the page."""
        near = []
        for round_ in range(RUNS):
            when = round_ * len(selected) + page_index
            near.append(min(controls, key=lambda c: abs(c[0] - when))[1])
        return near

    print()
    print("| Page | KB loaded (gzip) | Performance | Control (bare Material) | Accessibility | Best practices | SEO | LCP | TBT |")
    print("|---|---|---|---|---|---|---|---|---|")
    broken = []
    for i, (page, runs) in enumerate(results.items()):
        control = median(nearest_controls(i), "performance")
        print(
            f"| /{page} | {max(r['kb'] for r in runs):.0f} | {median(runs, 'performance'):.2f} | {control:.2f} | "
            + " | ".join(f"{median(runs, c):.2f}" for c in CATEGORIES[1:])
            + f" | {median(runs, 'lcp'):.1f} s | {median(runs, 'tbt'):.0f} ms |"
        )
        broken += problems(page, runs)
    all_controls = [c for _, c in controls]
    control_line = (
        f"control: performance {median(all_controls, 'performance'):.2f} "
        f"(min {min(c['performance'] for c in all_controls):.2f}, {len(all_controls)} runs), "
        f"{median(all_controls, 'kb'):.0f} KB"
    )
    print()
    print(control_line)
    budget = f"performance ≥ {PERFORMANCE}, accessibility, best practices and SEO 1.00, ≤ {FIRST_VISIT_BYTES / 1000:.0f} KB"
    for problem in broken:
        print(f"  over budget: {problem}")
    pages_broken = len({problem.split(":")[0] for problem in broken})
    if median(all_controls, "performance") < PERFORMANCE:
        print(f"FAIL: the control scored below {PERFORMANCE}: this machine was too busy to judge the budget ({budget})")
        return 1
    if broken:
        print(f"FAIL: {pages_broken} of {len(selected)} pages over budget ({budget}), median of {RUNS}")
        return 1
    print(f"OK: all {len(selected)} pages within budget ({budget}), median of {RUNS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
