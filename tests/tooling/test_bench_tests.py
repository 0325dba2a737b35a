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


def test_a_run_without_cpu_readings_leaves_the_cell_empty_and_claims_no_bound():
    text = suite.table(run({}))
    assert "| fresh | 300 |  | 1.0 → 2.0 |" in text
    assert "CPU seconds, its cores" not in text and "After the edit" not in text
