# iprhub task runner. `make run` and `make test` are the two set-up commands of the README.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data
STAMP := $(VENV)/.installed

.PHONY: setup run ingest test test-fast lint bench clean

$(STAMP): pyproject.toml
	@$(PY) -m venv $(VENV) 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## main job: ingest the sample data into the embedded store and print the summary
run: setup
	$(BIN)/iprhub ingest $(DATA)
	$(BIN)/iprhub stats

## whole test suite (SQLite and PostgreSQL)
test: setup
	$(BIN)/python -m pytest -n 2 -q

test-fast: setup
	$(BIN)/python -m pytest -q -x -m "not slow and not postgres"

lint: setup
	$(BIN)/ruff check iprhub tests bench

bench: setup
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) iprhub-data .pytest_cache
