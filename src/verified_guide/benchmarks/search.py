"""Search quality on real queries (`make bench-search`): hit@1 and hit@3, errors and questions.

In Chromium, through the site's own search (served gzipped, as a web host does). The first
query of tests/search_queries.yaml is opened as a wiki link opens it, `/?q=<query>`. Then, in
that page, every query is asked of the site's search worker (ASK_WORKER): a worker made as
Material makes its own, so that workers/ranking.js answers in front of Material's, set up with
the message Material sends, then one query after another. The cards Material draws from an
answer are worked out by drawn(), a port of Material's renderSearchResultItem: asking the
worker costs 11 ms a query, where Material drawing each result list in the page cost several
times that. So that drawn() cannot drift from what Material draws, a sample of the queries
(drawn_sample) is also entered into the open search box, as a reader searching again does
(ENTER_QUERIES), and the cards it draws must be the cards drawn() gives (Searched.mismatches).

The judge is the section the result opens, not the page:

- Results are read in the order a reader sees them. Each card (one page) starts with a
  link to the page; that link is a result only when the page's top is the card's best
  match (its score is the highest on the card), otherwise it is the card's title. The
  sections under it follow, best first. Sections folded under "N more on this page" are
  not seen, so they are not counted.
- hit@1: the first result opens one of the query's answers (`page.md#anchor`, or
  `page.md` for the top of a page). hit@3: one of the first three does.
- Every answer must exist in the built site (a page and a heading anchor); one that does
  not is listed, and the query is not judged.

A query pasted over several lines arrives in the search box on one line, as pasting into
a one-line box gives: line breaks become spaces.

Prints hit@1 / hit@3 per kind and overall, every miss with what came first instead, and
the bytes the first search loaded; writes everything as JSON (--json). Builds the site
into a temporary folder unless --site names a built one. Exits 1 when a card drawn in the
page differs from drawn()'s.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

from ..browser import CHROMIUM, INSTALL, begin, launch, outcome, tab
from ..build import build, errors
from ..paths import cache, page_url, project_root
from ..server import serve

ROOT = project_root()
QUERIES = ROOT / "tests" / "search_queries.yaml"
KINDS = ("error", "question")
GOAL_HIT1, GOAL_HIT3 = 0.90, 1.00  # per kind: the first result, and one of the first SEEN
SEEN = 3  # results that count for hit@3

# The cards Material has drawn, in order: per card (one page) each link, with the score the card shows (two
# decimals), whether it is folded under "N more on this page", its title and its text.
READ_CARDS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a.md-search-result__link')].map(a => {
    const art = a.querySelector('article');
    const p = art.querySelector('p:not(.md-search-result__terms)');
    return {href: a.href, score: art.dataset.mdScore || '', folded: !!a.closest('details'),
            title: (art.querySelector('h1, h2') || art).textContent.trim(), text: p ? p.textContent.trim() : ''};
  }))"""

