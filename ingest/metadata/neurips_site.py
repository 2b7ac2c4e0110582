"""The conference site's own data file (NeurIPS, ICML, ICLR) -> the raw tables.

``https://neurips.cc/static/virtual/data/neurips-{year}-orals-posters.json`` (and the
same layout on icml.cc and iclr.cc) is ``{"count", "next", "previous", "results"}``.
Each result has ``id``, ``uid``, ``name`` (the title), ``authors`` as a list of
``{id, fullname, url, institution}``, ``abstract``, ``decision``, ``eventtype``,
``topic``, ``keywords``, ``sourceurl``, ``virtualsite_url``, ``paper_url`` and
``eventmedia``. Rows are written like paperlists rows (``source = 'metadata'``):

- paper_id is the ``uid`` (the site's stable hash), else the ``id``;
- ``name``, ``fullname``, ``abstract`` and ``institution`` have HTML entities decoded
  and tags dropped;
- ``institution`` is the author's profile institution: empty gives the author no
  affiliation; "X / Y", "X & Y", "X; Y" or "X | Y" are two affiliations;
- an entry whose ``eventtype`` is not a paper's (a workshop, a tutorial, a talk)
  becomes one ``not_a_paper`` error row, a repeated ``uid`` one ``duplicate_record``
  row and an entry without an id or a name one ``malformed_record`` row.

Every entry is accounted for: papers + error rows = entries.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ingest.metadata.rows import paper_and_sections
from ingest.raw.errors import (
    DuplicateRecordError,
    IngestError,
    MalformedRecordError,
    NotAPaperError,
)
from ingest.raw.records import LINK_METADATA

FORMAT = "neurips-site"
PAPER_EVENT_TYPES = frozenset({"poster", "oral", "spotlight", "highlight", "paper"})
_TAG = re.compile(r"<[^>]+>")
_TWO_INSTITUTIONS = re.compile(r"\s+(?:/|&|\|)\s+|\s*;\s*")


def is_site_file(data: object) -> bool:
    """The site's layout: an object with a list of results (paperlists is a list)."""
    return isinstance(data, dict) and isinstance(data.get("results"), list)


def _text(value: object) -> str:
    text = html.unescape(_TAG.sub(" ", str(value or "")))
    return " ".join(text.split())


def institutions(value: object) -> list[str]:
    """The institutions one profile field names ("X / Y" and "X & Y" are two)."""
    return [part for part in _TWO_INSTITUTIONS.split(_text(value)) if part]


def _error(error: IngestError, record_id: str | None, lineage: dict) -> dict:
    return {
        "paper_id": record_id,
        "error_kind": error.error_kind,
        "message": str(error),
        "page_count": None,
        **lineage,
    }


def _authors(entry: dict) -> list[dict]:
    authors = entry.get("authors")
    if not isinstance(authors, list):
        return []
    return [author for author in authors if isinstance(author, dict)]


def entry_rows(
    entry: dict, record_id: str, path: Path, lineage: dict
) -> dict[str, list[dict]]:
    """One paper entry -> its paper, sections, authorships and affiliations."""
    title = _text(entry.get("name"))
    abstract = _text(entry.get("abstract")) or None
    rows: dict[str, list[dict]] = {
        **paper_and_sections(record_id, title, abstract, lineage),
        "authorships": [],
        "affiliations": [],
    }
    named = [a for a in _authors(entry) if _text(a.get("fullname"))]
    for position, author in enumerate(named, start=1):
        rows["authorships"].append(
            {
                "paper_id": record_id,
                "author_position": position,
                "author_name": _text(author.get("fullname")),
                "email": None,
                **lineage,
            }
        )
        for institution in institutions(author.get("institution")):
            rows["affiliations"].append(
                {
                    "paper_id": record_id,
                    "author_position": position,
                    "affiliation_position": len(rows["affiliations"]) + 1,
                    "affiliation_raw": institution,
                    "page": None,
                    "bbox": None,
                    "email_domain": None,
                    "link_method": LINK_METADATA,
                    **lineage,
                }
            )
    return rows


def parse_site(data: dict, path: Path, lineage: dict) -> dict[str, list[dict]]:
    """Every entry of one site file -> rows per raw table."""
    out: dict[str, list[dict]] = {"ingest_errors": []}
    seen: set[str] = set()
    for index, entry in enumerate(data["results"]):
        entry = entry if isinstance(entry, dict) else {}
        record_id = str(entry.get("uid") or entry.get("id") or "").strip()
        kind = _text(entry.get("eventtype"))
        if not record_id:
            error = MalformedRecordError(path, f"#{index}", "no uid or id")
            out["ingest_errors"].append(_error(error, None, lineage))
        elif record_id in seen:
            error = DuplicateRecordError(path, record_id)
            out["ingest_errors"].append(_error(error, record_id, lineage))
        elif kind.lower() not in PAPER_EVENT_TYPES:
            seen.add(record_id)
            error = NotAPaperError(path, record_id, kind)
            out["ingest_errors"].append(_error(error, record_id, lineage))
        elif not _text(entry.get("name")):
            seen.add(record_id)
            error = MalformedRecordError(path, record_id, "no name (title)")
            out["ingest_errors"].append(_error(error, record_id, lineage))
        else:
            seen.add(record_id)
            for table, rows in entry_rows(entry, record_id, path, lineage).items():
                out.setdefault(table, []).extend(rows)
    return out
