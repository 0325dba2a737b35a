"""A reused pass needs the same inputs, tooling and environment: any change that could change a verdict reruns."""

import platform
import re
from pathlib import Path

import nbformat
import pytest

from verified_guide import digest, notebooks, records


@pytest.fixture
def tree(tmp_path, monkeypatch):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_pages.py").write_text("assert result.output == block.expected\n")
    for name in ("requirements.txt", "pyproject.toml", "mkdocs.yml"):
        (tmp_path / name).write_text(name)
    monkeypatch.delenv("FRESH", raising=False)
    monkeypatch.setattr(records, "_cuda", lambda: "cuda=False")
    monkeypatch.setattr(records, "reused", [])
    records._tooling.cache_clear()
    yield tmp_path
    records._tooling.cache_clear()


def test_a_pass_is_reused_only_with_the_same_key(tree, monkeypatch):
    key = records.key(tree, "print(1)\n", "1\n")
    assert not records.passed_before(tree, key, "a")
    records.record_pass(tree, key)
    assert records.passed_before(tree, key, "a")
    assert records.key(tree, "print(1)\n", "2\n") != key  # any input change reruns
    assert records.key(tree, "ab", "c") != records.key(tree, "a", "bc")  # parts cannot run together
    monkeypatch.setenv("FRESH", "1")
    assert not records.passed_before(tree, key, "a")


def test_a_change_to_the_verdict_code_reruns(tree):
    """Weaken a comparison, run, restore it: the restored code must not find the weak pass."""
    strict = records.key(tree, "block")
    (tree / "tests" / "test_pages.py").write_text("assert True  # weakened\n")
    records._tooling.cache_clear()
    weak = records.key(tree, "block")
    records.record_pass(tree, weak)
    (tree / "tests" / "test_pages.py").write_text("assert result.output == block.expected\n")
    records._tooling.cache_clear()
    assert records.key(tree, "block") == strict != weak
    assert not records.passed_before(tree, strict, "block")


def test_a_new_conftest_or_rule_reruns(tree):
    before = records.key(tree, "block")
    (tree / "tests" / "conftest.py").write_text("# prints differently\n")
    records._tooling.cache_clear()
    assert records.key(tree, "block") != before


def test_the_package_the_interpreter_the_environment_and_cuda_are_in_the_key(tree, monkeypatch):
    before = records.key(tree, "block")
    with monkeypatch.context() as m:
        m.setattr(digest, "package_sources", lambda: b"another comparison")
        assert records.key(tree, "block") != before
    with monkeypatch.context() as m:
        m.setattr(digest, "interpreter", lambda: "cpython 3.12.1, numpy==2.5.2")
        assert records.key(tree, "block") != before
    with monkeypatch.context() as m:
        m.setenv("OMP_NUM_THREADS", "1")
        assert records.key(tree, "block") != before
    with monkeypatch.context() as m:
        m.setenv("PYTHONHASHSEED", "7")
        assert records.key(tree, "block") != before
    with monkeypatch.context() as m:
        m.setattr(records, "_cuda", lambda: "cuda=True")
        assert records.key(tree, "block") != before
    with monkeypatch.context() as m:
        m.setenv("EDITOR", "vi")  # not one that matters
        assert records.key(tree, "block") == before


def test_a_notebook_run_is_shared_by_builds_and_tests_but_not_across_what_its_cells_see(monkeypatch):
    """The build runs notebooks with OFFLINE=false, the offline build with OFFLINE=true, the tests without it:
    one run serves all three. A variable the cells can see (threads, hash seed) is another run."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    monkeypatch.delenv("OFFLINE", raising=False)
    before = notebooks.outputs_key(nb)
    for name, value in (("OFFLINE", "true"), ("OFFLINE", "false"), ("SITE_URL", "https://example.org/"), ("CHROMIUM", "/bin/x")):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            assert notebooks.outputs_key(nb) == before, name
    for name, value in (("OMP_NUM_THREADS", "1"), ("PYTHONHASHSEED", "7"), ("TZ", "Asia/Tokyo")):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            assert notebooks.outputs_key(nb) != before, name


def test_the_variables_only_the_suite_reads_still_key_its_verdicts(tree, monkeypatch):
    monkeypatch.delenv("OFFLINE", raising=False)
    before = records.key(tree, "block")
    with monkeypatch.context() as m:
        m.setenv("OFFLINE", "true")
        assert records.key(tree, "block") != before


def test_the_interpreter_fingerprint_names_version_and_packages():
    found = digest.interpreter()
    assert "cpython" in found and "torch==" in found and "numpy==" in found


def test_the_fingerprint_holds_the_processor_that_picks_the_kernels():
    """A pass made on one CPU is not reused on another: which kernel torch runs, and so what an example prints, can
    depend on the processor's extensions (the CPU twin of the device-mismatch message on docs/gpu/numpy-to-gpu.md
    was worded by oneDNN on a CPU with AVX-512 bfloat16 support, by torch's own kernel on one without)."""
    found = digest.interpreter()
    assert digest.processor() in found and "cores:" in found
    if Path("/proc/cpuinfo").exists() and platform.machine() == "x86_64":
        assert re.search(r"^flags: .*\bsse2\b", found, re.M), "the x86 extensions are listed"


