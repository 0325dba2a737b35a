"""The harness itself: each way a page can go wrong fails, and says where."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import harness
from conftest import ROOT, build
from test_versions import version_mismatches

GOOD_SNIPPET = """\
# --8<-- [start:hello]
print("hello")
# --8<-- [end:hello]
"""

GOOD_PAGE = """\
# Page

```python
--8<-- "demo.py:hello"
```

<!--pytest-codeblocks:expected-output-->

```text
hello
```
"""


@pytest.fixture
def project(tmp_path):
    """A minimal copy of the guide: the real mkdocs.yml and hooks, one page, one snippet."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks")
    (tmp_path / "docs/stylesheets").mkdir(parents=True)
    (tmp_path / "docs/stylesheets/extra.css").touch()
    (tmp_path / "snippets").mkdir()
    config = (tmp_path / "mkdocs.yml").read_text()
    start, end = config.index("nav:"), config.index("theme:")
    (tmp_path / "mkdocs.yml").write_text(config[:start] + "nav:\n  - index.md\n\n" + config[end:])
    write(tmp_path, "docs/index.md", GOOD_PAGE)
    write(tmp_path, "snippets/demo.py", GOOD_SNIPPET)
    return tmp_path


def write(root, path, text):
    (root / path).write_text(textwrap.dedent(text))


def problems(root):
    blocks, found = harness.collect(root)
    return "\n".join(found + harness.orphans(blocks, root))


def only_block(root):
    blocks, found = harness.collect(root)
    assert not found and len(blocks) == 1
    return blocks[0]


def test_a_good_page_passes(project):
    assert problems(project) == ""
    block = only_block(project)
    assert str(block) == "index.md::demo.py:hello"  # the test id names page and snippet
    assert harness.run(block, project) == harness.Result("hello\n", None)


def test_inline_python_fails_naming_page_and_line(project):
    write(project, "docs/index.md", GOOD_PAGE + '\n```python\nprint("inline")\n```\n')
    assert f"{project}/docs/index.md:13: Python written inline in a page" in problems(project)


@pytest.mark.parametrize("info", ['py', 'python title="demo.py"', "pycon", "python3", "{.python}"])
def test_untested_fence_spellings_fail(project, info):
    write(project, "docs/index.md", GOOD_PAGE.replace("```python", f"```{info}"))
    assert f"docs/index.md:3: ```{info} is not collected by pytest-codeblocks" in problems(project)


def test_tilde_fences_fail(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("```python\n--8<-- \"demo.py:hello\"\n```", '~~~python\n--8<-- "demo.py:hello"\n~~~'))
    assert "docs/index.md:3: ```python is not collected" in problems(project)


def test_a_snippet_in_a_non_python_fence_fails(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("```python", "```text"))
    assert "docs/index.md:3: a .py snippet in a ```text block is never run" in problems(project)


def test_orphan_snippets_and_sections_fail(project):
    write(project, "snippets/unused.py", "print('nobody shows me')\n")
    write(project, "snippets/demo.py", GOOD_SNIPPET + "# --8<-- [start:extra]\nprint(1)\n# --8<-- [end:extra]\n")
    found = problems(project)
    assert "snippets/unused.py: no page includes this file" in found
    assert "snippets/demo.py: section 'extra' is not included by any page" in found


def test_a_missing_include_fails_tests_and_build(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("demo.py:hello", "nowhere.py:hello"))
    assert "docs/index.md:4: broken include: Snippet at path 'nowhere.py' could not be found" in problems(project)
    result = build(project, project / "site")
    assert result.returncode != 0 and "nowhere.py" in result.stdout + result.stderr


def test_a_missing_section_fails(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("demo.py:hello", "demo.py:goodbye"))
    assert "broken include: Snippet section 'goodbye' could not be located" in problems(project)


def test_a_block_without_output_needs_a_visible_reason(project):
    write(project, "docs/index.md", GOOD_PAGE.split("<!--")[0])
    assert "demo.py:hello has no <!--pytest-codeblocks:expected-output--> block" in problems(project)

    marked = '<!--pytest.mark.no_output(reason="Prints a path that differs per machine.")-->\n'
    write(project, "docs/index.md", GOOD_PAGE.split("<!--")[0].replace("```python", marked + "```python"))
    assert "the reason of mark 'no_output' must also be written on the page" in problems(project)

    write(project, "docs/index.md", GOOD_PAGE.split("<!--")[0].replace("```python", marked + "```python") + "Prints a path that differs per machine.\n")
    assert problems(project) == ""


def test_unknown_marks_and_codeblocks_directives_fail(project):
    write(project, "docs/index.md", "<!--pytest.mark.xfail-->\n" + GOOD_PAGE)
    assert "unknown or reason-less mark <!--pytest.mark.xfail-->" in problems(project)
    write(project, "docs/index.md", "<!--pytest-codeblocks:skipfile-->\n" + GOOD_PAGE)
    assert "<!--pytest-codeblocks:skipfile--> is not allowed here" in problems(project)


def test_drifted_output_shows_a_unified_diff(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("hello\n```", "goodbye\n```"))
    block = only_block(project)
    result = harness.run(block, project)
    assert result.output != block.expected
    assert harness.diff(block, result.output) == (
        "--- expected (docs/index.md, block at line 3)\n"
        "+++ actual (snippets/demo.py:hello)\n"
        "@@ -1 +1 @@\n"
        "-goodbye\n"
        "+hello\n"
    )


def test_a_raising_snippet_shows_its_traceback_with_the_snippet_line(project):
    write(project, "snippets/demo.py", "# a comment\n" + GOOD_SNIPPET.replace('print("hello")', 'print("hello")\n{}["missing"]'))
    result = harness.run(only_block(project), project)
    assert result.output == "hello\n"
    assert 'File "snippets/demo.py", line 4, in <module>' in result.error
    assert "KeyError: 'missing'" in result.error


