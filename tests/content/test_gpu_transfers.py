"""The GPU transfer page agrees with its benchmark and with the results it wrote, if any.

`make bench-gpu` (verified_guide.benchmarks.gpu_transfers) needs a CUDA GPU; these tests need none and
measure nothing. They check that the script refuses to run without a GPU (exit code 2,
a clear message, nothing written); that the page says "No results yet" and shows no
number, plot or claim about speed while docs/gpu/transfer-speed/results.json does not
exist; and, once it does, that results.json has the expected shape and the page shows
exactly the block and the plots the script renders from it. The second case is also
checked now, on a made-up results.json in a temporary folder.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
import types

import pytest

from verified_guide import prose as prose_
from verified_guide.benchmarks import gpu_transfers as bench
from verified_guide.benchmarks.common import PLOT_BYTES
from verified_guide.paths import project_root

ROOT = project_root()
PAGE = ROOT / "docs" / "gpu" / "transfer-speed.md"
ASSETS = ROOT / "docs" / "gpu" / "transfer-speed"
RESULTS = ASSETS / "results.json"
KB, MB, GB = bench.KB, bench.MB, bench.GB
TEXT = PAGE.read_text(encoding="utf-8")
R = bench.load_results(RESULTS)


def generated(text: str) -> str:
    start, end = text.find(bench.START), text.find(bench.END)
    assert 0 <= start < end, "the page lost its bench:gpu markers"
    return text[start : end + len(bench.END)]


def outside_generated(text: str) -> str:
    return text.replace(generated(text), "")


def prose(text: str) -> str:
    """What a reader (or a search engine) reads: the description and the text, without code or HTML comments."""
    if text.startswith("---\n"):
        front, _, text = text.removeprefix("---\n").partition("\n---\n")
        text = "\n".join(re.findall(r"^description:\s*(.*)$", front, re.M) + [text])
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def images(text: str) -> list[tuple[str, str]]:
    return re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)


# A measured result: a bandwidth, a time, a ratio, or a comparison of speeds.
MEASURED = re.compile(r"\d[\d.,]*\s*(GB/s|MB/s|×|µs|ms|s)\b|\b(faster|slower|times as (fast|long)|quicker)\b", re.I)

# The parts of "How it is timed" that name a duration: settings of the script, not results
# (test_the_method_on_the_page_is_the_script_s checks them against its constants).
METHOD = [
    f"A batch lasts at least {bench.MIN_BATCH_S * 1e3:.0f} ms, or holds {bench.MAX_BATCH:,} copies",
    f"the median of {bench.REPEATS_FAST} batches, or of {bench.REPEATS_SLOW} when the slowest copy of that "
    f"size takes {bench.FAST_COPY_S * 1e3:.0f} ms or more",
    "its ratio to the best figure measured in the same direction",  # how the tables read, not a result
]


def measured(text: str) -> str | None:
    """The first thing in the reader's text that looks like a measured result, or compares in words, if any."""
    text = re.sub(r"\s+", " ", prose(text))
    for phrase in METHOD:
        text = text.replace(phrase, "")
    found = MEASURED.search(text) or prose_.COMPARATIVE.search(text)
    return found[0] if found else None


def fake_torch(available: bool, cuda_build: str | None = None):
    return types.SimpleNamespace(
        __version__="2.13.0+cpu" if cuda_build is None else "2.13.0",
        version=types.SimpleNamespace(cuda=cuda_build),
        cuda=types.SimpleNamespace(is_available=lambda: available),
    )


def synthetic() -> dict:
    """A results.json as a run on a GPU would write it, with made-up but plausible numbers."""
    peak = {"h2d-pageable": 9.0, "h2d-pinned": 24.0, "h2d-pinned-non-blocking": 25.0,
            "d2h-pageable": 7.0, "d2h-pinned": 26.0}
    series = {}
    for key, (direction, memory, non_blocking, call, _) in bench.SERIES.items():
        medians = [20e-6 + n / (peak[key] * 1e9) for n in bench.SIZES]  # a fixed cost, then the bandwidth
        series[key] = {
            "direction": direction, "memory": memory, "non_blocking": non_blocking, "call": call,
            "median_s": medians, "gb_per_s": [bench.round_sig(n / s / 1e9) for n, s in zip(bench.SIZES, medians)],
        }
    return {
        "schema": 1,
        "date": "2030-01-02",
        "gpu": {"name": "Example GPU 80GB", "index": 0, "count": 1, "capability": "9.0",
                "total_memory_bytes": 80 * GB, "driver": "999.1", "pcie_gen_max": 5, "pcie_width_max": 16},
        "machine": {"platform": "Linux-example", "machine": "x86_64", "cpu": "Example CPU", "cores": 16,
                    "load_average": {"start": 0.5, "end": 0.7}},
        "versions": {"python": "3.11.7", "torch": "2.13.0", "numpy": "2.4.6", "cuda": "12.9",
                     "cuda_driver": "13.0"},
        "timer": "CUDA events",
        "dtype": "float32",
        "sizes": bench.SIZES,
        "repeats": [bench.REPEATS_FAST] * 8 + [bench.REPEATS_SLOW] * 2,
        "series": series,
        "run_seconds": 31.4,
    }


