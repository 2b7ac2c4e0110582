"""Conference metadata (paperlists JSON) -> raw tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.metadata.paperlists import ingest_metadata
from ingest.raw import write
from tests.ingest.conftest import SHARED


def _record(**fields) -> dict:
    base = {
        "id": "abc123",
        "title": "A Paper",
        "abstract": "We study things.",
        "author": "Ada Li;Bo Chen;Cy Park",
        "aff": "Tsinghua University;Google+Stanford University;",
        "aff_domain": "tsinghua.edu.cn;google.com+stanford.edu;",
    }
    return base | fields


def _load(tmp_path: Path, records: list, name: str = "venue.json") -> tuple:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    raw = tmp_path / "raw"
    summary = ingest_metadata(path, raw)
    tables = {
        table: write.read_column(raw, table, columns)
        for table, columns in {
            "papers": ["paper_id", "title", "source"],
            "paper_sections": ["paper_id", "section"],
            "authorships": ["paper_id", "author_position", "author_name"],
            "affiliations": [
                "paper_id",
                "author_position",
                "affiliation_raw",
                "email_domain",
                "link_method",
                "source",
            ],
            "ingest_errors": ["paper_id", "error_kind", "message"],
        }.items()
    }
    return summary, tables


def test_aligned_fields_tie_each_affiliation_to_its_author(tmp_path: Path):
    _, tables = _load(tmp_path, [_record()])
    affiliations = [
        (a["author_position"], a["affiliation_raw"], a["email_domain"])
        for a in tables["affiliations"]
    ]
    assert affiliations == [
        (1, "Tsinghua University", "tsinghua.edu.cn"),
        (2, "Google", "google.com"),
        (2, "Stanford University", "stanford.edu"),
    ]
    assert {a["link_method"] for a in tables["affiliations"]} == {"metadata"}
    assert {a["source"] for a in tables["affiliations"]} == {"metadata"}
    assert [p["source"] for p in tables["papers"]] == ["metadata"]


def test_author_with_empty_affiliation_keeps_authorship_without_affiliation(
    tmp_path: Path,
):
    _, tables = _load(tmp_path, [_record()])
    assert [a["author_name"] for a in tables["authorships"]] == [
        "Ada Li",
        "Bo Chen",
        "Cy Park",
    ]
    assert 3 not in {a["author_position"] for a in tables["affiliations"]}
    assert {s["section"] for s in tables["paper_sections"]} == {"title", "abstract"}


def test_misaligned_record_loads_paper_but_not_affiliations(tmp_path: Path):
    record = _record(aff="Tsinghua University;Google", aff_domain="")
    summary, tables = _load(tmp_path, [record])
    assert [p["paper_id"] for p in tables["papers"]] == ["abc123"]
    assert tables["affiliations"] == []
    (error,) = tables["ingest_errors"]
    assert error["error_kind"] == "misaligned_fields"
    assert "3 authors but aff has 2 fields" in error["message"]
    assert summary.errors["misaligned_fields"] == 1


def test_malformed_and_duplicate_records_are_explained_and_the_rest_loads(
    tmp_path: Path,
):
    records = [
        _record(id="ok1"),
        _record(id="", title="No id"),
        _record(id="t0", title="  "),
        _record(id="ok1", title="Same id again"),
        _record(id="ok2", author="", aff="", aff_domain=""),
    ]
    summary, tables = _load(tmp_path, records)
    assert sorted(p["paper_id"] for p in tables["papers"]) == ["ok1", "ok2"]
    kinds = sorted(
        (e["error_kind"], e["paper_id"] or "-") for e in tables["ingest_errors"]
    )
    assert kinds == [
        ("duplicate_record", "ok1"),
        ("malformed_record", "-"),
        ("malformed_record", "t0"),
    ]
    assert summary.records == 5


def test_rerun_of_the_same_file_writes_nothing(tmp_path: Path):
    _load(tmp_path, [_record()])
    summary, tables = _load(tmp_path, [_record()])
    assert summary.skipped_file
    assert len(tables["papers"]) == 1


def test_file_that_is_not_a_record_list_becomes_one_error_row(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"not": "a list"', encoding="utf-8")
    summary = ingest_metadata(path, tmp_path / "raw")
    errors = write.read_column(tmp_path / "raw", "ingest_errors", ["error_kind"])
    assert [e["error_kind"] for e in errors] == ["not_metadata"]
    assert summary.errors["not_metadata"] == 1


def test_every_shared_paperlists_file_loads_and_explains_what_it_skips(tmp_path: Path):
    folder = SHARED / "dev" / "paperlists"
    files = sorted(folder.glob("*.json"))
    if not files:
        pytest.skip("shared paperlists not there")
    raw = tmp_path / "raw"
    for path in files:
        records = json.loads(path.read_text(encoding="utf-8"))
        summary = ingest_metadata(path, raw)
        skipped = (
            summary.errors["malformed_record"] + summary.errors["duplicate_record"]
        )
        assert summary.papers_written + skipped == len(records), path.name
    papers = write.read_column(raw, "papers", ["paper_id"])
    assert len(papers) > 10_000
