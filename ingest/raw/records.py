"""Plain records passed between modules, and one explicit pyarrow schema per raw table.

The raw tables are a contract with the dbt sources (``models/staging/raw``): each lives
at ``<raw-dir>/<table>/*.parquet`` with exactly the schema below. ``docs/raw_tables.md``
describes every column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import pyarrow as pa

BBox = tuple[float, float, float, float]


# --- layout, as pdf/extract.py hands it to pdf/parse/ -----------------------------


class Span(NamedTuple):
    """One run of text in a single font.

    A NamedTuple: page 1 of a paper has hundreds of spans, and building tuples is
    several times cheaper than building frozen dataclasses.
    """

    text: str
    bbox: BBox
    size: float
    font: str
    is_superscript: bool = False
    is_bold: bool = False
    is_mono: bool = False


@dataclass(frozen=True)
class Line:
    bbox: BBox
    spans: tuple[Span, ...]
    block: int = 0
    is_horizontal: bool = True

    @cached_property
    def text(self) -> str:
        """Span texts joined, with a space where the PDF leaves a gap but no blank."""
        return join_spans(self.spans)


def join_spans(spans: tuple[Span, ...] | list[Span]) -> str:
    parts: list[str] = []
    previous: Span | None = None
    for span in spans:
        if (
            previous is not None
            and span.bbox[0] - previous.bbox[2] > 0.15 * min(span.size, previous.size)
            and not previous.text.endswith(" ")
            and not span.text.startswith(" ")
        ):
            parts.append(" ")
        parts.append(span.text)
        previous = span
    return "".join(parts)


# --- what pdf/parse/ finds ----------------------------------------------------------


@dataclass(frozen=True)
class Author:
    position: int
    name: str
    email: str | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Affiliation:
    author_position: int | None
    affiliation_position: int
    text: str
    page: int
    bbox: BBox
    link_method: str
    email_domain: str | None = None


@dataclass(frozen=True)
class Section:
    section: str
    text: str
    first_page: int
    last_page: int


@dataclass
class ParsedPaper:
    title: str
    abstract: str
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # Problems worth an ingest_errors row even though the paper itself loads.
    problems: list[tuple[str, str]] = field(default_factory=list)


# --- raw table schemas ----------------------------------------------------------------

_LINEAGE = [
    pa.field("_source_file", pa.string(), nullable=False),
    pa.field("_source_sha256", pa.string(), nullable=False),
    pa.field("_loaded_at", pa.timestamp("us", tz="UTC"), nullable=False),
]

PAPERS = pa.schema(
    [
        pa.field("paper_id", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("abstract", pa.string()),
        pa.field("page_count", pa.int32()),
        pa.field("source", pa.string(), nullable=False),
        # the edition (ingest/raw/editions.py); raw tables written before these
        # columns existed still load, their papers reading as venue 'unknown'
        pa.field("venue", pa.string()),
        pa.field("year", pa.int32()),
        pa.field("track", pa.string()),
        *_LINEAGE,
    ]
)

PAPER_SECTIONS = pa.schema(
    [
        pa.field("paper_id", pa.string(), nullable=False),
        pa.field("section", pa.string(), nullable=False),
        pa.field("text", pa.string()),
        pa.field("first_page", pa.int32()),
        pa.field("last_page", pa.int32()),
        pa.field("source", pa.string(), nullable=False),
        *_LINEAGE,
    ]
)

AUTHORSHIPS = pa.schema(
    [
        pa.field("paper_id", pa.string(), nullable=False),
        pa.field("author_position", pa.int32(), nullable=False),
        pa.field("author_name", pa.string(), nullable=False),
        pa.field("email", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        *_LINEAGE,
    ]
)

AFFILIATIONS = pa.schema(
    [
        pa.field("paper_id", pa.string(), nullable=False),
        pa.field("author_position", pa.int32()),
        pa.field("affiliation_position", pa.int32(), nullable=False),
        pa.field("affiliation_raw", pa.string(), nullable=False),
        pa.field("page", pa.int32()),
        pa.field("bbox", pa.list_(pa.float32(), 4)),
        pa.field("email_domain", pa.string()),
        pa.field("link_method", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        *_LINEAGE,
    ]
)

INGEST_ERRORS = pa.schema(
    [
        pa.field("paper_id", pa.string()),
        pa.field("error_kind", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("page_count", pa.int32()),
        pa.field("source", pa.string(), nullable=False),
        *_LINEAGE,
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "papers": PAPERS,
    "paper_sections": PAPER_SECTIONS,
    "authorships": AUTHORSHIPS,
    "affiliations": AFFILIATIONS,
    "ingest_errors": INGEST_ERRORS,
}

# Link methods, as written to affiliations.link_method.
LINK_SUPERSCRIPT = "superscript_marker"
LINK_LAYOUT_BLOCK = "layout_block"
LINK_FOOTNOTE = "footnote"
LINK_WORK_DONE = "footnote_work_done"
LINK_SHARED_EMAIL = "shared_email"
LINK_SOLE = "sole_affiliation"
LINK_UNLINKED = "unlinked"
LINK_METADATA = "metadata"  # the conference metadata ties the string to the author
LINK_TEAM = "team"  # a team paper: a contributor list name -> the team's organisation
LINK_METHODS = (
    LINK_SUPERSCRIPT,
    LINK_LAYOUT_BLOCK,
    LINK_FOOTNOTE,
    LINK_WORK_DONE,
    LINK_SHARED_EMAIL,
    LINK_SOLE,
    LINK_UNLINKED,
    LINK_METADATA,
    LINK_TEAM,
)
# Where a raw row came from, as written to every table's `source` column.
SOURCE_PDF = "pdf"
SOURCE_METADATA = "metadata"
SECTIONS = ("title", "abstract", "body", "references")
