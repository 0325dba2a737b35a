"""Page weight and Lighthouse scores of every page of the built site (`make bench-pages`).

Serves site/ on 127.0.0.1 with gzip, as any production web server (GitHub Pages
included) does, and runs Lighthouse (mobile emulation, its default) on each page in
Debian's Chromium. Prints a Markdown table for the README. Not a test: scores depend on
the machine and its load.
"""

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """The directory on 127.0.0.1 (a free port), gzipped, from a thread: (its base URL, the server)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


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
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    print("| Page | KB loaded (gzip) | Performance | Accessibility | Best practices | SEO | LCP |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for page in sys.argv[1:] or pages():  # or only the pages named, e.g. start/quickstart/
            out = Path(tmp) / "report.json"
            subprocess.run(
                [LIGHTHOUSE, base + page, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"],
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
