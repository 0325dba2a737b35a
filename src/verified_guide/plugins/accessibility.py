"""Accessibility fixes to Material's HTML that configuration cannot make.

Material's search dialog has role="dialog" but no accessible name (axe: aria-dialog-name).
"""

from mkdocs.plugins import BasePlugin


class AccessibilityPlugin(BasePlugin):
    def on_post_page(self, output, page, config):
        return output.replace(
            'data-md-component="search" role="dialog">',
            'data-md-component="search" role="dialog" aria-label="Search">',
            1,
        )
