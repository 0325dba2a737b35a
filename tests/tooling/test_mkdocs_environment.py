"""Every `mkdocs` the project starts runs with build.MKDOCS_ENVIRONMENT: the builds of the suite and the benches
through build.start and serve_reload, `make serve` and `make build` through the Makefile's exports."""

import re

from verified_guide.build import MKDOCS_ENVIRONMENT
from verified_guide.paths import project_root


def test_the_makefile_exports_what_the_builds_of_the_suite_run_with():
    makefile = (project_root() / "Makefile").read_text(encoding="utf-8")
    exported = dict(re.findall(r"^export (\w+) := (.*)$", makefile, re.M))
    assert {name: exported.get(name) for name in MKDOCS_ENVIRONMENT} == MKDOCS_ENVIRONMENT