# Every query asked of the site's search worker, in the page: a worker made as Material makes its own, from the
# page's configuration (new Worker(config.search), which partials/lazy-search.html turns into workers/ranking.js in
# front of Material's worker), set up with the message Material sends once the index has loaded (its SETUP:
# integrations/search/worker), then each query in turn as Material sends it (QUERY, the box's value): per query,
# the worker's answer, a list of groups (one per page) of {location, score, title, text}.
ASK_WORKER = """async ([queries, firstDrawn, textChars]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const base = new URL(config.base, location.href);
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  // Two workers, each asked every other query, so that two cores answer where the machine has them free (94 queries
  // on an idle machine: 0.67-0.91 s of the clock against 0.93-1.12 with one worker, the same answers).
  const ask = async (mine) => {
    const worker = new Worker(new URL(config.search, location.href));
    const answer = (type) => new Promise((resolve, reject) => {
      const heard = (event) => {
        if (event.data.type !== type) return;
        worker.removeEventListener('message', heard);
        resolve(event.data.data);
      };
      worker.addEventListener('message', heard);
      worker.addEventListener('error', (event) => reject(new Error(event.message)), {once: true});
    });
    const ready = answer(1);
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                         options: {suggest: config.features.includes('search.suggest')}}});
    await ready;
    const found = [];
    for (const query of mine) {
      const result = answer(3);
      worker.postMessage({type: 2, data: query});
      // The groups Material draws at once and one more (whether there are more), each section's text cut short: only
      // a report reads it, and the whole text of every section found, passed back to Python, cost more than the search.
      found.push((await result).items.slice(0, firstDrawn + 1).map((group) => group.map(
        ({location, score, title, text}) => ({location, score, title, text: text.slice(0, textChars)}))));
    }
    worker.terminate();
    return found;
  };
  const halves = await Promise.all([0, 1].map((n) => ask(queries.filter((_, i) => i % 2 === n))));
  const answers = queries.map((_, i) => halves[i % 2][Math.floor(i / 2)]);
  // As one string: playwright passes an object back as a tree of typed values that its Python side checks node by
  // node (94 queries on an idle machine: 0.3 CPU seconds, and 1.5 s of the clock against 1.1; more under load).
  return JSON.stringify(answers);
}"""
# Of each section's text, what the worker's answers keep: only a report reads it. The checks read none: 123 searches
# with 500 characters of each came back as 5.3 MB, which the page encodes and playwright passes on twice.
TEXT_CHARS = 500
ASKED = "guideAnswers"  # the page's variable holding ASK_WORKER's outcome while Material searches (run)
FIRST_DRAWN = 10  # cards Material draws at once (components/search/result: items.slice(0, 10)); more on scrolling


@dataclass(frozen=True)
class Link:
    """One link of a drawn card."""

    href: str  # absolute, without the highlighting query (?h=...)
    score: str  # as the card shows it (data-md-score): two decimals
    folded: bool  # under "N more on this page"
    title: str = field(compare=False)
    text: str = field(default="", compare=False)


def plain(html: str) -> str:
    """Text of a result's HTML, which may be cut short (a tag cut in two at its end is dropped)."""
    return unescape(re.sub(r"<[^>]*>|<[^>]*$", "", html)).strip()


def without_query(href: str) -> str:
    return urlparse(href)._replace(query="").geturl()


