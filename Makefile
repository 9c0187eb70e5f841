# Servanda's everyday commands. `make help` lists them.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt when pyproject.toml changes, so `make venv` is quick when nothing did.
STAMP := $(VENV)/.installed
SOURCES := src tests bench
GOLD := ../shared/eval/dev

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint format eval model bench-extract bench-ingest bench-query bench-web clean

help: ## List the targets with what each does
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(STAMP) ## Create .venv with Python 3.11 and install Servanda with its dev tools

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(STAMP) ## Store the Canada-Korea statements in ./servanda.db, summarise them, then serve them on the web
	$(BIN)/servanda demo --db sqlite:///./servanda.db
	SERVANDA_ENVIRONMENT=development $(BIN)/servanda serve --db sqlite:///./servanda.db

# PostgreSQL is started when it is installed but down; without it the store tests run on SQLite only.
test: $(STAMP) ## Lint, then run every test (on SQLite, and PostgreSQL when there is one; Chromium for the browser)
	$(BIN)/ruff check $(SOURCES)
	@# The browser tests drive Debian's chromium: installed here when it is missing (as root, or through sudo).
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		run=; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then run=sudo; fi; \
		$$run apt-get update -q && $$run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
			|| echo "chromium could not be installed: the browser tests will be skipped"; \
	fi
	@backends="$${SERVANDA_TEST_BACKENDS:-}"; \
	if [ -z "$$backends" ] && ! pg_isready -q -h 127.0.0.1 >/dev/null 2>&1; then \
		if command -v pg_ctlcluster >/dev/null 2>&1 && [ -n "$$(ls /etc/postgresql 2>/dev/null)" ]; then \
			pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true; \
		fi; \
		if ! pg_isready -q -h 127.0.0.1 >/dev/null 2>&1; then \
			echo "PostgreSQL is not available: the store tests run on SQLite only."; \
			backends=sqlite; \
		fi; \
	fi; \
	if [ -n "$$backends" ]; then export SERVANDA_TEST_BACKENDS="$$backends"; fi; \
	$(BIN)/pytest

lint: $(STAMP) ## Check style and common mistakes with ruff, changing nothing
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

format: $(STAMP) ## Rewrite the code in the project's format and fix what ruff can
	$(BIN)/ruff check --fix $(SOURCES)
	$(BIN)/ruff format $(SOURCES)

eval: $(STAMP) ## Score the extractor against the annotated statements in ../shared/eval/dev
	@if [ -d $(GOLD) ]; then $(BIN)/servanda eval $(GOLD); \
	else echo "No gold files at $(GOLD); run: $(BIN)/servanda eval GOLD_DIR"; fi

model: $(STAMP) ## Retrain the area model from ../shared/eval/dev and eval/silver, reporting held-out accuracy
	$(BIN)/python -m servanda.extract.training $(GOLD) eval/silver --cv

bench-extract: $(STAMP) ## Measure extraction speed against a spaCy tokenizer pass (installs the bench extra)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/extract_throughput.py

bench-ingest: $(STAMP) ## Measure bulk ingest with 1, 2 and N workers on SQLite and PostgreSQL (tens of minutes)
	$(BIN)/python bench/ingest_throughput.py

bench-query: $(STAMP) ## Measure list, search and dashboard latency at 10k, 100k and 1M commitments (about an hour)
	$(BIN)/python bench/query_latency.py

bench-web: $(STAMP) ## Load the list page, API and dashboard at 20 clients against Datasette (installs the bench extra)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/web_load.py

# Neither .venv nor servanda.db: the database may hold more than the demo.
clean: ## Remove caches and build output (keeps .venv and servanda.db)
	rm -rf build dist .pytest_cache .ruff_cache
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
