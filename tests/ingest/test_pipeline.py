"""pipeline.py and write.py: every file accounted for, idempotent, atomic."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest.pdf.pipeline import run_ingest
from ingest.raw import write
from ingest.raw.records import SCHEMAS
from ingest.samples import AuthorSpec, write_pdf
from tests.ingest.conftest import spec_with


def _table(raw: Path, name: str) -> list[dict]:
    return write.read_column(raw, name, SCHEMAS[name].names)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    pdfs = tmp_path / "pdfs"
    author = AuthorSpec(
        "Alice Zhang", ("Peking University, China",), "alice@pku.edu.cn"
    )
    write_pdf(spec_with("numbered", [author]), pdfs / "a.pdf")
    write_pdf(spec_with("tabular", [author]), pdfs / "nested" / "b.pdf")
    (pdfs / "empty.pdf").write_bytes(b"")
    (pdfs / "error-page.pdf").write_text("<html><body>404 Not Found</body></html>")
    return pdfs


def test_every_file_becomes_a_paper_or_an_error_row(corpus: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    summary = run_ingest(corpus, raw, workers=1)
    papers = _table(raw, "papers")
    errors = _table(raw, "ingest_errors")
    assert sorted(p["paper_id"] for p in papers) == ["a", "b"]
    assert {e["_source_file"]: e["error_kind"] for e in errors} == {
        "empty.pdf": "empty",
        "error-page.pdf": "not_a_pdf",
    }
    assert summary.files_read == 4
    assert summary.papers_written == 2
    assert dict(summary.errors) == {"empty": 1, "not_a_pdf": 1}
    assert "re-download" in errors[0]["message"]


def test_raw_tables_follow_their_explicit_schemas(corpus: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    run_ingest(corpus, raw, workers=1)
    for table, schema in SCHEMAS.items():
        files = sorted((raw / table).glob("*.parquet"))
        assert files, table
        for file in files:
            assert pq.read_schema(file).remove_metadata() == schema, (table, file)
    affiliations = _table(raw, "affiliations")
    assert {a["source"] for a in affiliations} == {"pdf"}
    assert all(len(a["bbox"]) == 4 for a in affiliations)


def test_rerun_writes_nothing_new_and_force_redoes_without_duplicates(
    corpus: Path, tmp_path: Path
):
    raw = tmp_path / "raw"
    run_ingest(corpus, raw, workers=1)
    files_before = sorted(p.name for p in raw.rglob("*.parquet"))
    again = run_ingest(corpus, raw, workers=1)
    assert again.files_read == 0 and again.files_skipped == 4
    assert sorted(p.name for p in raw.rglob("*.parquet")) == files_before
    run_ingest(corpus, raw, workers=1, force=True)
    assert sorted(p["paper_id"] for p in _table(raw, "papers")) == ["a", "b"]
    assert len(_table(raw, "ingest_errors")) == 2
    assert len(_table(raw, "authorships")) == 2


def test_duplicate_stems_get_stable_unique_ids_and_copies_are_flagged(tmp_path: Path):
    pdfs = tmp_path / "pdfs"
    one = AuthorSpec("Alice Zhang", ("Peking University",))
    two = AuthorSpec("Bob Li", ("Fudan University",))
    write_pdf(spec_with("numbered", [one]), pdfs / "x" / "paper.pdf")
    write_pdf(spec_with("numbered", [two]), pdfs / "y" / "paper.pdf")
    (pdfs / "z-copy.pdf").write_bytes((pdfs / "x" / "paper.pdf").read_bytes())
    raw = tmp_path / "raw"
    run_ingest(pdfs, raw, workers=2)
    ids = sorted(p["paper_id"] for p in _table(raw, "papers"))
    assert ids[0] == "paper" and ids[1].startswith("paper--") and len(ids) == 2
    errors = _table(raw, "ingest_errors")
    assert [(e["_source_file"], e["error_kind"]) for e in errors] == [
        ("z-copy.pdf", "duplicate_content")
    ]
    assert "x/paper.pdf" in errors[0]["message"]


def test_uncommitted_batch_from_a_killed_run_is_dropped(corpus: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    half = raw / write.STAGING / "deadbeef"
    half.mkdir(parents=True)
    (half / "papers.parquet").write_bytes(b"PAR1 truncated")
    run_ingest(corpus, raw, workers=1)
    assert not half.exists()
    assert sorted(p["paper_id"] for p in _table(raw, "papers")) == ["a", "b"]
    assert not list(raw.rglob("*.tmp"))
