"""paperscope CLI: parse arguments, set up logging and progress, call pipeline."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ingest.pdf.extract import DEFAULT_MAX_PAGES
from ingest.pdf.pipeline import DEFAULT_BATCH_SIZE
from ingest.pdf.workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, Limits

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "warehouse/paperscope.duckdb"

log = logging.getLogger("paperscope")


class BadInput(click.ClickException):
    """Bad input (a missing path, a file of the wrong kind): exit status 2."""

    exit_code = 2


class _OneLineErrors(click.Group):
    """Every error the user can cause is one line on stderr, never a traceback:
    usage errors and BadInput exit 2, other ClickExceptions (a failed dbt build, a
    download that failed) exit 1, and an OSError on an input (unreadable, not a
    folder) exits 2 naming the path."""

    def main(self, args=None, prog_name=None, **extra):  # type: ignore[override]
        extra.pop("standalone_mode", None)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "paperscope"
            _error_line(command, error.format_message())
            sys.exit(2)
        except click.ClickException as error:
            _error_line("paperscope", error.format_message())
            sys.exit(error.exit_code)
        except click.Abort:
            _error_line("paperscope", "aborted")
            sys.exit(1)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            _error_line("paperscope", f"{where}{error.strerror or error}")
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)


def _error_line(command: str, message: str) -> None:
    click.echo(f"{command}: error: " + " ".join(message.split()), err=True)


def _progress_bar(label: str):
    """A progress callback (stream, total) -> stream: a bar with ETA on stderr."""

    def progress(stream: Iterator, total: int) -> Iterator:
        with click.progressbar(
            stream,
            length=total,
            label=label,
            show_eta=True,
            show_pos=True,
            file=sys.stderr,
        ) as bar:
            yield from bar

    return progress


def _on_warehouse(function, *args):
    """Call function(*args); a warehouse that cannot be read is bad input."""
    from ingest.warehouse.connect import WarehouseError

    try:
        return function(*args)
    except WarehouseError as problem:
        raise BadInput(str(problem)) from None


def _raw_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("PAPERSCOPE_RAW_DIR") or DEFAULT_RAW_DIR)


def _warehouse(value: str | None) -> Path:
    return Path(value or os.environ.get("PAPERSCOPE_WAREHOUSE") or DEFAULT_WAREHOUSE)


@click.group(cls=_OneLineErrors)
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages to stderr.")
def main(verbose: bool) -> None:
    """paperscope: who writes AI research with whom, and with which models."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _edition_options(function):
    """--venue, --year, --track: the edition of the papers (ingest/raw/editions.py)."""
    for option in (
        click.option("--track", help="Track of the edition [main]."),
        click.option("--year", type=int, help="Year of the edition."),
        click.option("--venue", help="Venue, e.g. neurips (seed venues)."),
    ):
        function = option(function)
    return function


def _edition(venue: str | None, year: int | None, track: str | None):
    from ingest.raw.editions import Edition

    return Edition(venue, year, track)


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
    type=click.Choice(["paperlists"]),
    default="paperlists",
    show_default=True,
)
@click.option("--force", is_flag=True, help="Reload files that were already ingested.")
@_edition_options
def ingest_metadata(
    files: tuple[Path, ...], raw_dir: str | None, fmt: str, force: bool, **edition
) -> None:
    """Load conference metadata (paperlists JSON) into the raw tables. The edition
    comes from the flags, else from the file name (icml2024.json: icml, 2024)."""
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
        raise BadInput(
            f"{', '.join(paths)}: not a {fmt} metadata file (a JSON list of"
            " records was expected); recorded as a not_metadata error row"
        )


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def inspect(pdf: Path, as_json: bool) -> None:
    """Show what ingest finds in one PDF: title, authors, affiliations, sections."""
    from ingest.pdf.inspect import inspect_pdf
    from ingest.raw.errors import IngestError

    try:
        click.echo(inspect_pdf(pdf, as_json))
    except IngestError as error:
        where = "" if str(pdf) in str(error) else f"{pdf}: "
        raise BadInput(f"{where}{error.error_kind}: {error}") from None


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