def test_blocks_do_not_share_state(project):
    """Default dtype, seeds and once-per-process warnings start fresh in every block."""
    write(project, "snippets/demo.py", """\
        # --8<-- [start:hello]
        import numpy as np
        import torch

        torch.set_default_dtype(torch.float64)
        print(torch.get_default_dtype(), torch.rand(1).dtype)
        t = torch.as_tensor(np.frombuffer(b"ab", dtype=np.uint8))  # read-only: warns once per process
        # --8<-- [end:hello]
        """)
    block = only_block(project)
    first, second = harness.run(block, project), harness.run(block, project)
    assert first.error is None and first == second
    assert first.output.startswith("torch.float64 torch.float64\n")
    assert "snippets/demo.py:7: UserWarning: The given NumPy array is not writable" in first.output


def test_a_block_runs_with_name_main(project):
    write(project, "snippets/demo.py", GOOD_SNIPPET.replace('print("hello")', 'if __name__ == "__main__":\n    print("hello")'))
    assert harness.run(only_block(project), project).output == "hello\n"


def test_a_script_block_runs_in_a_new_interpreter_with_spawn(project):
    reason = "Run it as a script."
    write(project, "docs/index.md", GOOD_PAGE.replace("```python", f'<!--pytest.mark.script(reason="{reason}")-->\n```python') + reason)
    write(project, "snippets/demo.py", """\
        # --8<-- [start:hello]
        import multiprocessing as mp


        def square(x):
            return x * x


        if __name__ == "__main__":
            with mp.get_context("spawn").Pool(2) as pool:
                print(pool.map(square, [1, 2, 3]))
            1 / 0
        # --8<-- [end:hello]
        """)
    result = harness.run(only_block(project), project)
    assert result.output == "[1, 4, 9]\n"
    assert 'File "snippets/demo.py", line 12, in <module>' in result.error and "ZeroDivisionError" in result.error


def test_a_hanging_block_times_out(project):
    write(project, "snippets/demo.py", GOOD_SNIPPET.replace('print("hello")', "import time\ntime.sleep(60)"))
    assert harness.run(only_block(project), project, timeout=0.5).error == "timed out after 0 s"


def test_a_wrong_version_fails(tmp_path):
    (tmp_path / "requirements.txt").write_text("torch==1.0.0\nnumpy==0.1\n")
    found = version_mismatches(tmp_path / "requirements.txt")
    assert found[0].startswith("torch: requirements.txt pins 1.0.0, installed is 2.")
    assert found[1].startswith("numpy: requirements.txt pins 0.1, installed is ")


def test_make_outputs_rewrites_and_adds_output_blocks(project):
    write(project, "docs/index.md", GOOD_PAGE.replace("hello\n```", "stale\n```") + '\n```python\n--8<-- "demo.py:new"\n```\n')
    write(project, "snippets/demo.py", GOOD_SNIPPET + '# --8<-- [start:new]\nprint("new")\n# --8<-- [end:new]\n')
    assert harness.update([], project) == 0
    page = (project / "docs/index.md").read_text()
    assert "```text\nhello\n```" in page and "stale" not in page
    assert page.endswith('--8<-- "demo.py:new"\n```\n\n<!--pytest-codeblocks:expected-output-->\n\n```text title="Output"\nnew\n```\n')
    assert problems(project) == ""


def run_suite(project, *options):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfs", *options, str(ROOT / "tests/test_pages.py")],
        capture_output=True,
        text=True,
        env={**os.environ, "GUIDE_ROOT": str(project), "CUDA_VISIBLE_DEVICES": ""},  # the GPU block skips, GPU or not
    )


def test_the_suite_reports_faults_end_to_end(project):
    """Run the real test files against a tree with a drifted block and a GPU block."""
    reason = "Needs a CUDA GPU."
    gpu = f'\n<!--pytest.mark.cuda(reason="{reason}")-->\n```python\n--8<-- "demo.py:gpu"\n```\n\n{reason}\n'
    write(project, "docs/index.md", GOOD_PAGE.replace("hello\n```", "goodbye\n```") + gpu)
    write(project, "snippets/demo.py", GOOD_SNIPPET + '# --8<-- [start:gpu]\nimport torch\nprint(torch.ones(1).cuda())\n# --8<-- [end:gpu]\n')

    result = run_suite(project)
    assert result.returncode == 1, result.stdout
    assert "FAILED tests/test_pages.py::test_block[index.md::demo.py:hello]" in result.stdout
    assert "-goodbye\n+hello" in result.stdout
    assert f": {reason}" in result.stdout.split("short test summary info")[1]
    assert "1 GPU blocks skipped: CUDA is not available here" in result.stdout

    result = run_suite(project, "--require-cuda")
    assert "REQUIRE_CUDA=1 but torch.cuda.is_available() is False" in result.stdout
    assert "2 failed" in result.stdout


def test_a_reused_pass_needs_byte_identical_inputs(tmp_path, monkeypatch):
    import reuse

    monkeypatch.setattr(reuse, "RECORDS", tmp_path)
    monkeypatch.delenv("FRESH", raising=False)
    key = reuse.key("print(1)\n", "1\n")
    assert not reuse.passed_before(key, "a")
    reuse.record_pass(key)
    assert reuse.passed_before(key, "a")
    assert not reuse.passed_before(reuse.key("print(1)\n", "2\n"), "b")  # any change reruns
    assert reuse.key("ab", "c") != reuse.key("a", "bc")  # parts cannot run together
    monkeypatch.setenv("FRESH", "1")
    assert not reuse.passed_before(key, "a")
