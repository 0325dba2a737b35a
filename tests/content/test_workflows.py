"""The GitHub workflows: linted offline, valid, and safe for a self-hosted GPU runner."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from verified_guide.paths import project_root
from verified_guide.workflows import fork_exposure

WORKFLOWS = sorted((project_root() / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def test_zizmor_finds_nothing():
    result = subprocess.run([BIN / "zizmor", "--offline", *WORKFLOWS], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_match_the_github_schema():
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_fork_can_start_a_job_on_our_runners(path):
    exposed = fork_exposure(yaml.safe_load(path.read_text()))
    assert not exposed, f".github/workflows/{path.name}:\n" + "\n".join(exposed)
