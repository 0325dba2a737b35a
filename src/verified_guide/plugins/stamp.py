"""Under each page's title: the versions that produced its outputs, and the links to its notebook.

The versions are read from the installed packages at build time, never typed, so the
stamp cannot disagree with the environment the tests ran in. The notebook links come from
the notebooks plugin through page.meta["notebook_links"].

It also points the offline build at the site's own copy of the Web Worker shim that
Material's offline plugin would load from a CDN.
"""

from __future__ import annotations

import platform
from importlib.metadata import version

from mkdocs.plugins import BasePlugin, event_priority

STAMP = (
    '<p class="verified-with" data-search-exclude>'
    "Outputs verified with torch {torch}, NumPy {numpy}, Python {python}</p>"
)
LOCAL_SHIM = "assets/javascripts/iframe-worker-shim.js"


def versions() -> dict[str, str]:
    return {"torch": version("torch"), "numpy": version("numpy"), "python": platform.python_version()}


class StampPlugin(BasePlugin):
    def on_config(self, config):
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [LOCAL_SHIM if "iframe-worker" in url else url for url in polyfills]
        self.stamp = STAMP.format(**versions())
        return config

    @event_priority(-50)  # after the plugins that put things in page.meta
    def on_page_content(self, html, page, config, files):
        under_title = self.stamp + page.meta.get("notebook_links", "")
        # Right under the page title, where a reader checks whether a page applies to them.
        head, sep, rest = html.partition("</h1>")
        return head + sep + under_title + rest if sep else under_title + html
