"""The conference site's own data file: one JSON of every oral and poster.

NeurIPS publishes ``{base}/static/virtual/data/neurips-{year}-orals-posters.json``;
ICML and ICLR publish the same layout on their own sites. ``fetch_site_data``
downloads it with the polite client (pacing, retries, Retry-After, size cap), checks
its shape and writes it atomically as ``DIR/{venue}-{year}-orals-posters.json``, a
name ``ingest-metadata`` reads the edition from. Its layout is parsed by
ingest/metadata/neurips_site.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ingest.fetch.client import Client, FetchError

SITES = {
    "neurips": "https://neurips.cc",
    "icml": "https://icml.cc",
    "iclr": "https://iclr.cc",
}


def file_name(venue: str, year: int) -> str:
    return f"{venue}-{year}-orals-posters.json"


def site_data_url(venue: str, year: int, base_url: str | None = None) -> str:
    """Where the venue publishes the file (base_url: another host, for tests)."""
    venue = venue.lower()
    if base_url is None:
        if venue not in SITES:
            raise ValueError(
                f"no known site for venue {venue!r}; known: {', '.join(SITES)}"
                " (or pass --base-url)"
            )
        base_url = SITES[venue]
    return f"{base_url.rstrip('/')}/static/virtual/data/{file_name(venue, year)}"


def fetch_site_data(
    client: Client,
    venue: str,
    year: int,
    out_dir: Path,
    base_url: str | None = None,
) -> tuple[Path, int]:
    """Download the file into out_dir; return its path and how many results it has.
    A response that is not the site's layout raises FetchError('not_site_data')."""
    url = site_data_url(venue, year, base_url)
    text = client.get_text(url, client.options.max_bytes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FetchError("not_site_data", f"{url}: not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FetchError(
            "not_site_data", f"{url}: not the site's layout (no list of results)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(venue.lower(), year)
    temp = out_dir / f".{path.name}.part"
    with temp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(path)
    return path, len(data["results"])
