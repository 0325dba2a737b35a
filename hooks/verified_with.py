"""Stamp every page with the versions that produced its outputs; point offline builds at a local Web Worker shim.

The versions are read from the installed packages at build time, never typed, so
the stamp cannot disagree with the environment the tests ran in.
"""

import platform
from importlib.metadata import version

STAMP = (
    '<p class="verified-with" data-search-exclude>'
    "Outputs verified with torch {torch}, NumPy {numpy}, Python {python}</p>"
)


# The offline plugin loads this Web Worker shim from a CDN; the site ships its own copy.
LOCAL_SHIM = "assets/javascripts/iframe-worker-shim.js"


def on_config(config):
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [LOCAL_SHIM if "iframe-worker" in url else url for url in polyfills]
    config.extra["verified_with"] = {
        "torch": version("torch"),
        "numpy": version("numpy"),
        "python": platform.python_version(),
    }
    return config


def on_page_content(html, page, config, files):
    stamp = STAMP.format(**config.extra["verified_with"])
    # Right under the page title, where a reader checks whether a page applies to them.
    head, sep, rest = html.partition("</h1>")
    return head + sep + stamp + rest if sep else stamp + html
