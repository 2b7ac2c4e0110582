"""Commands of the fetch room: fetch neurips, fetch list, fetch metadata."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest.cli.base import (
    BadInput,
    _progress_bar,
    main,
)


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


@fetch.command("metadata")
@click.option("--venue", required=True, help="neurips, icml or iclr.")
@click.option("--year", type=int, required=True)
@click.option(
    "--base-url", help="The venue's site [https://neurips.cc, ...] (tests: 127.0.0.1)."
)
@_fetch_options
def fetch_metadata(venue: str, year: int, base_url: str | None, **options) -> None:
    """The site's data file of every oral and poster, for ingest-metadata."""
    from ingest.fetch.client import Client, FetchError
    from ingest.fetch.site_data import fetch_site_data

    settings, out_dir, _ = _fetch_settings(options)
    try:
        path, count = fetch_site_data(Client(settings), venue, year, out_dir, base_url)
    except ValueError as problem:
        raise click.UsageError(str(problem)) from None
    except FetchError as failure:
        raise click.ClickException(str(failure)) from None
    click.echo(f"wrote {path} ({count} entries)")


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
