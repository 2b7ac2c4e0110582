"""The sample corpus with its generated metadata, built into a warehouse: the planted
metadata cases (ingest/samples.py: sample_paperlists) come out where they should."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.metadata import ingest_metadata
from ingest.pipeline import run_ingest
from ingest.warehouse import dbt_build

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("sample")
    raw, path = folder / "raw", folder / "paperscope.duckdb"
    run_ingest(SAMPLE / "pdf", raw, workers=2)
    ingest_metadata(SAMPLE / "metadata" / "paperlists.json", raw)
    assert dbt_build(REPO, raw, path)
    return duckdb.connect(str(path), read_only=True)


def test_metadata_only_papers_join_dim_papers_without_a_pdf(warehouse):
    rows = warehouse.execute(
        "select paper_id from marts.dim_papers where not has_pdf order by 1"
    ).fetchall()
    assert rows == [("metadata-only-1",), ("misaligned-1",)]


def test_metadata_record_under_another_id_is_matched_by_title(warehouse):
    row = warehouse.execute(
        "select paper_id, match_method from intermediate.int_papers_unified"
        " where source_paper_id = 'OpenReview5x'"
    ).fetchone()
    assert row == ("sample-05", "title")


def test_newer_profile_affiliation_shows_as_a_source_disagreement(warehouse):
    row = warehouse.execute(
        "select only_in_pdf, metadata_evidence from marts.rpt_source_disagreements"
        " where paper_id = 'sample-03'"
    ).fetchone()
    assert row is not None
    assert "US" in row[0]
    assert "Peking University" in row[1]


def test_bad_metadata_records_are_explained_in_ingest_errors(warehouse):
    rows = warehouse.execute(
        "select error_kind, paper_id from staging.stg_raw__ingest_errors"
        " where source = 'metadata' order by 1"
    ).fetchall()
    assert rows == [
        ("malformed_record", "no-title-1"),
        ("misaligned_fields", "misaligned-1"),
    ]
