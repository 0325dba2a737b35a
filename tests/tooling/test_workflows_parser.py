"""The fork check reads workflows as GitHub runs them: each way a fork could reach our runner is caught."""

import copy

import pytest
import yaml

from verified_guide.paths import project_root
from verified_guide.workflows import evaluate, fork_context, fork_exposure, parse, truthy

GPU = yaml.safe_load((project_root() / ".github/workflows/gpu.yml").read_text())


def with_changes(change) -> dict:
    workflow = copy.deepcopy(GPU)
    change(workflow)
    return workflow


def test_the_real_gpu_workflow_is_safe():
    assert fork_exposure(GPU) == []


def add_trigger(name):
    def change(w):
        w[True if True in w else "on"][name] = None
    return change


FAULTS = {
    "pull_request_review trigger": add_trigger("pull_request_review"),
    "pull_request_target trigger": add_trigger("pull_request_target"),
    "issue_comment trigger": add_trigger("issue_comment"),
    "workflow_run trigger": lambda w: w[True].update({"workflow_run": {"workflows": ["CI"]}}),
    "runs-on from a matrix expression": lambda w: w["jobs"]["gpu"].update({"runs-on": "${{ matrix.runner }}", "if": None}) or w["jobs"]["gpu"].pop("if"),
    "|| true inside the fork guard": lambda w: w["jobs"]["gpu"].update({"if": w["jobs"]["gpu"]["if"] + " || true"}),
    "always() in the guard": lambda w: w["jobs"]["gpu"].update({"if": "always() || " + w["jobs"]["gpu"]["if"]}),
    "runs-on a runner group without the guard": lambda w: w["jobs"]["gpu"].update({"runs-on": {"group": "gpu"}}) or w["jobs"]["gpu"].pop("if"),
    "pull_request of every type": lambda w: w[True].update({"pull_request": None}),
    "guard on the label only": lambda w: w["jobs"]["gpu"].update({"if": "github.event.label.name == 'run-gpu'"}),
    "guard comparing the fork's own name": lambda w: w["jobs"]["gpu"].update(
        {"if": "github.event.pull_request.head.repo.full_name == github.event.pull_request.head.repo.full_name"}
    ),
    "guard on the actor": lambda w: w["jobs"]["gpu"].update({"if": "github.actor == 'maintainer'"}),
    "guard as a ${{ }} string with text around it": lambda w: w["jobs"]["gpu"].update({"if": "${{ false }} && true"}),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_way_to_expose_the_runner_is_caught(fault):
    exposed = fork_exposure(with_changes(FAULTS[fault]))
    assert exposed and all(line.startswith("gpu: ") for line in exposed), exposed


def test_a_github_hosted_job_may_take_pull_requests():
    ci = {True: {"pull_request": None, "push": None}, "jobs": {"test": {"runs-on": "ubuntu-latest"}}}
    assert fork_exposure(ci) == []


def test_a_guard_that_excludes_an_event_makes_it_safe():
    workflow = with_changes(lambda w: w[True].update({"issue_comment": None}))
    workflow["jobs"]["gpu"]["if"] = "github.event_name != 'issue_comment' && (" + GPU["jobs"]["gpu"]["if"] + ")"
    assert fork_exposure(workflow) == []


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("1 == 1 && 'a' == 'A'", True),  # strings compare without case
        ("!(github.event_name == 'push')", True),
        ("github.event.pull_request.head.repo.full_name == github.repository", False),
        ("contains('run-gpu, docs', 'GPU')", True),
        ("startsWith(github.repository, 'this-owner/')", True),
        ("null == 0 && '' == false", True),
        ("github.event.label.name == 'run-gpu'", None),  # a fork's choice: unknown
        ("${{ github.event_name == 'pull_request' }}", True),
    ],
)
def test_expressions_evaluate_as_github_does(expression, value):
    result = truthy(evaluate(parse(expression), fork_context("pull_request")))
    assert (None if result not in (True, False) else result) == value
