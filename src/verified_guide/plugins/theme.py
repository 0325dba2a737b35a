"""The guide's overrides of Material's templates, in `src/verified_guide/theme/`.

They sit in front of Material's templates as a `custom_dir` would. A plugin puts them there
rather than `custom_dir` in mkdocs.yml, so that they travel with the package: a copy of the
site's sources (the tooling tests build such copies) gets them without copying them.
`theme/main.html` says what each override does, and why.
"""

from pathlib import Path

from mkdocs.plugins import BasePlugin

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class ThemePlugin(BasePlugin):
    def on_config(self, config):
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        return config
