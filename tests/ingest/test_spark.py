"""The same dbt project on Spark (target `spark`, PySpark session) and on DuckDB.

`dbt build --target spark` (models, every seed, data tests) runs on the sample corpus
and on one typeset dev set; the headline, country bridge and mention marts must hold
exactly the same rows on both engines. The dbt unit tests run in the DuckDB builds
only: on Spark each costs a job per fixture row (the fuzzy-matching ones took 2-3
minutes each), and the identical marts already show that the models compute the
same on both engines. Spark's managed tables are Parquet
folders under <spark dir>/tables/<schema>.db/, so they are read back with DuckDB.
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


def _assert_same_marts(warehouse: Path, spark_dir: Path) -> dict[str, int]:
    counts = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for mart in MARTS:
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns"
                    " where table_schema = 'marts' and table_name = ?"
                    " order by ordinal_position",
                    [mart],
                ).fetchall()
            ]
            folder = spark_dir / "tables" / "marts.db" / mart
            assert folder.is_dir(), f"Spark built no {mart} at {folder}"
            on_duckdb = _rows(con, f"marts.{mart}", columns)
            on_spark = _rows(con, f"read_parquet('{folder}/*.parquet')", columns)
            only_duckdb = [r for r in on_duckdb if r not in on_spark][:5]
            only_spark = [r for r in on_spark if r not in on_duckdb][:5]
            assert on_duckdb == on_spark, (mart, only_duckdb, only_spark)
            counts[mart] = len(on_duckdb)
    return counts


@pytest.fixture(scope="module")
def spark_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Spark warehouse for the module: the sample build loads the seeds, the
    typeset build reuses them."""
    return tmp_path_factory.mktemp("spark")


@pytest.fixture(scope="module")
def sample_on_spark(spark_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sample")
    raw = folder / "raw"
    run_ingest(REPO / "data" / "sample" / "pdf", raw, workers=2)
    ingest_metadata(REPO / "data" / "sample" / "metadata" / "paperlists.json", raw)
    warehouse = folder / "paperscope.duckdb"
    target_path = ("--target-path", str(folder / "target"))
    assert dbt_build(REPO, raw, warehouse, "dev", target_path)
    no_unit_tests = ("--exclude", "resource_type:unit_test")
    assert dbt_build(REPO, raw, spark_dir, "spark", (*target_path, *no_unit_tests))
    return warehouse


def test_sample_corpus_marts_are_identical_on_spark(sample_on_spark, spark_dir):
    counts = _assert_same_marts(sample_on_spark, spark_dir)
    assert all(counts.values()), counts


def test_typeset_dev_set_marts_are_identical_on_spark(
    sample_on_spark, spark_dir, tmp_path: Path
):
    if not (TYPESET / "pdf").is_dir():
        pytest.skip("shared typeset dev set not there")
    raw, warehouse = tmp_path / "raw", tmp_path / "paperscope.duckdb"
    run_ingest(TYPESET / "pdf", raw, workers=2)
    target_path = ("--target-path", str(tmp_path / "target"))
    assert dbt_build(REPO, raw, warehouse, "dev", target_path)
    # the seeds (and their tests), which do not read the corpus, were loaded by the
    # sample build into the same metastore
    again = ("--exclude", "resource_type:seed", "resource_type:unit_test")
    assert dbt_build(REPO, raw, spark_dir, "spark", (*target_path, *again))
    counts = _assert_same_marts(warehouse, spark_dir)
    assert counts["bdg_paper_countries"] > 500 and counts["fct_paper_mentions"] > 100
