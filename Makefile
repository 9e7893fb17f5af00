# padupadan — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the bundled sample (data/sample/, dated 2026-01-15): read, validate, normalise,
## apply the eligibility and protection rules, score, assign optimally, kesesuaian KPI; out/demo/.
demo: $(STAMP)
	$(BIN)/padupadan match --as-of 2026-01-15 --out out/demo

## The whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## What CI runs: lint, types, tests.
check: lint test

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_normalise.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
