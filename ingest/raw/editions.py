"""Editions: the venue, year and track every raw paper row carries.

An edition is where a paper appeared: ``neurips`` / ``2025`` / ``main``. Ingest takes
it from flags (``--venue --year --track``), from ``PDF_DIR/manifest.csv`` (written by
``paperscope fetch``, which records venue, year and track per file) or, for metadata,
from the file name (``icml2024.json`` -> icml, 2024). Flags win. A paper with no
edition is written with ``venue = 'unknown'``. Venue names are normalized in the
warehouse through the ``venues`` seed; here they are only trimmed and lower-cased.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

UNKNOWN_VENUE = "unknown"
MANIFEST = "manifest.csv"

_FILE_NAME = re.compile(r"^([a-z][a-z_-]*?)[_-]?((?:19|20)\d\d)(?![0-9])")


@dataclass(frozen=True)
class Edition:
    """Venue, year and track; any may be unknown (None)."""

    venue: str | None = None
    year: int | None = None
    track: str | None = None

    def over(self, default: Edition) -> Edition:
        """This edition's known parts, the default's for the rest (flags win)."""
        return Edition(
            self.venue or default.venue,
            self.year if self.year is not None else default.year,
            self.track or default.track,
        )

    @property
    def is_known(self) -> bool:
        return bool(self.venue)

    def columns(self) -> dict:
        """The raw papers columns: venue 'unknown' when none is known."""
        return {
            "venue": _clean(self.venue) or UNKNOWN_VENUE,
            "year": self.year,
            "track": _clean(self.track),
        }


NO_EDITION = Edition()


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()).lower() or None if text else None


def edition_from_file_name(path: Path) -> Edition:
    """``icml2024.json`` -> Edition('icml', 2024); a name without a year -> unknown."""
    match = _FILE_NAME.match(path.stem.lower())
    if not match:
        return Edition()
    return Edition(match.group(1).strip("_-"), int(match.group(2)))


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def editions_from_manifest(pdf_dir: Path) -> dict[str, Edition]:
    """File name (as in the manifest's ``file`` column) -> its edition, from
    ``pdf_dir/manifest.csv`` when it exists and has a venue column; else {}."""
    manifest = pdf_dir / MANIFEST
    if not manifest.is_file():
        return {}
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["file"]: Edition(
            (row.get("venue") or "").strip() or None,
            _year(row.get("year")),
            (row.get("track") or "").strip() or None,
        )
        for row in rows
        if row.get("file") and (row.get("venue") or "").strip()
    }
