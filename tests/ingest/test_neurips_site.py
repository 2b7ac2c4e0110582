"""The conference site's data file (format neurips-site): a hand-written fixture in the
site's layout, its download with `paperscope fetch metadata`, and a warehouse mixing it
with paperlists metadata and PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path

import duckdb
import pytest

from ingest.fetch.client import Client, FetchError, FetchOptions
from ingest.fetch.site_data import fetch_site_data, site_data_url
from ingest.metadata.neurips_site import institutions
from ingest.metadata.paperlists import ingest_metadata
from ingest.pdf.pipeline import run_ingest
from ingest.raw import write
from ingest.warehouse.build import dbt_build
from tests.ingest.fetch_site import Resource, Server, Site

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "neurips-2024-orals-posters.json"
SAMPLE = REPO / "data" / "sample"
BIN = Path(sys.executable).parent


def _tables(raw: Path) -> dict[str, list[dict]]:
    return {
        "papers": write.read_column(
            raw, "papers", ["paper_id", "title", "abstract", "venue", "year"]
        ),
        "authorships": write.read_column(
            raw, "authorships", ["paper_id", "author_position", "author_name"]
        ),
        "affiliations": write.read_column(
            raw, "affiliations", ["paper_id", "author_position", "affiliation_raw"]
        ),
        "ingest_errors": write.read_column(
            raw, "ingest_errors", ["paper_id", "error_kind"]
        ),
    }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    raw = tmp_path_factory.mktemp("site") / "raw"
    summary = ingest_metadata(FIXTURE, raw)  # format auto: told apart by its shape
    return summary, _tables(raw)


def test_every_site_entry_is_a_paper_or_an_error_row(loaded):
    summary, tables = loaded
    entries = len(json.loads(FIXTURE.read_text(encoding="utf-8"))["results"])
    assert summary.records == entries == 9
    assert len(tables["papers"]) + len(tables["ingest_errors"]) == entries
    assert summary.papers_written == 5
    assert sorted(
        (row["error_kind"], row["paper_id"]) for row in tables["ingest_errors"]
    ) == [
        ("duplicate_record", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
        ("malformed_record", "untitled-0000000000000000000007"),
        ("not_a_paper", "tutorial-00000000000000000000002"),
        ("not_a_paper", "workshop-000000000000000000000001"),
    ]


def test_site_papers_take_the_edition_from_the_file_name(loaded):
    _, tables = loaded
    assert {(row["venue"], row["year"]) for row in tables["papers"]} == {
        ("neurips", 2024)
    }
    assert "93006" in {row["paper_id"] for row in tables["papers"]}  # no uid: its id


def test_html_entities_and_tags_are_decoded_and_non_ascii_names_kept(loaded):
    _, tables = loaded
    paper = next(
        row
        for row in tables["papers"]
        if row["paper_id"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    )
    assert paper["title"] == 'Robust Policies & Safe Exploration: A "Fair" Benchmark'
    assert paper["abstract"] == (
        "We propose a benchmark for safe exploration \u2014 with robust policies."
    )
    names = {row["author_name"] for row in tables["authorships"]}
    assert {"José García", "Zoë Müller", "李明", "Sarah O'Neil"} <= names


def test_empty_institutions_give_no_row_and_two_in_one_field_give_two(loaded):
    _, tables = loaded
    by_author: dict[tuple, list[str]] = {}
    for row in tables["affiliations"]:
        key = (row["paper_id"][:4], row["author_position"])
        by_author.setdefault(key, []).append(row["affiliation_raw"])
    assert by_author[("0f1e", 2)] == ["ETH Zürich", "Google DeepMind"]
    assert by_author[("1111", 1)] == ["Peking University", "Microsoft Research Asia"]
    assert ("0f1e", 3) not in by_author  # "" institution
    assert ("1111", 3) not in by_author  # null institution
    assert len(tables["affiliations"]) == 11


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("Texas A&M University", ["Texas A&M University"]),
        ("MIT / Harvard", ["MIT", "Harvard"]),
        ("Meta &amp; NYU", ["Meta", "NYU"]),
        ("  ", []),
        (None, []),
    ],
)
def test_institution_field_splits_only_between_institutions(field, expected):
    assert institutions(field) == expected


def test_paperlists_file_is_not_read_as_the_site_format(tmp_path: Path):
    path = tmp_path / "colm2024.json"
    path.write_text(json.dumps([{"id": "x", "title": "T"}]), encoding="utf-8")
    summary = ingest_metadata(path, tmp_path / "raw", fmt="neurips-site")
    assert dict(summary.errors) == {"not_metadata": 1}
    assert ingest_metadata(path, tmp_path / "raw2").papers_written == 1


def _options() -> FetchOptions:
    return FetchOptions(delay=0.0, retries=2, backoff=0.01, timeout=120)


def test_fetch_metadata_downloads_the_site_file_politely(tmp_path: Path):
    site = Site()
    path = "/static/virtual/data/neurips-2024-orals-posters.json"
    site.resources[path] = Resource(FIXTURE.read_bytes(), "application/json")
    site.faults[path] = deque([(503, {"Retry-After": "0"})])
    with Server(site) as base_url:
        saved, count = fetch_site_data(
            Client(_options()), "neurips", 2024, tmp_path / "out", base_url
        )
        with pytest.raises(FetchError) as missing:
            fetch_site_data(
                Client(_options()), "neurips", 2023, tmp_path / "out", base_url
            )
    assert saved == tmp_path / "out" / "neurips-2024-orals-posters.json"
    assert saved.read_bytes() == FIXTURE.read_bytes()
    assert count == 9
    assert [entry.status for entry in site.requests_for(path)] == [503, 200]
    assert missing.value.kind == "http_404"
    assert not list((tmp_path / "out").glob(".*"))  # no partial file left
    assert site_data_url("ICML", 2025) == (
        "https://icml.cc/static/virtual/data/icml-2025-orals-posters.json"
    )


def test_fetch_metadata_then_ingest_metadata_from_the_command_line(tmp_path: Path):
    site = Site()
    path = "/static/virtual/data/neurips-2024-orals-posters.json"
    site.resources[path] = Resource(FIXTURE.read_bytes(), "application/json")
    out, raw = tmp_path / "metadata", tmp_path / "raw"
    with Server(site) as base_url:
        script = (
            f"{BIN / 'paperscope'} fetch metadata --venue neurips --year 2024"
            f" --base-url {base_url} --out {out} --delay 0 && {BIN / 'paperscope'}"
            f" ingest-metadata {out / 'neurips-2024-orals-posters.json'}"
            f" --raw-dir {raw}"
        )
        env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
        result = subprocess.run(
            script, shell=True, cwd=REPO, env=env, capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(9 entries)" in result.stdout
    assert "records read: 9, papers written: 5" in result.stdout
    assert "not_a_paper=2" in result.stdout


def test_mixed_warehouse_of_site_paperlists_and_pdfs_builds(tmp_path: Path):
    raw = tmp_path / "raw"
    run_ingest(SAMPLE / "pdf", raw, workers=2)
    ingest_metadata(SAMPLE / "metadata" / "paperlists.json", raw)
    ingest_metadata(FIXTURE, raw)
    warehouse = tmp_path / "paperscope.duckdb"
    target_path = ("--target-path", str(tmp_path / "target"))
    assert dbt_build(REPO, raw, warehouse, "dev", target_path)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        editions = dict(
            con.execute(
                "select edition_id, count_papers from marts.dim_editions"
            ).fetchall()
        )
        countries = con.execute(
            "select count(distinct paper_id) from marts.bdg_paper_countries"
            " where paper_id in (select paper_id from marts.dim_papers"
            " where edition_id = 'neurips2024')"
        ).fetchone()[0]
    assert editions == {"unknown": 22, "neurips2024": 5}
    assert countries >= 4
