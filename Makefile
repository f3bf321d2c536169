# steerco — the front door. `make demo` and `make test` work on a fresh machine
# with only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test install lint format typecheck migrations-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/steerco migrate --no-input -v0
	$(BIN)/steerco compilemessages -v0 --ignore=.venv 2>/dev/null || true
	$(BIN)/steerco units load
	$(BIN)/steerco demo load
	@echo "steerco demo: http://$(HOST):$(PORT)/  (accounts: see README)"
	$(BIN)/steerco runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# make bench SCALE=small|province|national [DATABASE_URL=postgres://.../steerco_bench]
# Without DATABASE_URL the benchmark uses its own SQLite file, .bench/bench-$(SCALE).sqlite3.
SCALE ?= small
bench: $(STAMP)
	@mkdir -p .bench
	$(if $(DATABASE_URL),DATABASE_URL='$(DATABASE_URL)',STEERCO_DB='$(CURDIR)/.bench/bench-$(SCALE).sqlite3') \
		$(BIN)/steerco bench --scale $(SCALE) $(BENCH_ARGS)

typecheck: $(STAMP)
	$(BIN)/mypy steerco

migrations-check: $(STAMP)
	$(BIN)/steerco makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
