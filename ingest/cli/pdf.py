"""Commands of the pdf room: ingest, inspect, make-samples."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ingest.cli.base import (
    BadInput,
    _edition,
    _edition_options,
    _progress_bar,
    _raw_dir,
    main,
)
from ingest.pdf.extract import DEFAULT_MAX_PAGES
from ingest.pdf.pipeline import DEFAULT_BATCH_SIZE
from ingest.pdf.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, Limits


@main.command()
@click.argument(
    "pdf_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--raw-dir", help="Where the Parquet tables go [$PAPERSCOPE_RAW_DIR or data/raw]."
)
@_edition_options
@click.option("--workers", type=int, default=os.cpu_count() or 1, show_default=True)
@click.option("--force", is_flag=True, help="Redo files that were already ingested.")
@click.option("--max-pages", type=int, default=DEFAULT_MAX_PAGES, show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any file had an error.")
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds one file may take before its worker is stopped (0: no limit).",
)
@click.option(
    "--memory-mb",
    type=int,
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="Resident memory one worker may use (0: no limit).",
)
@click.option(
    "--batch-size",
    type=int,
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Files per atomic Parquet batch.",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Read only slice K of N (by sha256); N shards, run anywhere at the same"
    " time into one raw dir, write what one run writes. See docs/scale-out.md.",
)
def ingest(
    pdf_dir: Path,
    raw_dir: str | None,
    workers: int,
    force: bool,
    max_pages: int,
    strict: bool,
    timeout: float,
    memory_mb: int,
    batch_size: int,
    shard: str | None,
    venue: str | None,
    year: int | None,
    track: str | None,
) -> None:
    """Read every PDF below PDF_DIR into Parquet tables. The edition comes from the
    flags, else from PDF_DIR/manifest.csv (paperscope fetch), else is unknown."""
    from ingest.pdf.pipeline import Shard

    limits = Limits(timeout_seconds=timeout, memory_mb=memory_mb)
    try:  # a bad --shard, or --force with --shard (refused by run_ingest)
        slice_ = Shard.parse(shard) if shard else None
        summary = _ingest(
            pdf_dir,
            _raw_dir(raw_dir),
            workers,
            force,
            max_pages,
            limits,
            batch_size,
            slice_,
            _edition(venue, year, track),
        )
    except ValueError as problem:
        raise click.UsageError(str(problem)) from None
    if strict and summary.errors:
        sys.exit(1)


def _ingest(
    pdf_dir: Path,
    raw_dir: Path,
    workers: int,
    force: bool,
    max_pages: int,
    limits: Limits | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    shard=None,
    edition=None,
):
    from ingest.pdf.pipeline import discover, run_ingest
    from ingest.raw.editions import NO_EDITION

    if not discover(pdf_dir):
        raise BadInput(f"{pdf_dir}: no PDF files found in this folder or below it")
    summary = run_ingest(
        pdf_dir,
        raw_dir,
        workers=workers,
        force=force,
        max_pages=max_pages,
        progress=_progress_bar("ingesting"),
        limits=limits,
        batch_size=batch_size,
        shard=shard,
        edition=edition or NO_EDITION,
    )
    for line in summary.lines():
        click.echo(line, err=True)
    return summary


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--explain",
    is_flag=True,
    help="Also show page 1's zones and author columns, and why each header line "
    "is a name, an affiliation, a contact or noise.",
)
def inspect(pdf: Path, as_json: bool, explain: bool) -> None:
    """Show what ingest finds in one PDF: title, authors, affiliations, sections."""
    from ingest.pdf.inspect import inspect_pdf
    from ingest.raw.errors import IngestError

    try:
        click.echo(inspect_pdf(pdf, as_json, explain))
    except IngestError as error:
        where = "" if str(pdf) in str(error) else f"{pdf}: "
        raise BadInput(f"{where}{error.error_kind}: {error}") from None


@main.command("make-samples")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--count", type=int, default=20, show_default=True)
@click.option(
    "--metadata",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write paperlists-style metadata for the corpus to this file.",
)
def make_samples(out_dir: Path, count: int, metadata: Path | None) -> None:
    """Write the generated sample corpus (NeurIPS-like PDFs) into OUT_DIR."""
    from ingest.samples import write_sample_corpus, write_sample_metadata

    paths = write_sample_corpus(out_dir, count)
    click.echo(f"wrote {len(paths)} PDFs to {out_dir}", err=True)
    if metadata is not None:
        write_sample_metadata(metadata, count)
        click.echo(f"wrote metadata to {metadata}", err=True)