def to_fixed(score: float) -> str:
    """JavaScript's score.toFixed(2): the nearest, a tie to the larger (Python's format rounds a tie to even)."""
    return str(Decimal(score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def read_cards(found: list[list[dict]]) -> list[list[Link]]:
    """The cards READ_CARDS read in the page."""
    return [[Link(without_query(a["href"]), a["score"], a["folded"], a["title"], a["text"]) for a in card] for card in found]


# A result's address, from the site's base and the location the worker gives: the same few hundred sections come back
# for query after query (123 queries: 16,000 joins of 600 locations, a fifth of the Python side of the searches).
absolute = functools.cache(urljoin)


def parent_index(group: list[dict], base: str) -> int:
    """Where Material finds a group's page: its first item whose URL has no #, else -1 (splice(-1, 1): the last item)."""
    return next((i for i, d in enumerate(group) if "#" not in absolute(base, d["location"])), -1)


def drawn(groups: list[list[dict]], base: str) -> list[list[Link]]:
    """The cards Material draws first for a worker's answer (ASK_WORKER), as its renderSearchResultItem (templates/
    search) draws each group: the first item not a section (its URL has no #) is the card's parent, taken out of the
    group (splice(-1, 1) when there is none: the last item); the score of the group's first item is the threshold;
    the items after the parent, in the worker's order, are shown up to the first one below the threshold, the rest
    folded under "N more on this page"."""

    def link(d: dict, folded: bool) -> Link:
        return Link(absolute(base, d["location"]), to_fixed(d["score"]), folded, plain(d["title"]), plain(d["text"]))

    cards = []
    for group in groups[:FIRST_DRAWN]:
        docs, threshold = list(group), group[0]["score"]
        article = docs.pop(parent_index(group, base))
        shown = next((i for i, d in enumerate(docs) if d["score"] < threshold), len(docs))
        cards.append([link(article, False)] + [link(d, False) for d in docs[:shown]] + [link(d, True) for d in docs[shown:]])
    return cards


# Done: the meta line counts matching documents (it says "Initializing search" or
# "Type to start searching" before) and the query is in the box. Material writes the meta
# line, empties the list and appends the first ten results in the one task that handles the
# worker's answer (components/search/result: one push$ feeds all three, and
# `of(...items.slice(0, 10))` is synchronous); this is evaluated in a later task, so when it
# holds the list is whole, and READ_CARDS reads no layout: nothing to wait for.
SEARCH_DONE = """(query) => {
  const meta = document.querySelector('.md-search-result__meta');
  const input = document.querySelector('.md-search__input');
  return !!meta && /match/i.test(meta.textContent) && !!input && input.value === query;
}"""
# Each query in turn into the open box: its text set, then a key released, the event Material
# searches on (it reads the box's value; a query is never the one before it, or Material, which
# searches only on a change, would draw nothing). Its results are read once Material has drawn
# them (a change under .md-search-result with the meta line counting matches: see SEARCH_DONE),
# in the task after. One script for several queries, not a round trip to the browser for each step:
# 37 against 65-75 ms a query on one day, 110-113 against 155-176 ms on a slower one. Two fifths of the
# page's main thread (4.3 of 10.8 s for 93 queries) is Material drawing the results: the sections'
# whole HTML through innerHTML, then a forced layout, about a fifth each.
# Per query: what `read` returns once its results are drawn, or a string saying what went wrong.
ENTER_QUERIES = """async ([queries, timeoutMs]) => {
  const read = %s;
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result');
  const found = [];
  for (const query of queries) {
    let watch, timer;
    const drawn = new Promise((resolve) => {
      watch = new MutationObserver(() => {
        const meta = document.querySelector('.md-search-result__meta');
        if (meta && /match/i.test(meta.textContent) && input.value === query) resolve(true);
      });
      watch.observe(list, {childList: true, subtree: true, characterData: true});
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    input.value = query;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}));
    const done = await drawn;
    watch.disconnect();
    clearTimeout(timer);
    if (!done) { found.push(`no results drawn within ${timeoutMs} ms`); continue; }
    await new Promise((next) => setTimeout(next, 0));
    found.push(read());
  }
  return found;
}"""
QUERIES_PER_SCRIPT = 8  # queries entered by one script: fewer round trips to the browser, and a timeout names its query soon


def entered(page, queries: list[str], read: str = READ_CARDS, timeout_ms: int = 20000):
    """Each query entered into the page's open search box (ENTER_QUERIES), in order: what the script `read` (a
    function of no argument) returns once its results are drawn. Raises, naming the query, when none are drawn."""
    for start in range(0, len(queries), QUERIES_PER_SCRIPT):
        batch = queries[start : start + QUERIES_PER_SCRIPT]
        for query, found in zip(batch, page.evaluate(ENTER_QUERIES % read, [batch, timeout_ms])):
            if isinstance(found, str):
                raise RuntimeError(f"search for {query[:80]!r}: {found}")
            yield found


@dataclass
class Result:
    target: str  # page.md#anchor, or page.md for the top of a page
    score: float
    title: str
    text: str = ""


@dataclass
class Outcome:
    kind: str
    query: str
    source: str
    answers: list[str]  # the answers that exist in the built site
    missing: list[str]  # answers the built site lacks (a renamed page or anchor)
    results: list[Result] = field(default_factory=list)
    hit1: bool | None = None  # None: not judged (an answer is missing)
    hit3: bool | None = None

    @property
    def judged(self) -> bool:
        return self.hit1 is not None


def load_queries(path: Path = QUERIES) -> list[dict]:
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for e in entries:
        assert e["kind"] in KINDS, e
        assert e.get("answers"), e
    return entries


def one_line(query: str) -> str:
    """What a one-line search box holds after a paste: line breaks become spaces."""
    return re.sub(r"[\r\n]+", " ", query).strip()


def exists(site: Path, answer: str) -> bool:
    md, _, anchor = answer.partition("#")
    page = site / page_url(md) / "index.html"
    if not page.is_file():
        return False
    return not anchor or f'id="{anchor}"' in page.read_text(encoding="utf-8")


def headings(site: Path, page: str, levels: str = "23") -> list[tuple[str, str]]:
    """(anchor, text) of a built page's headings of those levels ("start/quickstart"): the sections a result opens."""
    html = (site / page_url(page) / "index.html").read_text(encoding="utf-8")
    return [
        (anchor, unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip())
        for anchor, text in re.findall(rf'<h[{levels}] id="([^"]+)">(.*?)</h[{levels}]>', html, re.S)
    ]


def site_pages(site: Path) -> dict[str, str]:
    """URL path of each built page -> its page.md (from the folder layout)."""
    out = {}
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        if rel == ".":
            out[""] = "index.md"
        elif not rel.startswith(("assets", "notebooks", "search")):
            out[rel + "/"] = rel + ".md"
    return out


def target_of(href: str, base: str, pages: dict[str, str]) -> str:
    """A result link -> page.md#anchor (page.md alone for the top of the page)."""
    url, root = urlparse(urljoin(base, href)), urlparse(base).path
    path = url.path[len(root):] if url.path.startswith(root) else url.path
    return pages.get(path, path) + ("#" + url.fragment if url.fragment else "")


def seen_results(cards: list[list[Link]], base: str, pages: dict[str, str]) -> list[Result]:
    """Results in the order a reader sees them (see the module docstring)."""
    out = []
    for card in cards:
        links = [link for link in card if not link.folded]
        if not links:
            continue
        parent, sections = links[0], links[1:]
        if not sections or float(parent.score) >= max(float(s.score) for s in sections):
            sections = [parent, *sections]
        out += [Result(target_of(s.href, base, pages), float(s.score), s.title, s.text) for s in sections]
    return out


SAMPLE_EVERY = 10  # of the queries asked of the worker, every tenth is also drawn in the page (drawn_sample)


def branches(groups: list[list[dict]], cards: list[list[Link]], base: str) -> set[str]:
    """The ways a worker's answer (groups) takes through drawn(), which gave cards, for drawn_sample."""
    taken = set()
    if not groups:
        taken.add("no result")
    if len(groups) > FIRST_DRAWN:
        taken.add(f"more than {FIRST_DRAWN} cards")
    for group, card in zip(groups, cards):
        parent = parent_index(group, base)
        taken.add("no page in its group" if parent < 0 else "page first in its group" if parent == 0 else "page after a section")
        if any(link.folded for link in card):
            taken.add("sections folded")
        shown = [link for link in card if not link.folded]
        if len(shown) > 1 and float(shown[0].score) < max(float(link.score) for link in shown[1:]):
            taken.add("a section above its page")
    return taken


def drawn_sample(queries: list[str], answers: list[list[list[dict]]], cards: list[list[list[Link]]], base: str) -> dict[int, str]:
    """{index: why} of the queries to draw in the page as well: every SAMPLE_EVERY-th, then the first to take each
    way of drawn() (branches) not taken yet. Never one whose text an earlier one had: Material, which searches only
    on a change, would draw nothing. The first query is opened as a link: drawn in the page anyway."""
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    texts = {queries[0]} if queries else set()
    candidates = [(i, f"every {SAMPLE_EVERY}th") for i in range(0, len(queries), SAMPLE_EVERY)]
    candidates += [(i, "") for i in range(len(queries))]
    for i, why in candidates:
        ways = branches(answers[i], cards[i], base)
        new = ways - taken
        if i in chosen or (queries[i] in texts and i != 0) or not (why or new):
            continue
        chosen[i] = why or "the first to take: " + ", ".join(sorted(new))
        taken |= ways
        texts.add(queries[i])
    return chosen


@dataclass
class Searched:
    outcomes: list[Outcome]  # per entry, judged on the cards drawn() gives for the worker's answer
    opened_as_link: Outcome  # the first entry, judged on what the page drew when opened as /?q=<query>
    message_cards: list[list[list[Link]]]  # per message searched, drawn()'s cards
    compared: int  # queries drawn in the page too
    mismatches: list[str]  # those whose cards in the page differ from drawn()'s, each said in full
    first_load: dict  # bytes the first search loaded, by path


def run(browser, base: str, site: Path, entries: list[dict], messages: Sequence[str] = (), timeout_ms: int = 20000,
        text_chars: int = TEXT_CHARS) -> Searched:
    """Every query through the site's search (the module docstring); the messages searched after them, as they are.
    text_chars: how much of each section's text the worker's answers keep (Result.text, for the report)."""
    pages = site_pages(site)
    queries = [one_line(e["query"]) for e in entries] + list(messages)
    with tab(browser) as page:
        loaded = {}

        def note(request):
            response = request.response()
            length = response.headers.get("content-length") if response else None
            # As sent: gzip's length from the header (a worker's own requests report no body size).
            loaded[urlparse(request.url).path] = int(length) if length else request.sizes()["responseBodySize"]

        page.on("requestfinished", note)
        page.goto(base + "?q=" + quote(queries[0], safe=""))
        # The workers are asked at once, while Material's own search answers the link's query beside them (their
        # requests are those of the first search, the same files: `loaded` counts each path once).
        begin(page, ASK_WORKER, [queries, FIRST_DRAWN, text_chars], name=ASKED)
        page.wait_for_function(SEARCH_DONE, arg=queries[0], timeout=timeout_ms)
        in_page = {0: read_cards(page.evaluate(READ_CARDS))}
        first_load = dict(loaded)
        page.remove_listener("requestfinished", note)
        answers = json.loads(outcome(page, ASKED, timeout_ms=timeout_ms * 3, what="the search workers' answers"))
        cards = [drawn(a, base) for a in answers]
        sample = [i for i in drawn_sample(queries, answers, cards, base) if i != 0]
        in_page |= dict(zip(sample, map(read_cards, entered(page, [queries[i] for i in sample], timeout_ms=timeout_ms))))
    mismatches = [difference(queries[i], in_page[i], cards[i]) for i in sorted(in_page) if in_page[i] != cards[i]]
    return Searched(
        outcomes=[judged(e, c, site, base, pages) for e, c in zip(entries, cards)],
        opened_as_link=judged(entries[0], in_page[0], site, base, pages),
        message_cards=cards[len(entries):],
        compared=len(in_page),
        mismatches=mismatches,
        first_load=first_load,
    )


def difference(query: str, in_page: list[list[Link]], worked_out: list[list[Link]]) -> str:
    """The first card where what the page drew and drawn() differ, both said in full."""
    k = next((i for i, (x, y) in enumerate(zip(in_page, worked_out)) if x != y), min(len(in_page), len(worked_out)))

    def card(cards: list[list[Link]]) -> str:
        if k >= len(cards):
            return "no card"
        return ", ".join(f"{link.href}{' (folded)' if link.folded else ''} {link.score}" for link in cards[k])

    return (f"{query[:80]!r}: card {k + 1} ({len(in_page)} drawn in the page, {len(worked_out)} by drawn())\n"
            f"    in the page: {card(in_page)}\n    drawn():     {card(worked_out)}")


def judged(entry: dict, cards: list[list[Link]], site: Path, base: str, pages: dict[str, str]) -> Outcome:
    """The outcome of one query from the cards drawn for it."""
    o = Outcome(entry["kind"], entry["query"], entry["source"],
                [a for a in entry["answers"] if exists(site, a)], [a for a in entry["answers"] if not exists(site, a)])
    o.results = seen_results(cards, base, pages)
    if not o.missing:
        got = [r.target for r in o.results]
        o.hit1 = bool(got) and got[0] in o.answers
        o.hit3 = any(t in o.answers for t in got[:SEEN])
    return o


def summary(outcomes: list[Outcome]) -> dict:
    out = {}
    for kind in (*KINDS, "all"):
        sel = [o for o in outcomes if kind == "all" or o.kind == kind]
        judged = [o for o in sel if o.judged]
        n, h1, h3 = len(judged), sum(o.hit1 for o in judged), sum(o.hit3 for o in judged)
        out[kind] = {"queries": len(sel), "judged": n, "hit1": h1, "hit3": h3,
                     "hit1_rate": h1 / n if n else None, "hit3_rate": h3 / n if n else None}
    return out


def report(outcomes: list[Outcome], stats: dict, first_load: dict, out=sys.stdout) -> None:
    p = functools.partial(print, file=out)
    p(f"| Kind | Judged | hit@1 (goal {GOAL_HIT1:.0%}) | hit@3 (goal {GOAL_HIT3:.0%}) |")
    p("|---|---|---|---|")
    for kind, s in stats.items():
        if s["judged"]:
            p(f"| {kind} | {s['judged']} | {s['hit1']} ({s['hit1_rate']:.0%}) | {s['hit3']} ({s['hit3_rate']:.0%}) |")
    misses = [o for o in outcomes if o.judged and not o.hit1]
    if misses:
        p(f"\nNot first ({len(misses)}); * = not in the first {SEEN} either:")
    for o in misses:
        came = ", ".join(r.target for r in o.results[:SEEN]) or "no results"
        p(f"{'*' if not o.hit3 else ' '} [{o.kind}] {one_line(o.query)[:90]!r}\n"
          f"    wanted {', '.join(o.answers)}\n    got    {came}")
    unjudged = [o for o in outcomes if not o.judged]
    if unjudged:
        p(f"\nNot judged: an answer is not in the built site ({len(unjudged)}):")
        for o in unjudged:
            p(f"  [{o.kind}] {one_line(o.query)[:70]!r} -> {', '.join(o.missing)}")
    if first_load:
        search = {k: v for k, v in first_load.items() if "search" in k or "worker" in k}
        p(f"\nFirst search loaded {sum(first_load.values()) / 1000:.1f} KB in {len(first_load)} responses "
          f"(compressed as sent); search files: " + ", ".join(f"{k} {v / 1000:.1f} KB" for k, v in sorted(search.items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="a built site to measure instead of building one")
    ap.add_argument("--queries", type=Path, default=QUERIES)
    ap.add_argument("--json", type=Path, default=cache(ROOT) / "bench-search.json")
    ap.add_argument("--kind", choices=KINDS, help="only this kind of query")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: {INSTALL}")
    from playwright.sync_api import sync_playwright

    entries = [e for e in load_queries(args.queries) if not args.kind or e["kind"] == args.kind]
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            started = time.monotonic()
            result = build(ROOT, site)
            if result.returncode:
                sys.exit(f"mkdocs build failed:\n{errors(result)}")
            print(f"built {ROOT} in {time.monotonic() - started:.1f} s", file=sys.stderr)
        base, httpd = serve(site)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                started = time.monotonic()
                searched = run(browser, base, site, entries)
                print(f"{len(entries)} queries in {time.monotonic() - started:.1f} s, {searched.compared} of them drawn in the page too",
                      file=sys.stderr)
                browser.close()
        finally:
            httpd.shutdown()
    outcomes, first_load = searched.outcomes, searched.first_load
    stats = summary(outcomes)
    report(outcomes, stats, first_load)
    if searched.mismatches:
        print(f"\nDrawn in the page unlike drawn() ({len(searched.mismatches)} of {searched.compared}):\n" + "\n".join(searched.mismatches))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"summary": stats, "first_search_bytes": first_load,
                                     "queries": [asdict(o) for o in outcomes]}, indent=1, ensure_ascii=False))
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 1 if searched.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