def _fetch_options(function):
    """The options every `paperscope fetch` source shares."""
    options = [
        click.option(
            "--out",
            "out_dir",
            required=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder for the PDFs and manifest.csv.",
        ),
        click.option("--concurrency", type=int, default=4, show_default=True),
        click.option(
            "--delay",
            type=float,
            default=0.5,
            show_default=True,
            help="Seconds between request starts (politeness).",
        ),
        click.option("--retries", type=int, default=5, show_default=True),
        click.option(
            "--max-retry-after",
            type=float,
            default=300.0,
            show_default=True,
            help="Longest Retry-After honoured; beyond it the file fails.",
        ),
        click.option(
            "--max-mb", type=float, default=200.0, show_default=True, help="Size cap."
        ),
        click.option("--timeout", type=float, default=60.0, show_default=True),
        click.option("--strict", is_flag=True, help="Exit 1 when any file failed."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@main.group()
def fetch() -> None:
    """Download a conference's PDFs into a folder with manifest.csv (resumable)."""


@fetch.command("neurips")
@click.option("--year", type=int, required=True)
@click.option(
    "--base-url",
    default="https://papers.nips.cc",
    show_default=True,
    help="Proceedings site (tests point this at 127.0.0.1).",
)
@_fetch_options
def fetch_neurips(year: int, base_url: str, **options) -> None:
    """NeurIPS proceedings of one year, from the site's per-year index."""
    from ingest.fetch.client import Client, FetchError
    from ingest.fetch.download import targets_from_neurips

    settings, out_dir, strict = _fetch_settings(options)
    client = Client(settings)
    try:
        targets, unrecognised = targets_from_neurips(client, year, base_url)
    except FetchError as failure:
        raise click.ClickException(str(failure)) from None
    click.echo(f"index lists {len(targets)} papers", err=True)
    if unrecognised:
        click.echo(f"warning: {unrecognised} index items not recognised", err=True)
    _fetch(targets, out_dir, settings, client, strict)


@fetch.command("list")
@click.argument("urls_file", type=click.File("r", encoding="utf-8"))
@_fetch_options
def fetch_list(urls_file, **options) -> None:
    """PDF URLs from URLS_FILE, one per line (optionally URL<TAB>title; - for stdin)."""
    from ingest.fetch.client import Client
    from ingest.fetch.download import targets_from_urls

    settings, out_dir, strict = _fetch_settings(options)
    try:
        targets = targets_from_urls(urls_file)
    except ValueError as problem:
        raise BadInput(f"{urls_file.name}: {problem}") from None
    _fetch(targets, out_dir, settings, Client(settings), strict)


def _fetch_settings(options: dict):
    from ingest.fetch.client import FetchOptions

    settings = FetchOptions(
        concurrency=options["concurrency"],
        delay=options["delay"],
        retries=options["retries"],
        max_retry_after=options["max_retry_after"],
        max_bytes=int(options["max_mb"] * 2**20),
        timeout=options["timeout"],
    )
    return settings, options["out_dir"], options["strict"]


def _fetch(targets, out_dir: Path, settings, client, strict: bool) -> None:
    from ingest.fetch.download import fetch_all

    progress = _progress_bar("fetching")
    summary = fetch_all(targets, out_dir, settings, client, progress)
    for line in summary.lines():
        click.echo(line, err=True)
    click.echo(f"manifest: {out_dir / 'manifest.csv'}", err=True)
    if strict and summary.failed:
        sys.exit(1)


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
def report(warehouse: str | None, out: Path) -> None:
    """Write one self-contained HTML report (tables and SVG charts)."""
    from ingest.warehouse.report import write_report

    click.echo(f"wrote {_on_warehouse(write_report, _warehouse(warehouse), out)}")


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
def seeds_apply(review: Path, seeds_dir: Path) -> None:
    """Add the rows decided in REVIEW (source review) to the seeds, sorted."""
    from ingest.warehouse.seeds.apply import apply_review

    for line in _seed_tool(apply_review, review, seeds_dir).lines():
        click.echo(line)


if __name__ == "__main__":
    main()
