"""Page weight and Lighthouse scores of every page of the built site (`make bench-pages`).

Serves site/ on 127.0.0.1 with gzip, as any production web server (GitHub Pages
included) does, and runs Lighthouse (mobile emulation, its default) on each page in
Debian's Chromium. Prints a Markdown table for the README. Not a test: scores depend on
the machine and its load.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..browser import CHROMIUM, CHROMIUM_ARGS
from ..paths import project_root
from ..server import serve

ROOT = project_root()
SITE = ROOT / "site"
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"


def pages() -> list[str]:
    return sorted(
        "" if p.parent == SITE else p.parent.relative_to(SITE).as_posix() + "/"
        for p in SITE.rglob("index.html")
        if "assets" not in p.parts
    )


def main() -> int:
    if not SITE.is_dir():
        sys.exit("build the site first: make build")
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: make bench-pages installs it")
    base, _ = serve(SITE)
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    print("| Page | KB loaded (gzip) | Performance | Accessibility | Best practices | SEO | LCP |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for page in sys.argv[1:] or pages():  # or only the pages named, e.g. start/quickstart/
            out = Path(tmp) / "report.json"
            subprocess.run(
                [LIGHTHOUSE, base + page, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
                env=env, check=True,
            )
            report = json.loads(out.read_text())
            scores = [report["categories"][c]["score"] for c in ("performance", "accessibility", "best-practices", "seo")]
            weight = report["audits"]["total-byte-weight"]["numericValue"] / 1000
            lcp = report["audits"]["largest-contentful-paint"]["displayValue"]
            print(f"| /{page} | {weight:.0f} | " + " | ".join(f"{s:.2f}" for s in scores) + f" | {lcp} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
