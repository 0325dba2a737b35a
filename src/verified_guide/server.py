"""The built site on 127.0.0.1, gzipped as a web host (GitHub Pages included) serves it."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb"}


@functools.lru_cache(maxsize=512)
def compressed(path: Path, size: int, mtime_ns: int) -> bytes:
    """A file's gzip, made once while its size and time are unchanged: each page check is a first visit, which loads
    the same stylesheets and scripts again (the search index alone takes 20-40 ms to compress)."""
    return gzip.compress(path.read_bytes(), 6)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser dropped the request (it left the page mid-load): nobody is left to answer

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        stat = path.stat()
        body = compressed(path, stat.st_size, stat.st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """The directory on 127.0.0.1 (a free port), gzipped, from a thread: (its base URL, the server)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=directory))
    # Stopped (httpd.shutdown) within 0.05 s, instead of its default 0.5 s: the suite waits for that as it ends.
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd
