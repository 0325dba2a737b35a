"""The performance page agrees with the measurements committed next to it.

`make bench` (verified_guide.benchmarks.conversions) measures and writes
docs/workflows/performance/: results.json, the plots, and the numbers block of the page.
These tests measure nothing. They check that the data has the expected shape, that the
page shows the plots and the numbers block that results.json gives, and that EVERY
sentence a reader sees on the page is either a claim in CLAIMS, checked against
results.json, or listed in NOT_MEASURED with the reason it states no measured result.
A sentence in neither fails the suite, and so does one in NOT_MEASURED that compares
(faster, twice, beats, …: prose.COMPARATIVE): a comparison is a claim, checked or gone.
A listed sentence that is no longer on the page fails too: changing the text of a claim
means changing its check here.
"""

from __future__ import annotations

import datetime
import json
import math
import re

import pytest

from verified_guide import prose
from verified_guide.benchmarks import conversions as bench
from verified_guide.benchmarks.common import BENCHMARK_PAGE_BYTES, PLOT_BYTES
from verified_guide.paths import project_root

ROOT = project_root()
PAGE = ROOT / "docs" / "workflows" / "performance.md"
ASSETS = ROOT / "docs" / "workflows" / "performance"
RESULTS = ASSETS / "results.json"
KB, MB, GB = bench.KB, bench.MB, bench.GB
R = json.loads(RESULTS.read_text(encoding="utf-8"))
TEXT = PAGE.read_text(encoding="utf-8")


# ------------------------------------------------------------ helpers over results.json


def at(name: str, nbytes: int) -> float:
    return R["ops"][name]["median_s"][R["sizes"].index(nbytes)]


def spread(name: str, a: int = KB, b: int = GB) -> float:
    """How many times longer the slower of the two sizes took."""
    x, y = at(name, a), at(name, b)
    return max(x, y) / min(x, y)


VIEWS = ("torch.from_numpy(a)", "torch.as_tensor(a)", "torch.asarray(a)")
BACK = ("t.numpy()", "np.asarray(t)")
COPIES = ("torch.tensor(a)", "torch.asarray(a, copy=True)")
LIST = R["list_of_arrays"]["median_s"]
SLOW_LIST = LIST["torch.tensor(arrays)"]


def views_flat() -> bool:
    return all(spread(name) <= 3 for name in VIEWS + BACK)


def copies_rise() -> bool:
    return all(at(name, GB) > 1000 * at(name, KB) for name in COPIES + ("np.copy(a)",))


# ------------------------------------------------------------ the claims

# Each sentence exactly as the page says it (whitespace aside), and what must hold for it.
CLAIMS = {
    # front matter
    "Measured costs of NumPy ⇄ PyTorch conversions from 1 KB to 1 GB.": lambda: (
        R["sizes"][0] == KB and R["sizes"][-1] == GB
    ),
    "torch.from_numpy and .numpy() take the same time at any size; torch.tensor pays for a copy and, "
    "on Linux, for page faults; a list of arrays needs np.stack first.": lambda: (
        views_flat()
        and copies_rise()
        and (R["page_faults_1gb"]["torch.tensor(a)"] or 0) >= GB // (4 * KB)
        and LIST["torch.from_numpy(np.stack(arrays))"] * 10 < SLOW_LIST
    ),
    # opening
    "`torch.from_numpy(a)` and `t.numpy()` do not copy, so they cost a few microseconds whatever the size "
    "of the array.": lambda: all(
        max(R["ops"][name]["median_s"]) < 10e-6 for name in ("torch.from_numpy(a)", "t.numpy()")
    ),
    "`torch.tensor(a)` copies, and its cost grows with the array.": lambda: (
        at("torch.tensor(a)", KB) < at("torch.tensor(a)", MB) < at("torch.tensor(a)", GB)
    ),
    # views
    "Views cost the same at every size": views_flat,
    "Log-log plot of the median time per call against array size, from 1 KB to 1 GB.": lambda: (
        R["sizes"][0] == KB and R["sizes"][-1] == GB
    ),
    "The lines of torch.from_numpy, torch.as_tensor and torch.asarray stay flat; the lines of torch.tensor, "
    "torch.asarray with copy=True and np.copy rise with the size.": lambda: views_flat() and copies_rise(),
    "`torch.from_numpy`, `torch.as_tensor` and `torch.asarray` took the same time at 1 KB as at 1 GB, "
    "within a factor of 3.": lambda: all(spread(name) <= 3 for name in VIEWS),
    "`t.numpy()` and `np.asarray(t)` also took the same time at 1 KB as at 1 GB, within a factor of 3.": lambda: all(
        spread(name) <= 3 for name in BACK
    ),
    "At 1 GB, `torch.tensor(a)` took more than 10,000 times as long as `torch.from_numpy(a)`.": lambda: (
        at("torch.tensor(a)", GB) > 10_000 * at("torch.from_numpy(a)", GB)
    ),
    "`torch.tensor(a)` and `torch.asarray(a, copy=True)` took more than 1,000 times as long at 1 GB as "
    "at 1 KB.": lambda: all(at(name, GB) > 1000 * at(name, KB) for name in COPIES),
    "`torch.as_tensor` took longer than `torch.from_numpy` at every size, but by less than 5 µs.": lambda: all(
        0 < s - f < 5e-6
        for s, f in zip(R["ops"]["torch.as_tensor(a)"]["median_s"], R["ops"]["torch.from_numpy(a)"]["median_s"])
    ),
    "That is less than `torch.tensor(a)` took at any size, 1 KB included: choose between them for what they do "
    "(see NumPy → PyTorch), not for speed.": lambda: max(
        s - f for s, f in zip(R["ops"]["torch.as_tensor(a)"]["median_s"], R["ops"]["torch.from_numpy(a)"]["median_s"])
    ) < min(R["ops"]["torch.tensor(a)"]["median_s"]),
    # copies
    "Copy bandwidth in GB/s against array size, from 1 KB to 1 GB, for torch.tensor, torch.asarray with "
    "copy=True and np.copy, and for torch.tensor with THP_MEM_ALLOC_ENABLE=1 from 4 MB up.": lambda: (
        R["sizes"][0] == KB and R["sizes"][-1] == GB and R["thp"] is not None and R["thp"]["sizes"][0] == 4 * MB
    ),
    "With 4 KB pages, a 1 GB array needs 262,144 of them.": lambda: GB // (4 * KB) == 262_144,
    'On Linux, NumPy asks the kernel for "transparent huge pages" of 2 MB for large arrays: 512 pages for '
    "1 GB instead of 262,144.": lambda: GB // (2 * MB) == 512 and GB // (4 * KB) == 262_144,
    # a list of arrays
    "Bar chart of the median time to make one tensor from 1,000 arrays of 1,000 float32 each: "
    "torch.tensor(arrays) takes far longer than torch.from_numpy(np.stack(arrays)) or torch.stack over "
    "torch.from_numpy views.": lambda: (
        (R["list_of_arrays"]["count"], R["list_of_arrays"]["length"]) == (1000, 1000)
        and all(10 * v < SLOW_LIST for k, v in LIST.items() if k != "torch.tensor(arrays)")
    ),
    "Stacking with `np.stack` and then calling `torch.from_numpy` was more than 10 times as fast as "
    "`torch.tensor(arrays)`.": lambda: 10 * LIST["torch.from_numpy(np.stack(arrays))"] < SLOW_LIST,
    "`torch.stack` over `torch.from_numpy` views was more than 10 times as fast as `torch.tensor(arrays)` "
    "too.": lambda: 10 * LIST["torch.stack([torch.from_numpy(x) for x in arrays])"] < SLOW_LIST,
    # rerun
    "runs the benchmark (`src/verified_guide/benchmarks/conversions.py`): it takes under two minutes and up to "
    "3 GB of memory.": lambda: (
        R["run_seconds"] < 120 and (R["peak_memory_bytes"] is None or R["peak_memory_bytes"] <= 3 * GB)
    ),
}

