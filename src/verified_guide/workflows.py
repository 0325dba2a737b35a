"""Can a fork's code reach a runner of ours? Read from the workflow itself: YAML, `if:` expressions, `runs-on`.

A job runs on "our" runner when its `runs-on` is anything but a literal GitHub-hosted
label (self-hosted labels, a runner group, an expression such as `${{ matrix.os }}`, a
reusable workflow). For such a job, every trigger of the workflow is tried:

- push, schedule and workflow_dispatch need write access to this repository: allowed;
- pull_request is allowed only with `types: [labeled]` and a job `if:` that is false for a
  pull request from a fork, whatever label, actor or branch name the fork chooses;
- any other trigger (pull_request_target, pull_request_review, issue_comment,
  workflow_run, …) is allowed only if the job's `if:` is false for it.

The `if:` is parsed and evaluated as GitHub Actions evaluates expressions (operators,
literals, case-insensitive string comparison, contains/startsWith/endsWith, status
functions), in three-valued logic: what a fork controls is unknown, and an `if:` that
might be true counts as true. `|| true`, `always()`, a missing guard all expose the runner.
"""

from __future__ import annotations

import dataclasses
import re

GITHUB_HOSTED = re.compile(r"^(ubuntu|windows|macos)-(latest|\d[\w.-]*)$", re.I)
ALLOWED_TRIGGERS = {"push", "schedule", "workflow_dispatch"}
REPOSITORY = "this-owner/this-repo"
FORK = "fork-owner/this-repo"


class Unknown:
    """A value a fork (or anyone triggering the event) may choose."""

    def __repr__(self):
        return "<unknown>"


UNKNOWN = Unknown()


class ExpressionError(ValueError):
    pass


# ------------------------------------------------------------------ parsing

TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|0x[0-9a-f]+)|(?P<string>'(?:[^']|'')*')|"
    r"(?P<op>&&|\|\||==|!=|<=|>=|[<>!()\[\],.*])|(?P<name>[A-Za-z_][\w-]*))",
    re.I,
)


def tokens(text: str) -> list[tuple[str, str]]:
    found, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"cannot read {text[pos:]!r} in {text!r}")
        kind = m.lastgroup
        found.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return found


@dataclasses.dataclass
class Parser:
    toks: list[tuple[str, str]]
    i: int = 0

    def peek(self, value: str | None = None) -> bool:
        return self.i < len(self.toks) and (value is None or self.toks[self.i][1] == value)

    def take(self, value: str | None = None) -> tuple[str, str]:
        if not self.peek(value):
            raise ExpressionError(f"expected {value or 'more'} at token {self.i}")
        self.i += 1
        return self.toks[self.i - 1]

    # precedence: || < && < == != < < <= > >= < ! < member access
    def expression(self):
        return self.binary(0)

    LEVELS = [("||",), ("&&",), ("==", "!="), ("<", "<=", ">", ">=")]

    def binary(self, level: int):
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.i < len(self.toks) and self.toks[self.i][0] == "op" and self.toks[self.i][1] in self.LEVELS[level]:
            op = self.take()[1]
            left = ("op", op, left, self.binary(level + 1))
        return left

    def unary(self):
        if self.peek("!"):
            self.take()
            return ("not", self.unary())
        return self.postfix(self.primary())

    def primary(self):
        kind, value = self.take()
        if value == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if kind == "number":
            return ("lit", float(int(value, 16)) if value.lower().startswith("0x") else float(value))
        if kind == "string":
            return ("lit", value[1:-1].replace("''", "'"))
        if kind == "name":
            low = value.lower()
            if low in ("true", "false"):
                return ("lit", low == "true")
            if low == "null":
                return ("lit", None)
            if self.peek("("):
                self.take("(")
                args = []
                while not self.peek(")"):
                    args.append(self.expression())
                    if not self.peek(")"):
                        self.take(",")
                self.take(")")
                return ("call", low, args)
            return ("name", value)
        raise ExpressionError(f"unexpected {value!r}")

    def postfix(self, node):
        while self.peek(".") or self.peek("["):
            if self.take()[1] == ".":
                kind, value = self.take()
                node = ("get", node, ("lit", "*" if value == "*" else value))
            else:
                key = self.expression()
                self.take("]")
                node = ("get", node, key)
        return node


def parse(text: str):
    text = text.strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    if m:
        text = m.group(1)
    elif "${{" in text:  # `if: a == ${{ b }}`: GitHub reads the whole as a string, which is truthy
        return ("lit", text)
    parser = Parser(tokens(text))
    node = parser.expression()
    if parser.i != len(parser.toks):
        raise ExpressionError(f"unexpected {parser.toks[parser.i][1]!r} in {text!r}")
    return node


# ------------------------------------------------------------------ evaluating


def truthy(value):
    """True, False, or UNKNOWN."""
    if value is UNKNOWN:
        return UNKNOWN
    return value not in (False, 0, 0.0, "", None)


def _coerce_number(value):
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip()) if value.strip() else 0.0
        except ValueError:
            return float("nan")
    return float("nan")


