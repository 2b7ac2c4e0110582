"""Conference metadata (Paper Copilot paperlists JSON) -> the same raw tables as PDFs.

``ingest_metadata`` also loads the conference site's own data file (format
``neurips-site``, ingest/metadata/neurips_site.py); format ``auto`` tells the two apart
by shape (a JSON object with ``results`` is the site's, a list is paperlists).

A paperlists file is a JSON list of records. Per-author fields are ``;``-separated and
aligned with ``author``; one author's affiliations are ``+``-separated in ``aff`` (and
in ``aff_domain`` when it has as many parts). Every row is written with
``source = 'metadata'``; paper_id is the record's ``id``.

Records are checked one by one, and a bad record never stops the file:

- no ``id`` or no ``title``: skipped, one ``malformed_record`` error row;
- an ``id`` seen earlier in the file: skipped, one ``duplicate_record`` error row;
- ``aff`` or ``aff_domain`` with a different count than ``author``: the paper, its
  authors and abstract load, its affiliations do not (they cannot be tied to
  authors), and one ``misaligned_fields`` error row names the counts.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.metadata import neurips_site
from ingest.metadata.rows import paper_and_sections
from ingest.raw import write
from ingest.raw.editions import (
    NO_EDITION,
    UNKNOWN_VENUE,
    Edition,
    edition_from_file_name,
)
from ingest.raw.errors import (
    DuplicateRecordError,
    IngestError,
    MalformedRecordError,
    NotMetadataError,
)
from ingest.raw.records import LINK_METADATA, SOURCE_METADATA

FORMATS = ("auto", "paperlists", neurips_site.FORMAT)


@dataclass
class MetadataSummary:
    records: int = 0
    papers_written: int = 0
    papers_without_edition: int = 0
    skipped_file: bool = False
    errors: Counter[str] = field(default_factory=Counter)
    elapsed_seconds: float = 0.0

    def lines(self) -> list[str]:
        if self.skipped_file:
            return ["already ingested (same file and sha256): nothing written"]
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.errors.items()))
        unknown = (
            [
                f"papers without an edition (venue 'unknown'):"
                f" {self.papers_without_edition}; name the file like icml2024.json"
                " or pass --venue and --year"
            ]
            if self.papers_without_edition
            else []
        )
        return [
            f"records read: {self.records}, papers written: {self.papers_written}",
            *unknown,
            f"errors by kind: {counts or 'none'}",
            f"elapsed: {self.elapsed_seconds:.1f} s",
        ]


def _split(value: object, separator: str) -> list[str]:
    if value is None:
        return []
    return [part.strip() for part in str(value).split(separator)]


def _error(kind: type[IngestError], path: Path, lineage: dict, *args: str) -> dict:
    error = kind(path, *args)
    record_id = args[0] if args else None
    return {
        "paper_id": record_id or None,
        "error_kind": error.error_kind,
        "message": str(error),
        "page_count": None,
        **lineage,
    }


def record_rows(
    record: dict, path: Path, lineage: dict, index: int = 0
) -> dict[str, list[dict]]:
    """One paperlists record (the index-th of its file) -> rows per raw table."""
    record_id = str(record.get("id") or "").strip()
    title = str(record.get("title") or "").strip()
    if not record_id:
        error = _error(MalformedRecordError, path, lineage, f"#{index}", "no id")
        return {"ingest_errors": [error | {"paper_id": None}]}
    if not title:
        return {
            "ingest_errors": [
                _error(MalformedRecordError, path, lineage, record_id, "no title")
            ]
        }
    authors = _split(record.get("author"), ";")
    if authors == [""]:
        authors = []
    rows = _paper_rows(record, record_id, title, authors, lineage)
    affiliations = _split(record.get("aff"), ";")
    domains = _split(record.get("aff_domain"), ";")
    misaligned = _misaligned(record, authors, affiliations, domains)
    if misaligned:
        detail = ", ".join(f"{k} has {v} fields" for k, v in misaligned.items())
        rows["ingest_errors"].append(
            {
                "paper_id": record_id,
                "error_kind": "misaligned_fields",
                "message": f"{path}: record {record_id}: {len(authors)} authors but "
                f"{detail}; paper and authors loaded, affiliations not",
                "page_count": None,
                **lineage,
            }
        )
        return rows
    rows["affiliations"] = _affiliation_rows(record_id, affiliations, domains, lineage)
    return rows


def _paper_rows(
    record: dict, record_id: str, title: str, authors: list[str], lineage: dict
) -> dict[str, list[dict]]:
    """The paper, its title and abstract sections and its authorships."""
    abstract = str(record.get("abstract") or "").strip() or None
    return {
        **paper_and_sections(record_id, title, abstract, lineage),
        "authorships": [
            {
                "paper_id": record_id,
                "author_position": position,
                "author_name": name,
                "email": None,
                **lineage,
            }
            for position, name in enumerate(authors, start=1)
            if name
        ],
        "affiliations": [],
        "ingest_errors": [],
    }


def _misaligned(
    record: dict, authors: list[str], affiliations: list[str], domains: list[str]
) -> dict[str, int]:
    """The ';'-separated fields given whose count differs from the authors'."""
    counts = {
        "author": len(authors),
        "aff": len(affiliations),
        "aff_domain": len(domains),
    }
    return {
        name: count
        for name, count in counts.items()
        if name != "author" and record.get(name) and count != len(authors)
    }


