# paperscope: `make run` sets up and runs the main job, `make test` every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/sample/pdf
BUILD := build

.PHONY: setup run test lint pytest dbt-test samples clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Ingest the bundled sample PDFs, build warehouse/paperscope.duckdb, print the headline.
run: setup
	$(BIN)/paperscope run $(SAMPLE)

test: lint pytest dbt-test

lint: setup
	$(BIN)/ruff check ingest tests bench
	$(BIN)/ruff format --check ingest tests bench
	$(BIN)/sqlfluff lint models

pytest: setup
	$(BIN)/pytest

# dbt build (models, seeds, data tests) on the sample corpus, in a scratch warehouse.
dbt-test: setup
	rm -rf $(BUILD)/test
	$(BIN)/paperscope run $(SAMPLE) --raw-dir $(BUILD)/test/raw \
		--warehouse $(BUILD)/test/paperscope.duckdb

# Regenerate the shipped sample corpus from ingest/samples.py.
samples: setup
	rm -rf $(SAMPLE)
	$(BIN)/paperscope make-samples $(SAMPLE)

clean:
	rm -rf $(BUILD) target logs data/raw warehouse
