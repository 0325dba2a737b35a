"""The cards the search checks judge are worked out from the search worker's answers (benchmarks.search.drawn, a port of
Material's renderSearchResultItem). tests/content/test_search.py compares them with what Material draws for a sample of
real queries; here each way through the port is pinned on a made-up answer, the ones real queries never take included."""

from __future__ import annotations

from verified_guide.benchmarks import search

BASE = "http://127.0.0.1:8000/"
PAGES = {"": "index.md", "a/": "a.md", "b/": "b.md"}


def doc(location: str, score: float, title: str = "T") -> dict:
    return {"location": location, "score": score, "title": f"<mark>{title}</mark>", "text": "<p>text &amp; more</p>"}


def shown(cards) -> list[list[tuple[str, str, bool]]]:
    return [[(link.href.removeprefix(BASE), link.score, link.folded) for link in card] for card in cards]


def test_the_page_leads_its_card_and_sections_below_the_first_score_fold():
    group = [doc("a/#x", 9.0), doc("a/#y", 9.0), doc("a/", 0.0), doc("a/#z", 3.5)]
    assert shown(search.drawn([group], BASE)) == [[("a/", "0.00", False), ("a/#x", "9.00", False), ("a/#y", "9.00", False),
                                                    ("a/#z", "3.50", True)]]


def test_a_group_without_its_page_makes_its_last_item_the_cards_head():
    # Material's docs.splice(parent, 1) with parent -1 takes the last item.
    group = [doc("a/#x", 5.0), doc("a/#y", 2.0)]
    assert shown(search.drawn([group], BASE)) == [[("a/#y", "2.00", False), ("a/#x", "5.00", False)]]


def test_the_home_page_is_a_page_and_only_ten_cards_are_drawn_at_once():
    groups = [[doc("", 1.0)]] + [[doc(f"b/#s{i}", 1.0), doc("b/", 0.0)] for i in range(12)]
    cards = search.drawn(groups, BASE)
    assert len(cards) == search.FIRST_DRAWN
    assert shown(cards)[0] == [("", "1.00", False)]


def test_scores_show_as_javascripts_to_fixed_rounds_them():
    assert [search.to_fixed(s) for s in (0.125, 2.675, 1.005, 0.0, 12.3456)] == ["0.13", "2.67", "1.00", "0.00", "12.35"]


def test_the_page_counts_as_a_result_only_when_it_scores_highest_on_its_card():
    above = search.drawn([[doc("a/#x", 4.0), doc("a/", 1.0)]], BASE)
    level = search.drawn([[doc("b/", 4.0), doc("b/#x", 4.0)]], BASE)
    assert [r.target for r in search.seen_results(above, BASE, PAGES)] == ["a.md#x"]
    assert [r.target for r in search.seen_results(level, BASE, PAGES)] == ["b.md", "b.md#x"]


def test_folded_sections_are_not_seen():
    cards = search.drawn([[doc("a/#x", 4.0), doc("a/", 0.0), doc("a/#y", 1.0)]], BASE)
    assert [r.target for r in search.seen_results(cards, BASE, PAGES)] == ["a.md#x"]


def test_the_text_of_a_result_is_plain_even_cut_inside_a_tag():
    assert search.plain("<mark>to</mark> numpy &amp; <cod") == "to numpy &"
