# paperscope: `make run` sets up and runs the main job, `make test` every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/sample/pdf
SAMPLE_METADATA := data/sample/metadata/paperlists.json
BUILD := build

.PHONY: setup run test lint pytest dbt-test samples report-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Ingest the bundled sample PDFs and their metadata, build warehouse/paperscope.duckdb,
# print the headline.
run: setup
	$(BIN)/paperscope run $(SAMPLE) --metadata $(SAMPLE_METADATA)

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
	$(BIN)/paperscope run $(SAMPLE) --metadata $(SAMPLE_METADATA) \
		--raw-dir $(BUILD)/test/raw --warehouse $(BUILD)/test/paperscope.duckdb
	$(BIN)/python tests/check_dbt_conventions.py target/manifest.json

# Build the sample warehouse, write its report (with the evidence crops of its PDFs)
# and render it in headless Chromium (Debian's chromium is installed when missing):
# charts drawn, every listed PDF paper's crops loaded; refreshes docs/report.png.
report-check: run
	command -v chromium >/dev/null || (dpkg --configure -a && \
		apt-get install -y --no-install-recommends chromium)
	$(BIN)/paperscope report --out $(BUILD)/report.html --pdf-dir $(SAMPLE)
	$(BIN)/python bench/render_report.py $(BUILD)/report.html \
		--warehouse warehouse/paperscope.duckdb --screenshot docs/report.png

# Regenerate the shipped sample corpus from ingest/samples.py.
samples: setup
	rm -rf $(SAMPLE) $(SAMPLE_METADATA)
	$(BIN)/paperscope make-samples $(SAMPLE) --metadata $(SAMPLE_METADATA)

clean:
	rm -rf $(BUILD) target logs data/raw warehouse
