# Two commands set everything up on a fresh machine: `make site` and `make test`.
# Each creates .venv from the pinned versions in requirements.lock on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Reproducible output: the last commit's time, or the epoch outside git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: site test check serve bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

site: $(STAMP)  ## build the site from the built-in content into site/
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

check: $(STAMP)  ## check claims and references, as CI does
	$(BIN)/evidence check --strict

serve: $(STAMP)  ## preview the site at http://127.0.0.1:8000/ while editing
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)  ## run the benchmarks (prints figures; asserts nothing)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf site site.* .pytest_cache .hypothesis test-output
