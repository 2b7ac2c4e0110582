"""The seed tools: seeds bootstrap, suggest, apply."""

from __future__ import annotations

from pathlib import Path

import click

from ingest.cli.base import (
    BadInput,
    main,
)

# -- seeds: the seed tools of ingest/warehouse/seeds ---------------------------


def _seed_tool(function, *args):
    """Call a seed tool; its SeedError (a missing file, a bad review row) is bad
    input."""
    from ingest.warehouse.seeds.common import SeedError

    try:
        return function(*args)
    except SeedError as problem:
        raise BadInput(str(problem)) from None


_SEEDS_DIR = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="The seeds folder.",
)


@main.group()
def seeds() -> None:
    """Seed tools: rebuild the generated rows, suggest and apply reviewed rows."""


@seeds.command("bootstrap")
@_SEEDS_DIR
@click.option(
    "--shared",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Shared data: reference/ (Hipo, Epoch AI) and dev/paperlists/.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="VENUE",
    help="Learn no aliases from paperlists files named VENUE or whose letters are "
    "VENUE (colm: colm2024 and colm2025). Repeatable.",
)
def seeds_bootstrap(seeds_dir: Path, shared: Path, exclude: tuple[str, ...]) -> None:
    """Rebuild the generated rows of the institution seeds and seeds/places.csv."""
    from ingest.warehouse.seeds.bootstrap import bootstrap

    for line in _seed_tool(bootstrap, seeds_dir, shared, exclude).lines():
        click.echo(line)


@seeds.command("suggest")
@click.argument(
    "warehouse", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--top", type=int, default=50, show_default=True)
@_SEEDS_DIR
def seeds_suggest(warehouse: Path, out: Path, top: int, seeds_dir: Path) -> None:
    """Write a review CSV of the TOP unresolved strings with candidate matches."""
    from ingest.warehouse.seeds.suggest import suggest

    written, matched = _seed_tool(suggest, warehouse, out, top, seeds_dir)
    click.echo(f"wrote {written} strings ({matched} with a candidate) to {out}")


@seeds.command("apply")
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_SEEDS_DIR
@click.option(
    "--source",
    type=click.Choice(["review", "curated"]),
    default="review",
    show_default=True,
    help="The source column of the added rows: review (decided on unresolved "
    "strings) or curated (written from knowledge, by sector or country).",
)
def seeds_apply(review: Path, seeds_dir: Path, source: str) -> None:
    """Add the rows decided in REVIEW to the seeds, sorted."""
    from ingest.warehouse.seeds.apply import apply_review

    for line in _seed_tool(apply_review, review, seeds_dir, source).lines():
        click.echo(line)
