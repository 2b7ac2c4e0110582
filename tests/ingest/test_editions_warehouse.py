"""Editions in one warehouse: two years of one venue (colm2024 and colm2025 paperlists,
plus the typeset colm2025 PDFs) built together, and each year built alone. Every
edition's headline in the shared warehouse equals the headline of its own warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.metadata.paperlists import ingest_metadata
from ingest.pdf.pipeline import run_ingest
from ingest.raw.editions import Edition
from ingest.warehouse.build import dbt_build, headline_table
from ingest.warehouse.report import write_report
from tests.ingest.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]
PAPERLISTS = SHARED / "dev" / "paperlists"
TYPESET = SHARED / "dev" / "typeset" / "colm2025" / "pdf"
EDITIONS = ("colm2024", "colm2025")

pytestmark = pytest.mark.skipif(
    not (PAPERLISTS / "colm2024.json").exists() or not TYPESET.is_dir(),
    reason="needs the shared dev data",
)


def _build(folder: Path, raw: Path) -> Path:
    warehouse = folder / "paperscope.duckdb"
    target_path = ("--target-path", str(folder / "target"))
    assert dbt_build(REPO, raw, warehouse, "dev", target_path)
    return warehouse


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """'both' (the two years together) and one warehouse per edition."""
    root = tmp_path_factory.mktemp("editions")
    alone = {edition: root / edition / "raw" for edition in EDITIONS}
    run_ingest(TYPESET, alone["colm2025"], workers=2, edition=Edition("COLM", 2025))
    both = root / "both" / "raw"
    shutil.copytree(alone["colm2025"], both)
    for edition in EDITIONS:  # the file name names the edition
        ingest_metadata(PAPERLISTS / f"{edition}.json", alone[edition])
        ingest_metadata(PAPERLISTS / f"{edition}.json", both)
    built = {name: _build(raw.parent, raw) for name, raw in alone.items()}
    built["both"] = _build(both.parent, both)
    return built


def _headline(warehouse: Path, edition: str) -> dict[tuple, tuple[float, ...]]:
    """(metric, policy, scope, counting, basis) -> (figure, low, high)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            tuple(row[:5]): tuple(row[5:])
            for row in con.execute(
                "select metric, territory_policy, mention_scope, counting,"
                " evidence_basis, figure, figure_low, figure_high"
                " from marts.rpt_headline where edition_id = ?",
                [edition],
            ).fetchall()
        }


PAPERS = ("papers", "all", "all", "whole", "all")


def test_dim_editions_has_one_row_per_edition(warehouses: dict[str, Path]):
    with duckdb.connect(str(warehouses["both"]), read_only=True) as con:
        rows = con.execute(
            "select edition_id, venue, year, track, count_papers"
            " from marts.dim_editions order by edition_id"
        ).fetchall()
        papers = con.execute("select count(*) from marts.dim_papers").fetchone()[0]
    assert [row[:4] for row in rows] == [
        ("colm2024", "colm", 2024, "main"),
        ("colm2025", "colm", 2025, "main"),
    ]
    assert sum(row[4] for row in rows) == papers
    assert rows[0][4] == 299  # every colm2024 record is a paper


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_editions_headline_equals_a_warehouse_of_that_edition_alone(
    warehouses: dict[str, Path], edition: str
):
    together = _headline(warehouses["both"], edition)
    alone = _headline(warehouses[edition], edition)
    assert _headline(warehouses[edition], "all") == alone
    assert together.keys() == alone.keys()
    different = {
        key: (together[key], alone[key])
        for key in together
        if together[key] != pytest.approx(alone[key], rel=1e-9, abs=1e-12)
    }
    assert not different
    assert together[PAPERS][0] > 250


def test_all_counts_every_edition_once(warehouses: dict[str, Path]):
    all_papers = _headline(warehouses["both"], "all")[PAPERS][0]
    assert all_papers == sum(
        _headline(warehouses[edition], edition)[PAPERS][0] for edition in EDITIONS
    )


def test_run_prints_one_column_per_edition(warehouses: dict[str, Path]):
    header, _rule, *rows = headline_table(warehouses["both"]).splitlines()
    assert header.split() == [
        "metric",
        "territory_policy",
        "mention_scope",
        "counting",
        "evidence_basis",
        "all",
        "colm2024",
        "colm2025",
    ]
    papers = next(row.split() for row in rows if row.startswith("papers "))
    assert int(papers[5]) == int(papers[6]) + int(papers[7])


def test_report_shows_the_trend_chart_and_a_column_per_edition(
    warehouses: dict[str, Path], tmp_path: Path
):
    page = write_report(warehouses["both"], tmp_path / "report.html").read_text(
        encoding="utf-8"
    )
    start = page.index('<svg id="chart-trend"')
    chart = page[start : page.index("</svg>", start)]
    for year in (2024, 2025):
        assert f'<g id="point-chart-trend-COLM-{year}"' in chart
    with duckdb.connect(str(warehouses["both"]), read_only=True) as con:
        count, total = con.execute(
            "select figure from marts.rpt_headline where edition_id = 'colm2024'"
            " and is_default_view and metric in ('us_china_papers', 'papers')"
            " order by sort_order desc"
        ).fetchall()
    assert f"{count[0]:,.0f} of {total[0]:,.0f}" in chart  # the counts are labelled
    assert "<th>colm2024</th><th>colm2025</th>" in page
    assert "<script" not in page and "https://" not in page
