"""Page-1 layout -> title, authors and their affiliations (the author block)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.pdf.parse.affiliations import _footnote_entries, _marked_entries
from ingest.pdf.parse.classify import _classify, _is_contact
from ingest.pdf.parse.emails import _Email, _email_of, _emails
from ingest.pdf.parse.layout import _line_size, _rounded
from ingest.pdf.parse.linking import (
    _add_shared_email_links,
    _entries_by_marker,
    _layout_links,
    _Link,
    _marker_links,
)
from ingest.pdf.parse.markers import _starts_with_marker
from ingest.pdf.parse.names import _Name, _names_by_row
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.zones import _find_zones, _Zones
from ingest.raw.records import LINK_SUPERSCRIPT, Affiliation, Author, Line


@dataclass
class AuthorBlock:
    authors: list[Author]
    affiliations: list[Affiliation]


def parse_author_block(
    lines: Sequence[Line], page_height: float
) -> tuple[str, AuthorBlock]:
    zones = _find_zones(lines, page_height)
    title = clean_text(" ".join(ln.text for ln in zones.title_lines))
    main_size = _header_size(zones)
    name_lines, aff_lines, contact_lines = _classify(zones.header, main_size)
    names = _names_by_row(name_lines, main_size)

    emails = _emails(contact_lines + aff_lines)
    # Contact text that slipped into affiliation lines ("{a,b}@x.edu") is not one.
    aff_lines = [ln for ln in aff_lines if not _is_contact(clean_text(ln.text))]
    marked, unmarked_lines = _marked_entries(aff_lines)
    footnotes = _footnote_entries(zones.footnotes, zones.body_size)

    by_marker = _entries_by_marker(marked, footnotes, names)
    links = _marker_links(names, marked, by_marker)
    # Unmarked affiliation lines: link by layout.
    if unmarked_lines:
        owners_linked = {
            i for i, _, m in links if i is not None and m == LINK_SUPERSCRIPT
        }
        links.extend(_layout_links(names, name_lines, unmarked_lines, owners_linked))
    email_of = _email_of(emails, names)
    _add_shared_email_links(links, names, email_of)

    authors = _authors(names, email_of)
    return title, AuthorBlock(authors, _affiliations(links, email_of))


def _header_size(zones: _Zones) -> float:
    """The header's main font size: its largest line not led by a marker."""
    return max(
        (
            _line_size(ln)
            for ln in zones.header
            if not _starts_with_marker(ln, zones.body_size)
        ),
        default=zones.body_size,
    )


def _authors(names: list[_Name], email_of: dict[int, _Email]) -> list[Author]:
    return [
        Author(
            position=i + 1,
            name=n.name,
            email=email_of[i].address if i in email_of else None,
            markers=tuple(n.markers),
        )
        for i, n in enumerate(names)
    ]


def _affiliations(links: list[_Link], email_of: dict[int, _Email]) -> list[Affiliation]:
    """Links -> affiliation records, numbered per author, duplicates dropped."""
    affiliations: list[Affiliation] = []
    counters: dict[int | None, int] = {}
    seen: set[tuple[int | None, str]] = set()
    for author_index, entry, method in links:
        text = clean_text(entry.text).strip(" ,;.")
        if not text:
            continue
        position = None if author_index is None else author_index + 1
        if (position, text) in seen:
            continue
        seen.add((position, text))
        counters[position] = counters.get(position, 0) + 1
        domain = email_of[author_index].domain if author_index in email_of else None
        affiliations.append(
            Affiliation(
                author_position=position,
                affiliation_position=counters[position],
                text=text,
                page=1,
                bbox=_rounded(entry.bbox),
                link_method=method,
                email_domain=domain,
            )
        )
    affiliations.sort(
        key=lambda a: (
            a.author_position is None,
            a.author_position or 0,
            a.affiliation_position,
        )
    )
    return affiliations
