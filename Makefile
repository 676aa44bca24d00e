# Two commands set everything up on a fresh machine: `make site` and `make test`.
# Each creates .venv from the pinned versions in requirements.lock on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Reproducible output: the last commit's time, or the epoch outside git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# Material's end-of-life banner stays out of the output, as `evidence build` keeps it out;
# README.md ("Engines") says what to do when Material reaches end of life.
export NO_MKDOCS_2_WARNING ?= 1
export DISABLE_MKDOCS_2_WARNING ?= true

.PHONY: site preview test test-fast test-browser check due serve bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)  ## build the site from the built-in content into site/
	$(BIN)/mkdocs build --strict

preview: $(STAMP)  ## build a copy of the site that opens from disk into site-preview/
	USE_DIRECTORY_URLS=false $(BIN)/mkdocs build --strict -d site-preview
	@echo "Open index.html in a browser. Search needs a server: run 'python3 -m http.server' in this folder and open http://localhost:8000/" > site-preview/README.txt

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

test-fast: $(STAMP)  ## run every test except the browser suite
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup --ignore=tests/browser

test-browser: $(STAMP)  ## run only the browser suite (needs Debian's chromium)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup tests/browser

check: $(STAMP)  ## check claims and references, as CI does
	$(BIN)/evidence check --strict

due: $(STAMP)  ## list the claims and topics due for re-review now or within a month
	$(BIN)/evidence due --within 1m

serve: $(STAMP)  ## preview the site at http://127.0.0.1:8000/ while editing
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)  ## run the benchmarks (prints figures; asserts nothing)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_engines.py
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf site site.* site-preview .pytest_cache .hypothesis test-output
