"""Search quality on real queries (`make bench-search`): hit@1 and hit@3, errors and questions.

The first query of tests/search_queries.yaml is opened as a wiki link opens it, `/?q=<query>`,
in Chromium, through the site's own search (served gzipped, as a web host does); the
others are entered into that open search box, as a reader searching again does (the same
search, one page load instead of one per query): the box's text set, then the key event
Material searches on, several queries in one script (ENTER_QUERIES).
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
into a temporary folder unless --site names a built one.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

from ..browser import CHROMIUM, INSTALL, launch, tab
from ..build import build, errors
from ..paths import cache, page_url, project_root
from ..server import serve

ROOT = project_root()
QUERIES = ROOT / "tests" / "search_queries.yaml"
KINDS = ("error", "question")
GOAL_HIT1, GOAL_HIT3 = 0.90, 1.00  # per kind: the first result, and one of the first SEEN
SEEN = 3  # results that count for hit@3

# The results a reader sees, in order: per card, the page link (with its score) and the
# sections shown under it, not those folded under "N more on this page".
READ_RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item => {
  const links = [...item.querySelectorAll(':scope > a.md-search-result__link')];
  return links.map(a => {
    const art = a.querySelector('article');
    const p = art.querySelector('p:not(.md-search-result__terms)');
    return {href: a.href, score: parseFloat(art.dataset.mdScore || '0'),
            title: (art.querySelector('h1, h2') || art).textContent.trim(),
            text: p ? p.textContent.trim() : ''};
  });
})"""

# Done: the meta line counts matching documents (it says "Initializing search" or
# "Type to start searching" before) and the query is in the box. Material writes the meta
# line, empties the list and appends the first ten results in the one task that handles the
# worker's answer (components/search/result: one push$ feeds all three, and
# `of(...items.slice(0, 10))` is synchronous); this is evaluated in a later task, so when it
# holds the list is whole, and READ_RESULTS reads no layout: nothing to wait for.
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
QUERIES_PER_SCRIPT = 8  # a line of progress for every few queries (make bench-search)


def entered(page, queries: list[str], read: str = READ_RESULTS, timeout_ms: int = 20000):
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


def seen_results(cards: list[list[dict]], base: str, pages: dict[str, str]) -> list[Result]:
    """Results in the order a reader sees them (see the module docstring)."""
    out = []
    for links in cards:
        if not links:
            continue
        parent, sections = links[0], links[1:]
        if not sections or parent["score"] >= max(s["score"] for s in sections):
            out.append(Result(target_of(parent["href"], base, pages), parent["score"], parent["title"], parent["text"]))
        out += [Result(target_of(s["href"], base, pages), s["score"], s["title"], s["text"]) for s in sections]
    return out


def run(browser, base: str, site: Path, entries: list[dict], timeout_ms: int = 20000,
        progress=None, then=None) -> tuple[list[Outcome], dict]:
    """Every query through the site's search; (outcomes, bytes the first search loaded, by path). then(page), if
    given, is called in the same tab once every query is judged: more can be searched there without loading search
    again (in a new tab, loading the index and building the search worker's costs 1.1-1.3 CPU seconds)."""
    pages = site_pages(site)
    outcomes, first_load = [], {}
    with tab(browser) as page:
        loaded = {}

        def note(request):
            response = request.response()
            length = response.headers.get("content-length") if response else None
            # As sent: gzip's length from the header (a worker's own requests report no body size).
            loaded[urlparse(request.url).path] = int(length) if length else request.sizes()["responseBodySize"]

        page.on("requestfinished", note)
        first, *others = [one_line(e["query"]) for e in entries]
        page.goto(base + "?q=" + quote(first, safe=""))
        page.wait_for_function(SEARCH_DONE, arg=first, timeout=timeout_ms)
        first_cards = page.evaluate(READ_RESULTS)
        first_load = dict(loaded)
        page.remove_listener("requestfinished", note)
        for entry, cards in zip(entries, itertools.chain([first_cards], entered(page, others, timeout_ms=timeout_ms))):
            outcomes.append(judged(entry, cards, site, base, pages))
            if progress:
                progress(len(outcomes), len(entries), outcomes[-1])
        if then is not None:
            then(page)
    return outcomes, first_load


def judged(entry: dict, cards, site: Path, base: str, pages: dict[str, str]) -> Outcome:
    """The outcome of one query from the result cards it drew (READ_RESULTS)."""
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
                tty = sys.stderr.isatty()  # a counter on a terminal only, not in a log
                counter = tty and (lambda i, n, o: print(f"\r{i}/{n}", end="", file=sys.stderr))
                outcomes, first_load = run(browser, base, site, entries, progress=counter)
                print(f"{chr(13) if tty else ''}{len(entries)} queries in {time.monotonic() - started:.1f} s", file=sys.stderr)
                browser.close()
        finally:
            httpd.shutdown()
    stats = summary(outcomes)
    report(outcomes, stats, first_load)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"summary": stats, "first_search_bytes": first_load,
                                     "queries": [asdict(o) for o in outcomes]}, indent=1, ensure_ascii=False))
    print(f"\nwrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
