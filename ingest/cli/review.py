"""The review loop: review export, review apply (ingest/warehouse/review.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ingest.cli.base import BadInput, _on_warehouse, _warehouse, main

_SEED = click.option(
    "--seed",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("seeds/review_decisions.csv"),
    show_default=True,
    help="The review decisions seed.",
)
_WAREHOUSE = click.option(
    "--warehouse", help="DuckDB file [$PAPERSCOPE_WAREHOUSE or warehouse/...]."
)


def _review_tool(function, *args):
    """Call a review tool; a bad worksheet row or an unreadable warehouse is bad
    input (one line, exit 2)."""
    from ingest.warehouse.review import ReviewError

    try:
        return _on_warehouse(function, *args)
    except ReviewError as problem:
        raise BadInput(str(problem)) from None


@main.group()
def review() -> None:
    """Review decisions: export a worksheet, apply the decisions filled in it."""


@review.command("export")
@click.option(
    "--flag",
    type=click.Choice(["us_china"]),
    default="us_china",
    show_default=True,
    help="The flag whose papers to review.",
)
@click.option("--edition", help="Only this edition (dim_editions.edition_id).")
@_WAREHOUSE
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_SEED
def review_export(
    flag: str, edition: str | None, warehouse: str | None, out: Path, seed: Path
) -> None:
    """Write a worksheet: one row per paper and affiliation, papers whose flag
    could change first, with empty decision columns to fill."""
    from ingest.warehouse.review import export_worksheet

    papers, rows = _review_tool(
        export_worksheet, _warehouse(warehouse), out, flag, edition, seed
    )
    click.echo(f"wrote {papers} papers ({rows} affiliations) to {out}")


@review.command("apply")
@click.argument(
    "worksheet", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_SEED
@_WAREHOUSE
def review_apply(worksheet: Path, seed: Path, warehouse: str | None) -> None:
    """Check the decisions filled in WORKSHEET and merge them into the seed."""
    from ingest.warehouse.review import apply_worksheet

    for line in _review_tool(
        apply_worksheet, worksheet, seed, _warehouse(warehouse)
    ).lines():
        click.echo(line)