def _affiliation_rows(
    record_id: str, affiliations: list[str], domains: list[str], lineage: dict
) -> list[dict]:
    """One row per '+'-separated part of each author's affiliation field, with the
    matching part of the author's email-domain field (or its first)."""
    rows: list[dict] = []
    position = 0
    for author_position, affiliation in enumerate(affiliations, start=1):
        parts = [p for p in _split(affiliation, "+") if p]
        author_domains = _split(domains[author_position - 1], "+") if domains else []
        for index, part in enumerate(parts):
            if len(author_domains) == len(parts):
                domain = author_domains[index]
            else:
                domain = author_domains[0] if author_domains else ""
            position += 1
            rows.append(
                {
                    "paper_id": record_id,
                    "author_position": author_position,
                    "affiliation_position": position,
                    "affiliation_raw": part,
                    "page": None,
                    "bbox": None,
                    "email_domain": domain.lower() or None,
                    "link_method": LINK_METADATA,
                    **lineage,
                }
            )
    return rows


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value):
    """JSON may escape half a UTF-16 pair ("\\ud800"), which is no character and
    cannot be written as UTF-8: each lone half becomes U+FFFD, valid pairs join."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key): _without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def parse_metadata(
    path: Path, lineage: dict, fmt: str = "auto"
) -> dict[str, list[dict]]:
    """Every record of one metadata file (paperlists or the site's) -> rows."""
    try:
        data = _without_lone_surrogates(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise NotMetadataError(path, str(exc)) from exc
    site = neurips_site.is_site_file(data)
    if fmt == neurips_site.FORMAT and not site:
        raise NotMetadataError(
            path, "a neurips-site file is a JSON object with a list of results"
        )
    if site and fmt != "paperlists":
        return neurips_site.parse_site(data, path, lineage)
    return _paperlists_rows(data, path, lineage)


def parse_paperlists(path: Path, lineage: dict) -> dict[str, list[dict]]:
    """Every record of one paperlists file -> rows per raw table."""
    return parse_metadata(path, lineage, "paperlists")


def _paperlists_rows(records: object, path: Path, lineage: dict) -> dict:
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise NotMetadataError(path, "expected a JSON list of objects")
    out: dict[str, list[dict]] = {}
    seen: set[str] = set()
    for index, record in enumerate(records):
        record_id = str(record.get("id") or "").strip()
        if record_id and record_id in seen:
            rows = {
                "ingest_errors": [
                    _error(DuplicateRecordError, path, lineage, record_id)
                ]
            }
        else:
            rows = record_rows(record, path, lineage, index)
            seen.add(record_id)
        for table, table_rows in rows.items():
            out.setdefault(table, []).extend(table_rows)
    return out


def ingest_metadata(
    path: Path,
    raw_dir: Path,
    fmt: str = "auto",
    force: bool = False,
    edition: Edition = NO_EDITION,
) -> MetadataSummary:
    """Load one metadata file into raw_dir. Reruns of the same bytes write nothing.
    Its papers' edition: the given one's known parts, the rest from the file name."""
    if fmt not in FORMATS:
        raise ValueError(
            f"unknown metadata format {fmt!r}; known: {', '.join(FORMATS)}"
        )
    started = time.perf_counter()
    summary = MetadataSummary()
    raw_dir.mkdir(parents=True, exist_ok=True)
    write.recover(raw_dir)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    done = {
        (row["_source_file"], row["_source_sha256"])
        for table in ("papers", "ingest_errors")
        for row in write.read_column(raw_dir, table, ["_source_file", "_source_sha256"])
    }
    if force:
        write.remove_sources(raw_dir, {sha256})
    elif (path.name, sha256) in done:
        summary.skipped_file = True
        return summary
    lineage = {
        "source": SOURCE_METADATA,
        "_source_file": path.name,
        "_source_sha256": sha256,
        "_loaded_at": datetime.now(UTC),
    }
    try:
        rows = parse_metadata(path, lineage, fmt)
    except IngestError as error:
        rows = {
            "ingest_errors": [
                {
                    "paper_id": None,
                    "error_kind": error.error_kind,
                    "message": str(error),
                    "page_count": None,
                    **lineage,
                }
            ]
        }
    summary.records = len(rows.get("papers", [])) + sum(
        1
        for row in rows.get("ingest_errors", [])
        if row["error_kind"] != "misaligned_fields"
    )
    summary.papers_written = len(rows.get("papers", []))
    columns = edition.over(edition_from_file_name(path)).columns()
    for row in rows.get("papers", []):
        row.update(columns)
    if columns["venue"] == UNKNOWN_VENUE:
        summary.papers_without_edition = summary.papers_written
    summary.errors.update(row["error_kind"] for row in rows.get("ingest_errors", []))
    write.write_batch(raw_dir, rows, f"metadata\t{path.name}\t{sha256}")
    write.ensure_tables(raw_dir)
    summary.elapsed_seconds = time.perf_counter() - started
    return summary
