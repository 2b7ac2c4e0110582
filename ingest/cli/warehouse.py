"""Commands that build or read a warehouse: build, run, report, diff, export."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ingest.cli.base import (
    PROJECT_DIR,
    BadInput,
    _on_warehouse,
    _progress_bar,
    _raw_dir,
    _warehouse,
    main,
)
from ingest.cli.metadata import _refuse_not_metadata
from ingest.cli.pdf import _ingest
from ingest.pdf.extract import DEFAULT_MAX_PAGES


@main.command()
@click.option("--raw-dir", help="Raw Parquet tables [$PAPERSCOPE_RAW_DIR or data/raw].")
@click.option(
    "--warehouse",
    help="DuckDB file [$PAPERSCOPE_WAREHOUSE or warehouse/...]; with --target"
    " spark, the folder for Spark's tables and metastore [warehouse/spark].",
)
@click.option(
    "--target",
    type=click.Choice(["dev", "spark"]),
    default="dev",
    show_default=True,
    help="dev: DuckDB; spark: the same models on PySpark (docs/scale-out.md).",
)
def build(raw_dir: str | None, warehouse: str | None, target: str) -> None:
    """Run `dbt build` on the raw tables into the warehouse."""
    if target == "spark":
        spark_dir = warehouse or os.environ.get("PAPERSCOPE_SPARK_DIR")
        _build(_raw_dir(raw_dir), Path(spark_dir or "warehouse/spark"), target)
    else:
        _build(_raw_dir(raw_dir), _warehouse(warehouse))


def _build(raw_dir: Path, warehouse: Path, target: str = "dev") -> None:
    from ingest.warehouse.build import RawDirError, check_raw_dir, dbt_build

    try:
        check_raw_dir(raw_dir)
    except RawDirError as problem:
        raise BadInput(str(problem)) from None
    ok = dbt_build(PROJECT_DIR, raw_dir, warehouse, target)
    if not ok:
        raise click.ClickException("dbt build failed; see the dbt output above")


@main.command()
@click.argument(
    "pdf_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--raw-dir", help="Raw Parquet tables [$PAPERSCOPE_RAW_DIR or data/raw].")
@click.option(
    "--warehouse", help="DuckDB file [$PAPERSCOPE_WAREHOUSE or warehouse/...]."
)
@click.option("--workers", type=int, default=os.cpu_count() or 1, show_default=True)
@click.option(
    "--metadata",
    "metadata_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also load this paperlists JSON (repeatable).",
)
def run(
    pdf_dir: Path,
    raw_dir: str | None,
    warehouse: str | None,
    workers: int,
    metadata_files: tuple[Path, ...],
) -> None:
    """Ingest PDF_DIR (and metadata), build the warehouse, print the headline."""
    from ingest.metadata.paperlists import ingest_metadata as load
    from ingest.warehouse.build import headline_table
    from ingest.warehouse.review import review_coverage_table

    raw, wh = _raw_dir(raw_dir), _warehouse(warehouse)
    _ingest(pdf_dir, raw, workers, False, DEFAULT_MAX_PAGES)
    not_metadata = []
    for path in metadata_files:
        summary = load(path, raw)
        for line in summary.lines():
            click.echo(f"{path}: {line}", err=True)
        if summary.errors.get("not_metadata"):
            not_metadata.append(str(path))
    _refuse_not_metadata(not_metadata, "paperlists")
    _build(raw, wh)
    click.echo(_on_warehouse(headline_table, wh))
    coverage = _on_warehouse(review_coverage_table, wh)
    if coverage:
        click.echo(coverage)


@main.command()
@click.option(
    "--warehouse", help="DuckDB file [$PAPERSCOPE_WAREHOUSE or warehouse/...]."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
)
@click.option(
    "--pdf-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder given to `paperscope ingest`: the evidence section shows each"
    " listed paper's page from it [images are off without it].",
)
def report(warehouse: str | None, out: Path, pdf_dir: Path | None) -> None:
    """Write one self-contained HTML report (tables, SVG charts, evidence crops)."""
    from ingest.pdf.crops import render_crop
    from ingest.warehouse.evidence import Crops
    from ingest.warehouse.report import write_report

    crops = None
    if pdf_dir is not None:
        crops = Crops(render_crop, pdf_dir, _progress_bar("evidence crops"))
    wrote = _on_warehouse(write_report, _warehouse(warehouse), out, crops)
    click.echo(f"wrote {wrote}")


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Show how the headline and the papers' countries changed from OLD to NEW."""
    from ingest.warehouse.diff import diff_builds

    for line in _on_warehouse(diff_builds, old, new).lines():
        click.echo(line)


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["parquet"]), default="parquet")
@click.option(
    "--warehouse", help="DuckDB file [$PAPERSCOPE_WAREHOUSE or warehouse/...]."
)
def export(out_dir: Path, fmt: str, warehouse: str | None) -> None:
    """Write every mart as OUT_DIR/<mart>.parquet."""
    from ingest.warehouse.export import export_marts

    paths = _on_warehouse(export_marts, _warehouse(warehouse), out_dir)
    click.echo(f"wrote {len(paths)} {fmt} files to {out_dir}")
