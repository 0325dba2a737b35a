"""The benchmark pages' sentence checks see every sentence, and a comparison in words is a claim."""

import pytest

from verified_guide import prose

PAGE = """\
---
description: Costs measured here. Rerun them.
---

# Title { #title }

One sentence. Another [with a link](x.md#y); and on.

- A list item.

```python
print("code is not prose. Never.")
```

<!-- a comment. Not prose. -->

![A plot of it all](plot.svg){ width="600" }
"""


def test_every_sentence_a_reader_sees_is_found():
    assert prose.visible_sentences(PAGE) == [
        "Title", "Costs measured here.", "Rerun them.", "A plot of it all", "One sentence.",
        "Another with a link; and on.", "A list item.",
    ]


@pytest.mark.parametrize(
    "sentence",
    ["Pinned memory is twice as fast.", "`from_numpy` beats `tensor`.", "It outperforms a copy.",
     "The cost is negligible.", "This is the fastest way.", "Views are better than copies."],
)
def test_a_comparison_in_words_is_a_claim(sentence):
    assert prose.COMPARATIVE.search(sentence)


def test_plain_description_is_not_a_comparison():
    assert not prose.COMPARATIVE.search("A copy reads every byte of the array and writes every byte of new memory.")