def check_shape(r: dict) -> None:
    assert r["schema"] == 1
    assert r["sizes"] == [4 * KB * 4**k for k in range(10)] == bench.SIZES  # 4 KB to 1 GB, powers of 4
    assert r["dtype"] == "float32"
    assert len(r["repeats"]) == len(r["sizes"]) and all(n >= bench.REPEATS_SLOW for n in r["repeats"])
    assert set(r["series"]) == set(bench.SERIES)
    for key, s in r["series"].items():
        direction, memory, non_blocking, call, _ = bench.SERIES[key]
        assert (s["direction"], s["memory"], s["non_blocking"], s["call"]) == (direction, memory, non_blocking, call)
        assert len(s["median_s"]) == len(s["gb_per_s"]) == len(r["sizes"]), key
        for n, seconds, gbps in zip(r["sizes"], s["median_s"], s["gb_per_s"]):
            assert math.isfinite(seconds) and seconds > 0, key
            assert math.isfinite(gbps) and gbps > 0, key
            assert math.isclose(gbps, n / seconds / 1e9, rel_tol=1e-3), f"{key}: GB/s disagrees with the time"
    g, m, v = r["gpu"], r["machine"], r["versions"]
    assert isinstance(g["name"], str) and g["name"]
    assert re.fullmatch(r"\d+\.\d+", g["capability"]) and g["total_memory_bytes"] > 0
    assert 0 <= g["index"] < g["count"]
    assert {"driver", "pcie_gen_max", "pcie_width_max"} <= set(g)  # None where nvidia-smi was missing
    assert m["platform"] and m["cores"] >= 1 and "cpu" in m and set(m["load_average"]) == {"start", "end"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", v["python"]) and v["torch"] and v["numpy"]
    assert v["cuda"], "torch.version.cuda is missing: results from a build without CUDA?"
    assert "cuda_driver" in v
    datetime.date.fromisoformat(r["date"])
    assert r["timer"] and r["run_seconds"] > 0


# ------------------------------------------------------------ the guard


def test_no_cuda_exits_2_with_a_clear_message(capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.require_cuda(fake_torch(available=False))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("make bench-gpu needs a CUDA GPU: torch.cuda.is_available() is False\n"), err
    assert "built without CUDA" in err


def test_no_gpu_with_a_cuda_build_says_so(capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.require_cuda(fake_torch(available=False, cuda_build="12.9"))
    assert exit_.value.code == 2
    assert "built with CUDA 12.9, but finds no GPU or driver" in capsys.readouterr().err


def test_cuda_available_passes_the_guard():
    assert bench.require_cuda(fake_torch(available=True)) is None


def test_main_without_cuda_writes_nothing(monkeypatch, tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(bench, "import_torch", lambda: fake_torch(available=False))
    monkeypatch.setattr(bench, "PAGE", page)
    monkeypatch.setattr(bench, "OUT", tmp_path / "out")
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "out" / "results.json")
    monkeypatch.setattr(bench, "run", lambda torch: pytest.fail("measured without CUDA"))
    with pytest.raises(SystemExit) as exit_:
        bench.main([])
    assert exit_.value.code == 2
    assert bench.NO_CUDA in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and page.read_text(encoding="utf-8") == TEXT


def test_the_page_quotes_the_guard_message():
    assert f"`make bench-gpu {bench.NO_CUDA}`" in TEXT
    assert f"exits with status {bench.NO_CUDA_EXIT}" in TEXT


# ------------------------------------------------------------ the page as it is now


def test_generated_block_is_what_the_script_renders():
    assert generated(TEXT) == bench.render(R), (
        "the results block of docs/gpu/transfer-speed.md differs from what the benchmark renders: "
        "run `python -m verified_guide.benchmarks.gpu_transfers --render-only`"
    )


def test_no_results_yet_while_there_is_no_results_json():
    if R is not None:  # with results, the test above and the ones below check the page
        assert "No results yet" not in TEXT
        return
    assert '!!! warning "No results yet"' in generated(TEXT)
    assert not images(TEXT), "a plot on the page, but no results.json"
    assert not re.search(r"\d", prose(generated(TEXT))), "a number in the results block, but no results.json"
    assert measured(TEXT) is None, f"a measured-looking result, but no results.json: {measured(TEXT)!r}"
    leftovers = sorted(p.name for p in ASSETS.iterdir()) if ASSETS.exists() else []
    assert not leftovers, f"files in docs/gpu/transfer-speed/ but no results.json: {leftovers}"


def test_results_shape():
    if R is None:
        pytest.skip("no results.json yet (no GPU run): test_synthetic_results_* check the shape on made-up data")
    check_shape(R)


def test_plots_on_the_page_exist_and_are_small():
    shown = images(TEXT)
    assert len(shown) == (0 if R is None else len(bench.PLOTS))
    for alt, target in shown:
        assert (PAGE.parent / target).is_file(), f"{target}: on the page, but not on disk"
        assert len(alt) > 40, f"{target}: alt text too short to describe the plot"
    if R is not None:
        on_disk = {f"transfer-speed/{p.name}" for p in ASSETS.iterdir() if p.suffix in (".svg", ".png")}
        assert on_disk == {target for _, target in shown}, "a plot is missing from the page, or from the folder"
        for svg in ASSETS.glob("*.svg"):
            assert svg.stat().st_size < PLOT_BYTES, svg.name
        assert "(transfer-speed/results.json)" in TEXT


# ------------------------------------------------------------ the page with results, on made-up data


def test_synthetic_results_have_the_shape_the_tests_expect():
    check_shape(synthetic())
    broken = synthetic()
    broken["series"]["h2d-pinned"]["gb_per_s"][3] = float("nan")
    with pytest.raises(AssertionError):
        check_shape(broken)


def test_synthetic_results_render_into_the_page(tmp_path):
    results_path = tmp_path / "results.json"
    results_path.write_text(json.dumps(synthetic(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    r = bench.load_results(results_path)
    check_shape(r)
    page = tmp_path / "transfer-speed.md"
    page.write_text(TEXT, encoding="utf-8")

    bench.update_page(r, page=page)
    text = page.read_text(encoding="utf-8")
    block = generated(text)
    assert block == bench.render(r)
    assert outside_generated(text) == outside_generated(TEXT), "the script changed the page outside its block"
    assert "No results yet" not in text
    assert "Measured on 2030-01-02 on this GPU: **Example GPU 80GB**." in block
    assert "NVIDIA driver 999.1 (supports CUDA up to 13.0); torch built with CUDA 12.9" in block
    assert "torch 2.13.0, NumPy 2.4.6, Python 3.11.7" in block
    assert {target for _, target in images(block)} == {f"transfer-speed/{name}" for name in bench.PLOTS.values()}
    assert all(len(alt) > 40 for alt, _ in images(block))
    # One table per direction: a row per size, a column per series, each figure with its ratio to the best.
    rows = [line for line in block.splitlines() if re.match(r"\| \d+ [KMG]B \|", line)]
    sizes = [f"| {bench.format_size(n)}" for n in bench.SIZES]
    assert [row.split(" | ")[0] for row in rows] == sizes * len(bench.DIRECTIONS)
    per_direction = [sum(s[0] == d for s in bench.SERIES.values()) for d in bench.DIRECTIONS]
    assert [row.count("×)") for row in rows] == [n for n in per_direction for _ in bench.SIZES]
    best_h2d = max(r["series"]["h2d-pinned-non-blocking"]["gb_per_s"])
    assert f"best of the table ({bench.format_gbps(best_h2d)} GB/s, pinned → GPU, `non_blocking=True`, at 1 GB)" in block
    assert rows[-1].endswith("(1.00×) |")  # GPU → pinned at 1 GB is the best device → host figure

    bench.update_page(None, page=page)  # and back: the page without results is the page as it is now
    if R is None:
        assert page.read_text(encoding="utf-8") == TEXT


def test_render_is_deterministic_and_leaves_its_input_alone():
    r = synthetic()
    before = copy.deepcopy(r)
    assert bench.render(r) == bench.render(r)
    assert r == before


# ------------------------------------------------------------ the static text


def test_static_text_states_no_measured_result():
    found = measured(outside_generated(TEXT))
    assert found is None, f"the page states a result outside the generated block: {found!r}"
    for claim in ("took 12 ms", "25 GB/s", "pinned is faster", "pinned memory is twice as fast", "pinned beats pageable"):
        assert measured(claim), claim  # the check works


def test_every_series_is_described_on_the_page():
    for key, (_, _, _, call, label) in bench.SERIES.items():
        assert f"`{call}`" in TEXT, key
        assert f"| {bench.label(key)} | `{call}` |" in TEXT, key


def test_the_method_on_the_page_is_the_script_s():
    text = re.sub(r"\s+", " ", TEXT)
    assert f"powers of 4 from {bench.format_size(bench.SIZES[0])} to {bench.format_size(bench.SIZES[-1])}" in text
    assert bench.SIZES == [bench.SIZES[0] * 4**k for k in range(len(bench.SIZES))]
    for phrase in METHOD:
        assert phrase in text, phrase
    assert f"At {bench.format_size(bench.SIZES[-1])} it holds four {bench.format_size(bench.SIZES[-1])} tensors" in text


def test_front_matter_headings_and_code_blocks():
    front = TEXT.removeprefix("---\n").partition("\n---\n")[0]
    description = re.search(r"^description:\s*(.*)$", front, re.M).group(1)
    assert len(description) >= 50 and "placeholder" not in description
    assert TEXT.count("\n# Measured transfer speed\n") == 1
    headings = re.findall(r"^#{2,} .*$", TEXT, re.M)
    assert headings and all(re.search(r"\{ #[a-z0-9-]+ \}$", h) for h in headings), headings
    assert "## Results { #results }" in headings
    fences = re.findall(r"^```(\S*)", TEXT, re.M)
    assert "python" not in fences and "sh" in fences
    assert "```sh\nmake bench-gpu\n```" in TEXT
