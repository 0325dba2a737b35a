"""The GitHub workflows: linted offline, valid, and safe for a self-hosted GPU runner."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
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


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def fork_exposure(workflow: dict) -> list[str]:
    """Jobs on our own (self-hosted or GPU) runners that a fork's pull request could start."""
    found = []
    on = triggers(workflow)
    for name, job in workflow.get("jobs", {}).items():
        runs_on = job.get("runs-on", "")
        labels = [runs_on] if isinstance(runs_on, str) else list(runs_on.get("labels", [])) if isinstance(runs_on, dict) else list(runs_on)
        if not any("self-hosted" in str(l) or "gpu" in str(l).lower() for l in labels):
            continue
        if "pull_request_target" in on or "workflow_run" in on:
            found.append(f"{name}: pull_request_target/workflow_run can run fork code with our secrets")
        if "pull_request" in on:
            types = (on["pull_request"] or {}).get("types", [])
            guard = str(job.get("if", ""))
            if types != ["labeled"]:
                found.append(f"{name}: pull_request must be limited to types: [labeled]")
            if "github.event.pull_request.head.repo.full_name == github.repository" not in guard:
                found.append(f"{name}: no `if:` refusing pull requests from forks")
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_fork_can_start_a_job_on_our_runners(path):
    assert not (exposed := fork_exposure(yaml.safe_load(path.read_text()))), exposed


def test_the_fork_check_catches_an_exposed_runner():
    exposed = {"on": {"pull_request": None}, "jobs": {"gpu": {"runs-on": ["self-hosted", "gpu"]}}}
    assert fork_exposure(exposed) == [
        "gpu: pull_request must be limited to types: [labeled]",
        "gpu: no `if:` refusing pull requests from forks",
    ]
    assert fork_exposure({True: ["pull_request_target"], "jobs": {"g": {"runs-on": "gpu-runner"}}})
