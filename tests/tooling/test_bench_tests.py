"""`make bench-tests` reports each run's CPU time beside its seconds, and what the CPU time bounds."""

from verified_guide.benchmarks import suite


def run(cpu: dict) -> dict:
    names = ["every example once", "one full build", "fresh", "warm", "edited", "examples of page", "build after edit"]
    seconds = [50, 80, 300, 10, 40, 2, 6]
    return {
        "timings": [{"name": n, "seconds": s, "detail": "", "load": (1.0, 2.0), "cpu": cpu.get(n)} for n, s in zip(names, seconds)],
        "floor": 130, "edited_floor": 8, "fresh_ratio": 300 / 130, "warm": 10, "edited_ratio": 5.0,
        "page": "start/quickstart.md", "cores": 2, "fresh_seconds": 300,
        "fresh_cpu": cpu.get("fresh"),
        "floor_cpu": cpu["every example once"] + cpu["one full build"] if "one full build" in cpu else None,
        "edited_cpu": cpu.get("edited"),
    }


def test_the_table_shows_cpu_seconds_and_the_bound_they_set():
    text = suite.table(run({"every example once": 60, "one full build": 140, "fresh": 540, "edited": 72}))
    assert "| fresh | 300 | 540 | 1.0 → 2.0 |" in text
    assert "After the edit, 72 CPU seconds: it cannot end before 36 s, 4.50 × its floor." in text
    assert "used 540 CPU seconds, its cores 90% busy: on 2 cores it cannot end before 270 s, 2.08 × the floor" in text
    assert "(the floor used 200 CPU seconds)" in text


def test_the_edited_ratio_is_of_the_medians_of_its_rounds(monkeypatch, tmp_path):
    """One stalled round (its build 10 s for 7 CPU seconds) moves no median: the ratio is the runs' median over the
    sum of the floor parts' medians."""
    seconds = {"edited": iter([22, 40, 21]), "examples of": iter([2, 2, 3]), "build after": iter([7, 10, 6])}

    def timing(name):
        key = next(k for k in seconds if k in name)
        return suite.Timing(name, next(seconds[key]), cpu=1.0)

    monkeypatch.setattr(suite, "copy_checkout", lambda dest: None)
    monkeypatch.setattr(suite, "edit_first_example", lambda tree, page, text: None)
    monkeypatch.setattr(suite, "run_examples", lambda tree, page=None: timing("examples of") if page else suite.Timing("every", 60))
    monkeypatch.setattr(suite, "build", lambda tree, name: timing("build after") if "editing" in name else suite.Timing("full", 70))
    monkeypatch.setattr(suite, "make_test", lambda tree, name: timing("edited") if "edited" in name else suite.Timing(name, 200))
    r = suite.measure("start/quickstart.md")
    assert r["edited_rounds"] == suite.EDITED_ROUNDS == 3
    assert r["edited_floor"] == 2 + 7 and r["edited_seconds"] == 22 and r["edited_ratio"] == 22 / 9
    assert len(r["timings"]) == 4 + 3 * 3  # every round's runs are in the table
    assert "after editing `start/quickstart.md`, 9 s (its examples once + one build, the medians of 3 rounds" in suite.table(r)


def test_a_run_without_cpu_readings_leaves_the_cell_empty_and_claims_no_bound():
    text = suite.table(run({}))
    assert "| fresh | 300 |  | 1.0 → 2.0 |" in text
    assert "CPU seconds, its cores" not in text and "After the edit" not in text
