# steerco — the front door. `make demo` and `make test` work on a fresh machine
# with only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help demo test install lint format typecheck migrations-check bench clean

# `make` alone lists the targets: each target's line ends with `## what it does`.
.DEFAULT_GOAL := help

help: ## list the targets
	@awk 'BEGIN {FS = ":[^#]*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(firstword $(MAKEFILE_LIST))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) ## create .venv and install steerco with its dev dependencies

demo: $(STAMP) ## migrate, load the units and the demo dataset, serve on HOST:PORT (127.0.0.1:8000)
	$(BIN)/steerco migrate --no-input -v0
	$(BIN)/steerco compilemessages -v0 --ignore=.venv 2>/dev/null || true
	$(BIN)/steerco units load
	$(BIN)/steerco demo load
	@echo "steerco demo: http://$(HOST):$(PORT)/  (accounts: see README)"
	$(BIN)/steerco runserver $(HOST):$(PORT)

# PYTEST_ARGS narrows or spreads a run, e.g. PYTEST_ARGS='-m "not browser and not contract and not federation"'
# (what CI runs on SQLite) or PYTEST_ARGS='-n 2 --dist loadgroup --no-loadscope-reorder' (two workers, as CI runs on PostgreSQL).
test: $(STAMP) ## run the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check and ruff format --check (what the pre-commit hooks run)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## ruff format, then ruff check --fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# make bench SCALE=small|province|national [DATABASE_URL=postgres://.../steerco_bench]
# Without DATABASE_URL the benchmark uses its own SQLite file, .bench/bench-$(SCALE).sqlite3.
SCALE ?= small
bench: $(STAMP) ## time the operations on a synthetic nation: SCALE=small|province|national [MULTIPLY=10] [DATABASE_URL=...]
	@mkdir -p .bench
	$(if $(DATABASE_URL),DATABASE_URL='$(DATABASE_URL)',STEERCO_DB='$(CURDIR)/.bench/bench-$(SCALE)$(if $(MULTIPLY),x$(MULTIPLY)).sqlite3') \
		$(BIN)/steerco bench --scale $(SCALE) $(if $(MULTIPLY),--multiply $(MULTIPLY)) $(BENCH_ARGS)

typecheck: $(STAMP) ## mypy on steerco
	$(BIN)/mypy steerco

migrations-check: $(STAMP) ## fail when a model change has no migration
	$(BIN)/steerco makemigrations --check --dry-run

clean: ## remove .venv, collected static files and the tools' caches
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
