"""The site builds with `mkdocs build --strict`, warning-free."""

import re

from verified_guide.build import errors
from verified_guide.plugins.stamp import versions


def test_mkdocs_build_strict(site):
    result, _ = site
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{errors(result)}"
    assert "WARNING" not in result.stderr, errors(result)


def test_every_page_shows_the_versions_that_verified_it(built_site):
    found = versions()
    stamp = f"Outputs verified with torch {found['torch']}, NumPy {found['numpy']}, Python {found['python']}"
    pages = list(built_site.rglob("index.html"))
    assert pages
    missing = [p.relative_to(built_site).as_posix() for p in pages if stamp not in p.read_text(encoding="utf-8")]
    assert not missing, f"no stamp {stamp!r} on {missing}"


def test_no_heading_is_in_a_box_the_browser_skips(built_site):
    """The boxes the browser skips while off screen (partials/content.html) hold no heading, and
    each has its size: the table of contents reads where every heading is each time the page's
    height changes, and a heading in a skipped box would make the browser lay the box out."""
    opening = re.compile(r'<div (?:class="md-section" style="--chars: (\d+)"|style="--chars: (\d+)" class="jp-Cell )')
    wrong, boxes = [], 0
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for match in opening.finditer(html):
            boxes += 1
            depth, end = 0, match.start()
            for tag in re.finditer(r"<(/?)div\b", html[match.start():]):
                depth += -1 if tag.group(1) else 1
                if not depth:
                    end = match.start() + tag.end()
                    break
            box = html[match.start():end]
            if re.search(r"<h[1-6][\s>]", box) or not int(match.group(1) or match.group(2)):
                wrong.append(f"{page.relative_to(built_site).as_posix()}: {box[:80]!r}")
    assert boxes > 100, f"only {boxes} boxes the browser skips: has partials/content.html changed?"
    assert not wrong, "\n".join(wrong[:10])