# Every other sentence on the page, and why it states no measured result.
NOT_MEASURED = {
    "Performance": "the title",
    "Views cost the same at every size": "a heading: CLAIMS check the sentences of its section",
    "Copies: bandwidth and page faults": "a heading that names the topics of its section",
    "Huge pages and `THP_MEM_ALLOC_ENABLE`": "a heading",
    "A list of arrays": "a heading",
    "The numbers": "a heading: the generated block under it is checked against results.json",
    "Run it on your machine": "a heading",
    "Rerun with make bench.": "how to measure",
    "For a list of arrays, stack them with NumPy first:": "advice, followed by the code it means",
    "The numbers on this page come from the guide's conversion benchmark; run it to measure your own machine.":
        "where the numbers come from",
    "`torch.from_numpy`, `torch.as_tensor` and `torch.asarray` wrap the array's memory in a tensor, whatever its size.":
        "what the calls do, shown by the examples of NumPy → PyTorch",
    "`torch.tensor(a)` and `torch.asarray(a, copy=True)` allocate new memory and copy every byte, like `np.copy(a)`:":
        "what the calls do, shown by the examples of NumPy → PyTorch",
    "On the machine of the committed data:": "introduces the claims that follow",
    "A copy reads every byte of the array and writes every byte of new memory:": "what a copy is",
    "New memory comes from the operating system one page at a time.": "how an operating system hands out memory",
    "The first write to each page stops the program while the kernel finds a page and fills it with zeros: a page "
    "fault.": "what a page fault is",
    "PyTorch's CPU allocator asks for them only when the environment variable `THP_MEM_ALLOC_ENABLE` is set to "
    "`1`.": "how PyTorch's allocator works (c10/core/impl/alloc_cpu.cpp); the numbers block shows its effect",
    "The benchmark measures the large copies both ways, and counts the page faults of one call: the two bullet points "
    "at the end of the numbers are what it found.": "what the benchmark measures",
    "If `torch.tensor` copies much more slowly than `np.copy` on your Linux machine, and its page-fault count "
    "is hundreds of times higher, try:": "advice for the reader's own numbers",
    "The kernel's setting, in `/sys/kernel/mm/transparent_hugepage/enabled`, decides whether the request counts.":
        "how Linux's setting works (its documentation, admin-guide/mm/transhuge)",
    "With `madvise`, only memory that asks gets huge pages, and the variable matters.": "how Linux's setting works",
    "With `always`, large allocations get them without asking; with `never`, none does.": "how Linux's setting works",
    "On macOS and Windows the variable does nothing.": "PyTorch reads it only on Linux (c10/core/impl/alloc_cpu.cpp)",
    "Or avoid the copy: `torch.from_numpy` makes none.": "advice; that the call copies nothing is shown by the "
    "examples of NumPy → PyTorch",
    "`torch.tensor(arrays)` treats a list of arrays as nested sequences and reads them element by element.":
        "what the call does; the warning the block below prints says so",
    "`np.stack(arrays)` copies them into one array in one pass, and `torch.from_numpy` wraps that without a copy:":
        "what the calls do, followed by the code",
    "PyTorch warns about the slow path, but only the first time in a process, even with "
    '`warnings.simplefilter("always")`.': "shown by the block of this section",
    "The result is the same tensor:": "shown by the block that follows",
    "It writes the medians, the machine and the versions to `performance/results.json`, redraws the three plots, "
    "and rewrites the numbers above.": "what the benchmark writes",
    "Each number is the median of several `timeit` repeats.": "how the benchmark measures",
    "Close other programs first, and compare only runs made on the same machine.": "advice",
    "Here train.py stands for your own program.": "what the command above means",
    "`make test` then checks every sentence on this page against the new numbers: each one that states a result "
    "must hold for them.": "what the tests do",
}


# ------------------------------------------------------------ reading the page


def visible_sentences() -> list[str]:
    """Every sentence a reader sees outside code and the generated numbers: prose, headings, alt texts."""
    return prose.visible_sentences(prose.without(TEXT, bench.START, bench.END))


def page_has(sentence: str) -> bool:
    return prose.normal(sentence) in visible_sentences()


# ------------------------------------------------------------ tests