def _equal(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()  # GitHub compares strings ignoring case
    if type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return a == b
    return _coerce_number(a) == _coerce_number(b)


def evaluate(node, context: dict):
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "name":
        return context.get(node[1].lower(), UNKNOWN) if node[1].lower() in context else UNKNOWN
    if kind == "get":
        base, key = evaluate(node[1], context), evaluate(node[2], context)
        if base is UNKNOWN or key is UNKNOWN:
            return UNKNOWN
        if isinstance(base, dict) and isinstance(key, str):
            found = {k.lower(): v for k, v in base.items()}.get(key.lower(), None)
            return found
        return None
    if kind == "not":
        t = truthy(evaluate(node[1], context))
        return UNKNOWN if t is UNKNOWN else not t
    if kind == "call":
        return _call(node[1], [evaluate(a, context) for a in node[2]])
    op, left = node[1], evaluate(node[2], context)
    if op in ("&&", "||"):  # as in JavaScript: the operand that decides, itself
        decides = op == "||"  # the truthiness of the left operand that ends the evaluation
        t = truthy(left)
        if t is decides:
            return left
        right = evaluate(node[3], context)
        if t is (not decides):
            return right
        return decides if truthy(right) is decides else UNKNOWN  # an unknown left: only a deciding right is sure
    right = evaluate(node[3], context)
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    a, b = (left.lower(), right.lower()) if isinstance(left, str) and isinstance(right, str) else (_coerce_number(left), _coerce_number(right))
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _call(name: str, args: list):
    if name in ("always", "success"):
        return True  # a job-level success(): the jobs it needs passed, which a fork can arrange
    if name in ("failure", "cancelled"):
        return UNKNOWN
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    if name in ("contains", "startswith", "endswith") and len(args) == 2:
        hay, needle = args
        if name == "contains" and isinstance(hay, list):
            return any(_equal(x, needle) for x in hay)
        hay, needle = str(hay if hay is not None else "").lower(), str(needle if needle is not None else "").lower()
        return {"contains": needle in hay, "startswith": hay.startswith(needle), "endswith": hay.endswith(needle)}[name]
    return UNKNOWN  # format, join, toJSON, fromJSON, hashFiles: not worth guessing


# ------------------------------------------------------------------ workflows


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def ours(job: dict) -> str | None:
    """Why the job may run on a runner of ours (not GitHub-hosted), or None for a literal GitHub-hosted one."""
    if "uses" in job:
        return f"it calls the reusable workflow {job['uses']!r}, whose runners this check cannot see"
    runs_on = job.get("runs-on")
    if isinstance(runs_on, dict):
        if "group" in runs_on:
            return f"runs-on names the runner group {runs_on['group']!r}"
        runs_on = runs_on.get("labels", [])
    labels = [runs_on] if isinstance(runs_on, str) else list(runs_on or [])
    if not labels:
        return "it has no runs-on"
    for label in labels:
        if not isinstance(label, str) or "${{" in label:
            return f"runs-on is an expression ({label!r}), which may name any runner"
        if not GITHUB_HOSTED.match(label):
            return f"runs-on has the label {label!r}, which is not a GitHub-hosted runner"
    return None


def fork_context(event: str) -> dict:
    """What an `if:` can read when `event` starts the workflow, with everything a fork chooses unknown."""
    event_payload = {"label": {"name": UNKNOWN}, "sender": {"login": UNKNOWN}, "action": UNKNOWN}
    if event.startswith("pull_request"):
        event_payload["pull_request"] = {
            "head": {"repo": {"full_name": FORK, "fork": True, "owner": {"login": "fork-owner"}}, "ref": UNKNOWN, "label": UNKNOWN},
            "base": {"repo": {"full_name": REPOSITORY}},
            "labels": UNKNOWN, "title": UNKNOWN, "body": UNKNOWN, "user": {"login": UNKNOWN},
            "author_association": UNKNOWN, "draft": UNKNOWN, "merged": UNKNOWN,
        }
    github = {
        "event_name": event, "repository": REPOSITORY, "repository_owner": "this-owner", "event": event_payload,
        "actor": UNKNOWN, "triggering_actor": UNKNOWN, "head_ref": UNKNOWN, "base_ref": UNKNOWN, "ref": UNKNOWN,
        "ref_name": UNKNOWN, "sha": UNKNOWN,
    }
    return {"github": github, "env": UNKNOWN, "vars": UNKNOWN, "inputs": UNKNOWN, "matrix": UNKNOWN, "needs": UNKNOWN}


def may_run(job: dict, event: str) -> bool:
    """Whether the job's `if:` can be true when `event` comes from a fork (a missing `if:` always is)."""
    condition = job.get("if")
    if condition is None:
        return True
    if isinstance(condition, bool):
        return condition
    try:
        value = evaluate(parse(str(condition)), fork_context(event))
    except ExpressionError:
        return True  # what cannot be read cannot be trusted
    return truthy(value) is not False


def fork_exposure(workflow: dict) -> list[str]:
    """Jobs on our runners that a fork, or an event anyone can cause, could start; [] when none."""
    found = []
    on = triggers(workflow)
    for name, job in (workflow.get("jobs") or {}).items():
        why = ours(job)
        if why is None:
            continue
        for event, options in on.items():
            if event in ALLOWED_TRIGGERS:
                continue
            if event == "pull_request":
                types = (options or {}).get("types") if isinstance(options, dict) else None
                if types != ["labeled"]:
                    found.append(f"{name}: {why}, and pull_request must be limited to `types: [labeled]` (got {types})")
                if may_run(job, event):
                    found.append(f"{name}: {why}, and its `if:` does not refuse a pull request from a fork")
            elif may_run(job, event):
                found.append(f"{name}: {why}, and the trigger {event!r} can start it (its `if:` does not exclude it)")
    return found
