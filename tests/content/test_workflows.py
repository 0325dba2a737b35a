"""The GitHub workflows: linted offline, valid, and safe for a self-hosted GPU runner."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from verified_guide import digest, records
from verified_guide.paths import project_root
from verified_guide.workflows import fork_exposure

ROOT = project_root()
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


@pytest.fixture
def linted(request):
    """Runs a linter of the workflows (its command) unless it passed before on the same .github/ and zizmor
    configuration, with the same installed versions (the linters' own rules and schemas: records.key)."""

    def lint(*command) -> None:
        key = records.key(ROOT, digest.files(ROOT, ROOT / ".github", *ROOT.glob("*zizmor.y*ml")), request.node.nodeid)
        if records.passed_before(ROOT, key, request.node.nodeid):
            return
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        records.record_pass(ROOT, key)

    return lint


def test_zizmor_finds_nothing(linted):
    linted(BIN / "zizmor", "--offline", *WORKFLOWS)


def test_workflows_match_the_github_schema(linted):
    linted(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_fork_can_start_a_job_on_our_runners(path):
    exposed = fork_exposure(yaml.safe_load(path.read_text()))
    assert not exposed, f".github/workflows/{path.name}:\n" + "\n".join(exposed)
