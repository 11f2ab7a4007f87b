# iprhub task runner. `make run` and `make test` are the two set-up commands of the README.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data
STAMP := $(VENV)/.installed

.PHONY: setup run ingest test test-fast test-web browser-deps spark-deps serve i18n lint bench bench-serve bench-batch clean

$(STAMP): pyproject.toml
	@$(PY) -m venv $(VENV) 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PY) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## main job: ingest the sample data into the embedded store, embed it for semantic search, print the summary, then open the portal
run: setup
	@$(BIN)/python -m compileall -q iprhub  # bytecode on disk even where PYTHONDONTWRITEBYTECODE is set: each command starts ~0.25 s sooner
	$(BIN)/iprhub ingest $(DATA)
	$(BIN)/iprhub index --vectors
	$(BIN)/iprhub stats
	$(BIN)/iprhub serve

## the web portal and REST API over the store (IPRHUB_WEB_HOST / IPRHUB_WEB_PORT)
serve: setup
	$(BIN)/iprhub serve

## Debian chromium and CJK fonts for the browser tests (never a downloaded browser build)
browser-deps:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || \
	  (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk)

## the spark extra: Debian's Java runtime (apt-get, when `java` is missing) and PyPI's pyspark
spark-deps: setup
	@command -v java >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq default-jre-headless)
	@$(BIN)/python -c "import pyspark" 2>/dev/null || $(BIN)/pip install -q -e '.[spark]'

## whole test suite (SQLite and PostgreSQL; tests/batch runs Spark local[2])
test: setup browser-deps spark-deps
	$(BIN)/python -m pytest -n 2 -q --durations=15  # the slowest tests, printed for keeping the suite under 15 minutes

test-fast: setup
	$(BIN)/python -m pytest -q -x -m "not slow and not postgres"

test-web: setup browser-deps
	$(BIN)/python -m pytest -q tests/web

## gettext catalogs of the portal: extract, merge into zh/en, compile — the core's, then each capability
## package that keeps its own (iprhub/<capability>/i18n, left out of the core's extraction)
CAP_I18N := $(filter-out web,$(notdir $(patsubst %/i18n,%,$(wildcard iprhub/*/i18n))))
i18n: setup
	$(BIN)/pybabel extract -F iprhub/web/i18n/babel.cfg -o iprhub/web/i18n/messages.pot --no-location \
	  --omit-header --sort-output --ignore-dirs=".* ._ $(CAP_I18N)" iprhub
	$(BIN)/pybabel update -i iprhub/web/i18n/messages.pot -d iprhub/web/i18n -D messages --no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d iprhub/web/i18n -D messages --statistics
	@for cap in $(CAP_I18N); do \
	  d=iprhub/$$cap/i18n; \
	  $(BIN)/pybabel extract -F iprhub/web/i18n/babel.cfg -o $$d/messages.pot --no-location --omit-header \
	    --sort-output iprhub/$$cap || exit 1; \
	  for lang in en zh; do [ -f $$d/$$lang/LC_MESSAGES/messages.po ] || \
	    $(BIN)/pybabel init -i $$d/messages.pot -d $$d -D messages -l $$lang || exit 1; done; \
	  $(BIN)/pybabel update -i $$d/messages.pot -d $$d -D messages --no-fuzzy-matching --ignore-pot-creation-date || exit 1; \
	  $(BIN)/pybabel compile -d $$d -D messages --statistics || exit 1; \
	done

lint: setup
	$(BIN)/ruff check iprhub tests bench
	$(BIN)/mypy  # the core packages listed in pyproject.toml [tool.mypy]

bench: setup
	$(BIN)/python bench/ingest.py

## Spark local[2] vs embedded ingest on a 1 GB stream, local[1] -> local[2] scaling
bench-batch: spark-deps
	$(BIN)/python bench/batch.py

## 30 s of 50 concurrent clients on /api/v1/search and document pages, loopback only
bench-serve: setup
	$(BIN)/python bench/serve.py

clean:
	rm -rf $(VENV) iprhub-data .pytest_cache
