# The two commands a new clone needs: `make serve` and `make test`.
# Both create .venv and install requirements.txt first when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
SERVE_ADDR ?= 127.0.0.1:8000
BIN := $(VENV)/bin
# As src/verified_guide/build.py's MKDOCS_ENVIRONMENT, which says why.
export NO_MKDOCS_2_WARNING := 1
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: serve build build-offline test test-fresh test-tooling outputs notebooks bench bench-gpu bench-pages bench-serve bench-search bench-tests clean

# Reinstalls whenever the pins or the package's metadata change. The package (src/verified_guide)
# is installed editable, without build isolation: nothing to download besides the pins.
# pip byte-compiles one file after another; compileall -j 0 does the same on every core (a new clone's
# install: 74 s -> 63 s on two). It skips the one torch file written for Python 3.12, which pip skips silently,
# and the libraries' own test suites (tests/ and test/ folders: a quarter of the files, pandas' and sympy's above
# all), which the pages and the suite do not import (a module left uncompiled would load slower, never differently):
# 27-29 s instead of 29-37 s, measured one after the other here.
$(VENV)/installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	$(BIN)/python -m compileall -j 0 -q -x '/torch/testing/_internal/py312_intrinsics\.py$$|/site-packages/.*/tests?/' $(VENV)/lib
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# --dirty: a reload rebuilds only the pages an edit changes (the verified-serve-dirty plugin, src/verified_guide/plugins/serve_dirty.py, keeps them right).
serve: $(VENV)/installed
	$(BIN)/mkdocs serve --dirty --dev-addr $(SERVE_ADDR)

build: $(VENV)/installed
	$(BIN)/mkdocs build --strict

# A copy of the site to open from disk (file://), for intranets without a web server.
build-offline: $(VENV)/installed
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline

test: $(VENV)/installed
	$(BIN)/python -m pytest tests -rs  # -rs: print why anything was skipped

# The same, rerunning the checks whose earlier pass `make test` would reuse (src/verified_guide/records.py).
test-fresh: $(VENV)/installed
	FRESH=1 $(BIN)/python -m pytest tests -rs

# Only the tests of the machinery itself (seconds): tests/tooling.
test-tooling: $(VENV)/installed
	$(BIN)/python -m pytest tests/tooling -rs

# Re-run every example and rewrite the outputs on the pages (PAGES=docs/x.md for some).
outputs: $(VENV)/installed
	$(BIN)/python -m verified_guide.outputs $(PAGES)

# Run the notebook of each page (PAGES=docs/x.md for some) in a fresh kernel, for the build to
# show their outputs; `make build` and `make test` do it too, for those not run yet.
notebooks: $(VENV)/installed
	$(BIN)/python -m verified_guide.notebooks $(PAGES)

# Measure conversion costs on this machine; rewrites the data, plots and table of the performance page.
bench: $(VENV)/installed
	$(BIN)/python -m verified_guide.benchmarks.conversions

# Host <-> GPU copy speed; needs a CUDA GPU. Rewrites the transfer speed page's results.
bench-gpu: $(VENV)/installed
	$(BIN)/python -m verified_guide.benchmarks.gpu_transfers

# Page weight and Lighthouse scores of every page (installs Lighthouse from npm into .cache).
bench-pages: build
	test -x .cache/lighthouse/node_modules/.bin/lighthouse || npm install --prefix .cache/lighthouse --no-audit --no-fund lighthouse@13.5.0
	$(BIN)/python -m verified_guide.benchmarks.pages

# Seconds from saving a page or an example to `make serve` serving it (on a copy of the tree).
bench-serve: $(VENV)/installed
	$(BIN)/python -m verified_guide.benchmarks.serve_reload

# hit@1 and hit@3 of the site's search on the real queries of tests/search_queries.yaml, in Chromium.
bench-search: $(VENV)/installed
	$(BIN)/python -m verified_guide.benchmarks.search

# Fresh, warm and one-page-edited runs of `make test` beside their floor, on a copy of the tree; rewrites the README's table.
bench-tests: $(VENV)/installed
	$(BIN)/python -m verified_guide.benchmarks.suite

clean:
	rm -rf site site-offline .pytest_cache
