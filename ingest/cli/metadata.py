"""Commands of the metadata room: ingest-metadata."""

from __future__ import annotations

from pathlib import Path

import click

from ingest.cli.base import (
    BadInput,
    _edition,
    _edition_options,
    _raw_dir,
    main,
)


@main.command("ingest-metadata")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--raw-dir", help="Raw Parquet tables [$PAPERSCOPE_RAW_DIR or data/raw].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "paperlists", "neurips-site"]),
    default="auto",
    show_default=True,
    help="auto: a JSON list is paperlists, an object of results the site's file.",
)
@click.option("--force", is_flag=True, help="Reload files that were already ingested.")
@_edition_options
def ingest_metadata(
    files: tuple[Path, ...], raw_dir: str | None, fmt: str, force: bool, **edition
) -> None:
    """Load conference metadata (paperlists JSON, or the conference site's
    neurips-2025-orals-posters.json) into the raw tables. The edition comes from the
    flags, else from the file name (icml2024.json: icml, 2024)."""
    from ingest.metadata.paperlists import ingest_metadata as load

    not_metadata = []
    for path in files:
        summary = load(path, _raw_dir(raw_dir), fmt, force, _edition(**edition))
        click.echo(f"{path}:")
        for line in summary.lines():
            click.echo(f"  {line}")
        if summary.errors.get("not_metadata"):
            not_metadata.append(str(path))
    _refuse_not_metadata(not_metadata, fmt)


def _refuse_not_metadata(paths: list[str], fmt: str) -> None:
    """Files that were not metadata at all (recorded as not_metadata error rows)."""
    if paths:
        kind = "metadata" if fmt == "auto" else f"{fmt} metadata"
        raise BadInput(
            f"{', '.join(paths)}: not a {kind} file (paperlists: a JSON list of"
            " records; neurips-site: an object with a list of results);"
            " recorded as a not_metadata error row"
        )
