"""The performance page agrees with the measurements committed next to it.

bench/conversions.py (`make bench`) measures and writes docs/workflows/performance/:
results.json, the plots, and the numbers block of the page. These tests measure
nothing. They check that the data has the expected shape, that the page shows the
plots and the numbers block that results.json gives, and that every sentence of the
page that states a measured result holds for results.json. A sentence that looks like
a measured result (a number, a comparison) and is not listed in CLAIMS or NOT_MEASURED
fails the suite, and so does a listed sentence that is no longer on the page: changing
the text of a claim means changing its check here too.
"""

from __future__ import annotations

import datetime
import json
import math
import re

import pytest

from conftest import ROOT, load_bench

PAGE = ROOT / "docs" / "workflows" / "performance.md"
ASSETS = ROOT / "docs" / "workflows" / "performance"
RESULTS = ASSETS / "results.json"



bench = load_bench("conversions")
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
    "runs `bench/conversions.py`: it takes under two minutes and up to 3 GB of memory.": lambda: (
        R["run_seconds"] < 120 and (R["peak_memory_bytes"] is None or R["peak_memory_bytes"] <= 3 * GB)
    ),
}

# Sentences that look like measured results but are not about results.json, and why.
NOT_MEASURED = {
    "If `torch.tensor` copies much more slowly than `np.copy` on your Linux machine, and its page-fault count "
    "is hundreds of times higher, try:": "advice for the reader's own numbers",
    "Copies: bandwidth and page faults": "a heading that names the topics of its section",
    "PyTorch's CPU allocator asks for them only when the environment variable `THP_MEM_ALLOC_ENABLE` is set "
    "to `1`.": "how PyTorch's allocator works (c10/core/impl/alloc_cpu.cpp); the numbers block shows its effect",
}

# What makes a sentence look like a measured result.
LOOKS_MEASURED = re.compile(
    r"\d|\b(times|faster|slower|longer|shorter|more than|less than|same time|the same at|flat|rise|grows|"
    r"far|microseconds?|milliseconds?|bandwidth)\b",
    re.I,
)


# ------------------------------------------------------------ reading the page


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_sentences() -> list[str]:
    """Every sentence a reader sees outside code and the generated numbers: prose, headings, alt texts."""
    text = TEXT
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    description = re.search(r"^description:\s*(.*)$", front, re.M).group(1)
    body = re.sub(re.escape(bench.START) + r".*?" + re.escape(bench.END), "", body, flags=re.S)
    body = re.sub(r"^```.*?^```", "", body, flags=re.S | re.M)  # code and output blocks
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    alts = re.findall(r"!\[([^\]]*)\]\([^)]*\)", body)
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "", body)  # an image and its size
    headings = [re.sub(r"\s*\{[^}]*\}\s*$", "", h) for h in re.findall(r"^#+ (.*)$", body, re.M)]
    body = re.sub(r"^#+ .*$", "", body, flags=re.M)
    body = re.sub(r"^[ \t]*[-*] ", "", body, flags=re.M)  # list items read as sentences
    sentences = list(headings)
    for chunk in [description, *alts, *re.split(r"\n\s*\n", body)]:
        chunk = normal(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", chunk))  # a link reads as its text
        sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Za-z`\"'])", chunk) if s]
    return sentences


def page_has(sentence: str) -> bool:
    return sentence in visible_sentences()


# ------------------------------------------------------------ tests


@pytest.mark.parametrize("sentence", list(CLAIMS), ids=lambda s: s[:60])
def test_claim_is_on_the_page_and_holds(sentence):
    assert page_has(sentence), f"docs/workflows/performance.md no longer says: {sentence!r}; update CLAIMS"
    assert CLAIMS[sentence](), f"results.json contradicts the page: {sentence!r}"


def test_every_measured_sentence_is_checked():
    unchecked = [
        s for s in visible_sentences() if LOOKS_MEASURED.search(s) and s not in CLAIMS and s not in NOT_MEASURED
    ]
    assert not unchecked, (
        "sentences on docs/workflows/performance.md that state a result but have no check in "
        "tests/test_performance.py CLAIMS (or a reason in NOT_MEASURED):\n" + "\n".join(unchecked)
    )


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
    assert total < 300 * 1024, f"{total / 1024:.0f} KB"
    for svg in ASSETS.glob("*.svg"):
        assert svg.stat().st_size < 60 * 1024, svg.name
        assert "fill: #ffffff" not in svg.read_text(encoding="utf-8"), f"{svg.name}: opaque white background"
