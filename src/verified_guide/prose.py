"""What a reader reads on a page: its sentences, outside code, HTML comments and generated blocks.

The benchmark pages' tests hold every sentence to the data: tests/content/test_performance.py
and test_gpu_transfers.py.
"""

from __future__ import annotations

import re


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def front_matter(text: str) -> tuple[str, str]:
    """(the front matter's description, the body)."""
    if not text.startswith("---\n"):
        return "", text
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    m = re.search(r"^description:\s*(.*)$", front, re.M)
    return (m.group(1) if m else ""), body


def without(text: str, start: str, end: str) -> str:
    """The text without the generated block between the two markers."""
    return re.sub(re.escape(start) + r".*?" + re.escape(end), "", text, flags=re.S)


def visible_sentences(text: str) -> list[str]:
    """Every sentence a reader sees outside code: the description, headings, alt texts, prose and list items."""
    description, body = front_matter(text)
    body = re.sub(r"^[ \t]*```.*?^[ \t]*```", "", body, flags=re.S | re.M)  # code and output blocks
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    alts = re.findall(r"!\[([^\]]*)\]\([^)]*\)", body)
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "", body)  # an image and its size
    headings = [re.sub(r"\s*\{[^}]*\}\s*$", "", h) for h in re.findall(r"^#+ (.*)$", body, re.M)]
    body = re.sub(r"^#+ .*$", "", body, flags=re.M)
    body = re.sub(r"^[ \t]*([-*]|\d+\.) ", "", body, flags=re.M)  # list items read as sentences
    body = re.sub(r'^[ \t]*(!!!|\?\?\?\+?) \w+( "([^"]*)")?[ \t]*$', r"\3", body, flags=re.M)  # admonition titles
    sentences = list(headings)
    for chunk in [description, *alts, *re.split(r"\n\s*\n", body)]:
        chunk = normal(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", chunk))  # a link reads as its text
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Za-z`\"'])", chunk) if s]
    return sentences


# A comparison in words: a sentence with one of these compares, so it is a claim to check.
COMPARATIVE = re.compile(
    r"\b(twice|thrice|half as|times as|times faster|times slower|faster|slower|quicker|beats?|outperforms?|"
    r"wins?|better|worse|best|worst|fastest|slowest|cheaper|dearer|costlier|more expensive|less expensive|"
    r"speedup|speeds? up|slows? down|negligible|instant(ly)?)\b",
    re.I,
)
