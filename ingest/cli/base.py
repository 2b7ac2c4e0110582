"""The `paperscope` group, its one-line error handling and the options and helpers
every command module shares. Commands live in one module per room (pdf, metadata,
fetch, warehouse, seeds); ingest/cli/__init__.py registers them."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

PROJECT_DIR = Path(__file__).resolve().parents[2]
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