@pytest.mark.parametrize("sentence", list(CLAIMS), ids=lambda s: s[:60])
def test_claim_is_on_the_page_and_holds(sentence):
    assert page_has(sentence), f"docs/workflows/performance.md no longer says: {sentence!r}; update CLAIMS"
    assert CLAIMS[sentence](), f"results.json contradicts the page: {sentence!r}"


def test_every_sentence_is_a_checked_claim_or_says_why_it_is_not_one():
    listed = {prose.normal(s) for s in [*CLAIMS, *NOT_MEASURED]}
    unlisted = [s for s in visible_sentences() if s not in listed]
    assert not unlisted, (
        "sentences on docs/workflows/performance.md with neither a check in tests/content/test_performance.py "
        "CLAIMS nor a reason in NOT_MEASURED:\n" + "\n".join(unlisted)
    )


def test_no_sentence_compares_without_a_check():
    comparing = [s for s in NOT_MEASURED if prose.COMPARATIVE.search(s)]
    assert not comparing, f"these compare, so they are claims: move them to CLAIMS with a check: {comparing}"


def test_not_measured_sentences_are_on_the_page():
    missing = [s for s in NOT_MEASURED if not page_has(s)]
    assert not missing, missing


def test_numbers_block_is_generated_from_results():
    start, end = TEXT.find(bench.START), TEXT.find(bench.END)
    assert 0 <= start < end, "the page lost its bench:table markers"
    shown = TEXT[start : end + len(bench.END)]
    assert shown == bench.render(R), "the numbers on the page differ from results.json: run `make bench`"


def test_results_shape():
    assert R["schema"] == 1
    assert R["sizes"] == [KB * 4**k for k in range(11)]
    assert R["dtype"] == "float32"
    assert set(R["ops"]) == set(bench.OPS)
    for name, op in R["ops"].items():
        assert op["kind"] == bench.OPS[name][0]
        assert len(op["median_s"]) == len(R["sizes"]), name
        assert all(math.isfinite(s) and s > 0 for s in op["median_s"]), name
    assert set(LIST) == set(bench.LIST_OPS) and all(s > 0 for s in LIST.values())
    thp = R["thp"]
    if thp is not None:
        assert thp["sizes"] == [s for s in R["sizes"] if s >= bench.THP_MIN_SIZE]
        for name in bench.THP_OPS:
            assert len(thp["median_s"][name]) == len(thp["sizes"])
            assert all(s > 0 for s in thp["median_s"][name])
    assert set(R["page_faults_1gb"]) == {n for n in bench.OPS if bench.OPS[n][0] != "view"}
    assert R["run_seconds"] > 0


def test_results_name_machine_versions_and_date():
    m, v = R["machine"], R["versions"]
    assert m["platform"] and m["cores"] >= 1 and m["torch_threads"] >= 1
    assert "cpu" in m and "transparent_hugepage" in m and set(m["load_average"]) == {"start", "end"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", v["python"])
    assert v["torch"] and v["numpy"]
    datetime.date.fromisoformat(R["date"])
    assert R["timer"]


def test_plots_exist_and_are_shown():
    shown = re.findall(r"!\[([^\]]+)\]\((performance/[^)]+)\)", TEXT)
    assert shown, "the page shows no plot"
    for alt, target in shown:
        assert (PAGE.parent / target).is_file(), target
        assert len(alt) > 40, f"{target}: alt text too short to describe the plot"
    on_disk = {f"performance/{p.name}" for p in ASSETS.iterdir() if p.suffix in (".svg", ".png")}
    assert on_disk == {target for _, target in shown}, "a plot is missing from the page, or from the folder"
    assert "(performance/results.json)" in TEXT


def test_page_and_assets_are_small():
    total = PAGE.stat().st_size + sum(p.stat().st_size for p in ASSETS.iterdir())
    assert total < BENCHMARK_PAGE_BYTES, f"{total / 1024:.0f} KB"
    for svg in ASSETS.glob("*.svg"):
        assert svg.stat().st_size < PLOT_BYTES, svg.name
        assert "fill: #ffffff" not in svg.read_text(encoding="utf-8"), f"{svg.name}: opaque white background"
