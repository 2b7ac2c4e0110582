"""The same dbt project on Spark (target `spark`, PySpark session) and on DuckDB.

`dbt build --target spark` (models, every seed, data tests) runs once, on the sample
corpus and one typeset dev set ingested together; the headline, country bridge and
mention marts, and every seed table, must hold exactly the same rows on both
engines. The dbt unit tests run in the DuckDB build only: on Spark each costs a job
per fixture row (the fuzzy-matching ones took 2-3 minutes each), and the identical
marts already show that the models compute the same on both engines. Spark's
managed tables are Parquet folders under <spark dir>/tables/<schema>.db/, so they
are read back with DuckDB.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from ingest.metadata.paperlists import ingest_metadata
from ingest.pdf.pipeline import run_ingest
from ingest.warehouse.build import dbt_build
from tests.ingest.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]
MARTS = ("rpt_headline", "bdg_paper_countries", "fct_paper_mentions")
TYPESET = SHARED / "dev" / "typeset" / "colm2025"
HAS_TYPESET = (TYPESET / "pdf").is_dir()


def _rows(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> list:
    query = f"select {', '.join(columns)} from {relation}"
    return sorted(
        (tuple(_comparable(v) for v in row) for row in con.execute(query).fetchall()),
        key=repr,
    )


def _comparable(value):
    if isinstance(value, float) and not math.isnan(value):
        return float(f"{value:.12g}")  # both engines round figures to 9 decimals
    return value


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    query = (
        "select column_name from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position"
    )
    return [row[0] for row in con.execute(query, [schema, table]).fetchall()]


def _assert_same_tables(
    warehouse: Path, spark_dir: Path, schema: str, tables
) -> dict[str, int]:
    """Every table of `schema` holds the same rows on DuckDB and on Spark; returns
    the row counts."""
    counts = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in tables:
            columns = _columns(con, schema, table)
            assert columns, f"DuckDB built no {schema}.{table}"
            folder = spark_dir / "tables" / f"{schema}.db" / table
            assert folder.is_dir(), f"Spark built no {table} at {folder}"
            on_duckdb = _rows(con, f"{schema}.{table}", columns)
            on_spark = _parquet_rows(con, folder, columns)
            assert len(on_duckdb) == len(on_spark), (table, len(on_duckdb))
            only_duckdb = [r for r in on_duckdb if r not in on_spark][:5]
            only_spark = [r for r in on_spark if r not in on_duckdb][:5]
            assert on_duckdb == on_spark, (table, only_duckdb, only_spark)
            counts[table] = len(on_duckdb)
    return counts


def _parquet_rows(con: duckdb.DuckDBPyConnection, folder: Path, columns) -> list:
    if not any(folder.glob("*.parquet")):  # an empty table is a folder of no files
        return []
    return _rows(con, f"read_parquet('{folder}/*.parquet')", columns)


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One corpus, built once on each engine: the sample corpus (PDFs and
    metadata) and, when the shared data is there, a typeset dev set of about 500
    papers ingested into the same raw dir. Each Spark build costs minutes of
    query planning, so both corpora share one."""
    folder = tmp_path_factory.mktemp("corpus")
    raw = folder / "raw"
    run_ingest(REPO / "data" / "sample" / "pdf", raw, workers=2)
    ingest_metadata(REPO / "data" / "sample" / "metadata" / "paperlists.json", raw)
    if HAS_TYPESET:
        run_ingest(TYPESET / "pdf", raw, workers=2)
    warehouse, spark_dir = folder / "paperscope.duckdb", folder / "spark"
    target_path = ("--target-path", str(folder / "target"))
    assert dbt_build(REPO, raw, warehouse, "dev", target_path)
    no_unit_tests = ("--exclude", "resource_type:unit_test")
    assert dbt_build(REPO, raw, spark_dir, "spark", (*target_path, *no_unit_tests))
    return warehouse, spark_dir


def test_marts_are_identical_on_spark(both_engines):
    counts = _assert_same_tables(*both_engines, "marts", MARTS)
    assert all(counts.values()), counts
    if HAS_TYPESET:
        assert counts["bdg_paper_countries"] > 500, counts
        assert counts["fct_paper_mentions"] > 100, counts


def test_seeds_load_the_same_on_spark(both_engines):
    """Spark reads each seed's CSV file itself (macros/spark_seeds.sql); DuckDB
    loads the rows dbt parsed. Every seed table holds the same rows on both."""
    seeds = sorted(path.stem for path in (REPO / "seeds").glob("*.csv"))
    _assert_same_tables(*both_engines, "seeds", seeds)