def test_the_site_is_reused_only_while_nothing_the_build_reads_changed(project, tmp_path, monkeypatch):
    """The checks of a warm run read the last build's site while the pages, examples, tooling and environment are
    those of then; an edited example builds again, and a failed build is never kept."""
    from verified_guide import build as build_

    monkeypatch.delenv("FRESH", raising=False)
    built = []
    real = build_.build
    monkeypatch.setattr(build_, "build", lambda root, site_dir, **kw: built.append(site_dir) or real(root, site_dir, **kw))

    result, first = build_.reused_or_built(project.root, tmp_path / "a")
    assert result.returncode == 0 and built == [tmp_path / "a"]
    result, again = build_.reused_or_built(project.root, tmp_path / "b")
    assert result.returncode == 0 and built == [tmp_path / "a"], "nothing changed: the site is reused"
    assert (again / "index.html").read_bytes() == (first / "index.html").read_bytes()

    project.write("snippets/demo.py", 'print("goodbye")\n'.join(project.root.joinpath("snippets/demo.py").read_text().split('print("hello")\n')))
    project.write("docs/index.md", project.root.joinpath("docs/index.md").read_text() + '\n<a href="nowhere/">gone</a>\n')
    result, _ = build_.reused_or_built(project.root, tmp_path / "c")
    assert result.returncode != 0 and built[-1] == tmp_path / "c"
    kept = (project.root / ".cache" / "site" / "key").read_text()
    assert kept != build_.inputs_key(project.root), "a failed build is never kept"


def test_a_build_started_in_the_background_is_waited_for_and_kept(project, tmp_path, monkeypatch):
    """conftest.py starts the build when the checks are collected: the site fixture waits for that one
    (no second build), keeps it when it succeeded, and the next run reuses it."""
    from verified_guide import build as build_

    monkeypatch.delenv("FRESH", raising=False)
    assert build_.reusable(project.root) is None
    started = build_.start(project.root, tmp_path / "a")
    monkeypatch.setattr(build_, "build", lambda *a, **kw: pytest.fail("built a second time"))
    result, site_dir = build_.reused_or_built(project.root, tmp_path / "a", started)
    assert result.returncode == 0 and site_dir == tmp_path / "a"
    assert build_.reusable(project.root) is not None
    assert build_.reused_or_built(project.root, tmp_path / "b")[1] == build_.kept_site(project.root)


def test_a_pages_notebook_is_made_again_only_when_what_it_reads_changed(project, monkeypatch):
    """notebooks.made keeps a page's notebook between runs; an edited example, or FRESH=1, makes it again."""
    from verified_guide import pages

    monkeypatch.delenv("FRESH", raising=False)
    page, made = project.root / "docs" / "index.md", []

    def markdown():
        made.append(page)
        return pages.load_markdown(project.root)

    def code(nb) -> list[str]:
        return [c.source for c in nb.cells if c.cell_type == "code"]

    first = notebooks.made(page, project.root, "https://example.org/", markdown)
    assert code(first) == ['print("hello")'] and len(made) == 1
    assert notebooks.made(page, project.root, "https://example.org/", markdown) == first and len(made) == 1, "kept"
    project.write("snippets/demo.py", project.root.joinpath("snippets/demo.py").read_text().replace("print(\"hello\")", "print(\"goodbye\")"))
    assert code(notebooks.made(page, project.root, "https://example.org/", markdown)) == ['print("goodbye")']
    assert len(made) == 2, "an edited example makes the notebook again"
    monkeypatch.setenv("FRESH", "1")
    notebooks.made(page, project.root, "https://example.org/", markdown)
    assert len(made) == 3, "FRESH=1 makes it again"


def test_a_page_is_read_again_only_when_an_example_it_may_show_changed(project):
    """pages.read_inputs keys a page's reading on the snippet files it may include, however the include is written
    (one line, a block of names, a snippet that includes another), and on no other: an edited example reads again
    only the pages that may show it."""
    from verified_guide import pages

    page = project.root / "docs" / "index.md"
    project.write("snippets/other.py", "# --8<-- [start:other]\nprint(2)\n# --8<-- [end:other]\n")
    project.write("snippets/nested.py", "# --8<-- [start:nested]\nprint(3)\n# --8<-- [end:nested]\n")
    project.write("snippets/block.py", '# --8<-- "nested.py:nested"\n')
    before = pages.read_inputs(page, project.root)
    project.write("snippets/other.py", "# --8<-- [start:other]\nprint(4)\n# --8<-- [end:other]\n")
    assert pages.read_inputs(page, project.root) == before, "an example the page cannot show"
    project.write("docs/index.md", project.root.joinpath("docs/index.md").read_text() + "\n-8<-\nBLOCK.py\n-8<-\n")
    assert [p.name for p in pages.includable(page, project.root)] == ["block.py", "demo.py", "nested.py"]
    before = pages.read_inputs(page, project.root)
    project.write("snippets/nested.py", "# --8<-- [start:nested]\nprint(5)\n# --8<-- [end:nested]\n")
    assert pages.read_inputs(page, project.root) != before, "a snippet that a snippet the page includes includes"
