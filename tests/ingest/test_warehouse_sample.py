"""The sample corpus with its generated metadata, built into a warehouse: the planted
metadata cases (ingest/samples.py: sample_paperlists) come out where they should."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ingest.metadata.paperlists import ingest_metadata
from ingest.pdf.pipeline import run_ingest
from ingest.warehouse.build import dbt_build
from ingest.warehouse.diff import diff_builds
from ingest.warehouse.export import export_marts
from ingest.warehouse.report import write_report

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus and its metadata, built; returns the warehouse path."""
    folder = tmp_path_factory.mktemp("sample")
    raw, path = folder / "raw", folder / "paperscope.duckdb"
    run_ingest(SAMPLE / "pdf", raw, workers=2)
    ingest_metadata(SAMPLE / "metadata" / "paperlists.json", raw)
    assert dbt_build(REPO, raw, path)
    return path


@pytest.fixture(scope="module")
def warehouse(built: Path):
    with duckdb.connect(str(built), read_only=True) as con:
        yield con


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


def test_report_is_one_offline_file_with_its_charts_and_review_lists(
    built: Path, tmp_path: Path
):
    out = write_report(built, tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    for chart in ("chart-collaborations", "chart-mentions", "chart-coverage"):
        start = page.index(f'<svg id="{chart}"')
        assert f'<g id="bar-{chart}-0-0"' in page[start : page.index("</svg>", start)]
    assert '<svg id="chart-trend"' in page  # no edition with a year: no lines
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page and "https://" not in page
    assert "sample-03" in page  # a US-China paper in the review list
    assert "papers in dim_papers" in page  # definitions are stated


def test_export_writes_every_mart_as_parquet(built: Path, tmp_path: Path, warehouse):
    paths = export_marts(built, tmp_path / "parquet")
    marts = {
        name
        for (name,) in warehouse.execute(
            "select table_name from information_schema.tables"
            " where table_schema = 'marts'"
        ).fetchall()
    }
    assert {p.stem for p in paths} == marts
    count = warehouse.execute("select count(*) from marts.dim_papers").fetchone()[0]
    assert (
        pq.read_metadata(tmp_path / "parquet" / "dim_papers.parquet").num_rows == count
    )


def test_a_second_process_reads_the_warehouse_while_it_is_queried(built: Path):
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True);"
        " print(con.execute('select count(*) from marts.dim_papers').fetchone()[0])"
    )
    with duckdb.connect(str(built), read_only=True) as con:
        con.execute("select * from marts.fct_affiliations").fetchall()
        result = subprocess.run(
            [sys.executable, "-c", code, str(built)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert int(result.stdout) == 22


def test_diff_reports_exactly_the_papers_a_seed_edit_moves(
    built: Path, tmp_path: Path, warehouse
):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, project / name)
    for name in ("models", "macros", "seeds"):
        shutil.copytree(REPO / name, project / name)
    shutil.copytree(REPO / "tests" / "dbt", project / "tests" / "dbt")
    institutions = project / "seeds" / "institutions.csv"
    text = institutions.read_text(encoding="utf-8")
    edited = text.replace(
        "peking-university,Peking University,CN,",
        "peking-university,Peking University,SG,",
    )
    assert edited != text
    institutions.write_text(edited, encoding="utf-8")
    raw = next(built.parent.glob("raw"))
    new = tmp_path / "new.duckdb"
    assert dbt_build(project, raw, new)

    affected = {
        paper_id
        for (paper_id,) in warehouse.execute(
            "select distinct a.paper_id from marts.fct_affiliations a"
            " join intermediate.int_paper_sources_chosen c"
            " on a.paper_id = c.paper_id and a.source = c.source"
            " where a.institution_id = 'peking-university'"
            # a printed address ("..., Beijing, China") outranks the seed's country
            " and a.match_method in ('alias', 'alias_context')"
        ).fetchall()
    }
    assert affected
    result = diff_builds(built, new)
    # a paper gains SG unless it had SG already, and loses CN unless another
    # affiliation keeps it there; either way it is listed, and no other paper is
    assert set(result.gained) | set(result.lost) == affected
    assert all(codes == {"SG"} for codes in result.gained.values())
    assert all(codes == {"CN"} for codes in result.lost.values())
    changed = {(metric, policy) for metric, policy, *_ in result.headline}
    assert ("us_china_papers", "iso") in changed
