"""Editions as data: every raw paper row carries venue, year and track."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ingest.metadata.paperlists import ingest_metadata
from ingest.pdf.pipeline import run_ingest
from ingest.raw import write
from ingest.raw.editions import Edition, edition_from_file_name
from ingest.samples import AuthorSpec, PaperSpec, write_pdf

EDITION_COLUMNS = ["paper_id", "venue", "year", "track"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("icml2024.json", Edition("icml", 2024)),
        ("colm2025.json", Edition("colm", 2025)),
        ("neurips-2025-orals-posters.json", Edition("neurips", 2025)),
        ("aistats_2023.json", Edition("aistats", 2023)),
        ("paperlists.json", Edition()),
        ("2024.json", Edition()),
    ],
)
def test_metadata_file_name_names_the_edition(name: str, expected: Edition):
    assert edition_from_file_name(Path(name)) == expected


def _metadata(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    record = {"id": "r1", "title": "A Paper", "author": "Ada Li", "aff": "MIT"}
    path.write_text(json.dumps([record]), encoding="utf-8")
    return path


def test_metadata_edition_comes_from_the_file_name_and_flags_win(tmp_path: Path):
    raw = tmp_path / "raw"
    summary = ingest_metadata(_metadata(tmp_path, "icml2024.json"), raw)
    assert summary.papers_without_edition == 0
    flagged = ingest_metadata(
        _metadata(tmp_path, "iclr2023.json"),
        raw,
        edition=Edition("NeurIPS", None, "Datasets"),
    )
    assert flagged.papers_without_edition == 0
    rows = sorted(
        (row["venue"], row["year"], row["track"])
        for row in write.read_column(raw, "papers", ["venue", "year", "track"])
    )
    assert rows == [("icml", 2024, None), ("neurips", 2023, "datasets")]


def test_metadata_without_an_edition_is_unknown_and_counted(tmp_path: Path):
    raw = tmp_path / "raw"
    summary = ingest_metadata(_metadata(tmp_path, "papers.json"), raw)
    assert summary.papers_without_edition == 1
    assert any("venue 'unknown'): 1" in line for line in summary.lines())
    assert write.read_column(raw, "papers", ["venue", "year"]) == [
        {"venue": "unknown", "year": None}
    ]


def _pdfs(folder: Path, count: int) -> None:
    author = AuthorSpec("Ada Li", ("Tsinghua University, China",), "ada@x.cn")
    for index in range(count):
        spec = PaperSpec(title=f"Paper Number {index}", authors=[author])
        write_pdf(spec, folder / f"p{index}.pdf")


def test_pdf_edition_defaults_from_the_manifest_and_flags_win(tmp_path: Path):
    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    _pdfs(pdf_dir, 3)
    with (pdf_dir / "manifest.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["paper_id", "file", "venue", "year"])
        writer.writeheader()
        writer.writerow({"paper_id": "p0", "file": "p0.pdf", "venue": "neurips"})
        writer.writerow(
            {"paper_id": "p1", "file": "p1.pdf", "venue": "nips", "year": "2024"}
        )
    raw = tmp_path / "raw"
    summary = run_ingest(pdf_dir, raw, workers=0, edition=Edition(year=2025))
    rows = {
        row["paper_id"]: (row["venue"], row["year"], row["track"])
        for row in write.read_column(raw, "papers", EDITION_COLUMNS)
    }
    assert rows == {
        "p0": ("neurips", 2025, None),
        "p1": ("nips", 2025, None),
        "p2": ("unknown", 2025, None),
    }
    assert summary.papers_without_edition == 1
    assert any("venue 'unknown'): 1" in line for line in summary.lines())
