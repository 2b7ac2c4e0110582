"""Authors -> affiliation entries: markers, footnotes, layout, shared emails.

Each link is (author index or None, entry, link method); the order of the links is
the order of each author's affiliations.
"""

from __future__ import annotations

import re

from ingest.pdf.parse.affiliations import _affiliation_parts, _Entry, _split_by_heads
from ingest.pdf.parse.emails import _Email
from ingest.pdf.parse.layout import (
    _centre,
    _columns,
    _lines_by_slot,
    _overlap,
    _rows,
    _xrange,
)
from ingest.pdf.parse.markers import split_markers
from ingest.pdf.parse.names import _Name
from ingest.pdf.parse.vocab import _WORK_DONE_RE, is_institutional, is_noise
from ingest.raw.records import (
    LINK_FOOTNOTE,
    LINK_LAYOUT_BLOCK,
    LINK_SHARED_EMAIL,
    LINK_SOLE,
    LINK_SUPERSCRIPT,
    LINK_UNLINKED,
    LINK_WORK_DONE,
    Line,
)

_Link = tuple[int | None, _Entry, str]
# A footnote of handles ("Reddit: /u/x GitHub: y", "X: @name") names no affiliation.
_CONTACT_RE = re.compile(r"@|\b(?:github|reddit|twitter|x\.com)\b|\bX:", re.IGNORECASE)


def _entries_by_marker(
    marked: list[_Entry], footnotes: list[_Entry], names: list[_Name]
) -> dict[str, list[_Entry]]:
    """Marker -> the entries it labels: marked affiliation lines, and the footnotes
    whose marker some author carries."""
    used_markers = {m for n in names for m in n.markers}
    by_marker: dict[str, list[_Entry]] = {}
    for entry in marked:
        if entry.marker:
            for m in split_markers(entry.marker) or [entry.marker]:
                by_marker.setdefault(m, []).append(entry)
    for entry in footnotes:
        if entry.marker and entry.marker in used_markers:
            _add_footnote(by_marker, entry, entry.marker)
    return by_marker


def _add_footnote(
    by_marker: dict[str, list[_Entry]], entry: _Entry, marker: str
) -> None:
    """A footnote's affiliation parts under its marker: "Work done at X" keeps X
    (tagged '#work'), an institution is kept as is (tagged '#foot')."""
    for part in _affiliation_parts(entry.text):
        work = _WORK_DONE_RE.search(part)
        if work:
            org = work.group("org").strip(" .;,")
            by_marker.setdefault(marker, []).append(
                _Entry(org, entry.bbox, marker + "#work")
            )
        elif (
            (marker.isdigit() or is_institutional(part))
            and not is_noise(part)
            and not _CONTACT_RE.search(part)
        ):
            by_marker.setdefault(marker, []).append(
                _Entry(part, entry.bbox, marker + "#foot")
            )


def _expanded_markers(
    markers: list[str], by_marker: dict[str, list[_Entry]]
) -> list[str]:
    expanded: list[str] = []
    for m in markers:
        if m in by_marker or not m.isdigit() or len(m) == 1:
            expanded.append(m)
        else:  # '23' printed for '2,3'
            expanded.extend(m)
    return expanded


def _marker_method(entry: _Entry) -> str:
    if entry.marker and entry.marker.endswith("#work"):
        return LINK_WORK_DONE
    if entry.marker and entry.marker.endswith("#foot"):
        return LINK_FOOTNOTE
    return LINK_SUPERSCRIPT


def _marker_links(
    names: list[_Name], marked: list[_Entry], by_marker: dict[str, list[_Entry]]
) -> list[_Link]:
    """Each author to the entries their markers label; marked entries that no
    author's marker labels are kept unlinked."""
    links: list[_Link] = []
    linked_entries: set[int] = set()
    for index, name in enumerate(names):
        for m in _expanded_markers(list(name.markers), by_marker):
            for entry in by_marker.get(m, []):
                links.append((index, entry, _marker_method(entry)))
                linked_entries.add(id(entry))
    for entry in marked:
        if id(entry) not in linked_entries:
            links.append((None, entry, LINK_UNLINKED))
    return links


def _layout_links(
    names: list[_Name],
    name_lines: list[Line],
    aff_lines: list[Line],
    already_linked: set[int],
) -> list[_Link]:
    """Link unmarked affiliation lines to the names printed above them."""
    links: list[_Link] = []
    name_rows = _rows(name_lines)
    row_tops = [min(ln.bbox[1] for ln in row) for row in name_rows]
    # Each affiliation line belongs to the last name row above it.
    groups: dict[int, list[Line]] = {}
    orphans: list[Line] = []
    for line in aff_lines:
        above = [i for i, top in enumerate(row_tops) if top < line.bbox[1]]
        if above:
            groups.setdefault(above[-1], []).append(line)
        else:
            orphans.append(line)
    # Consecutive name rows with no affiliation between them form one name group
    # ("Alice, Bob / Carol, Dan / Univ X": all four share it).
    owners_of_row: dict[int, list[int]] = {}
    pending: list[int] = []
    for row_index in range(len(name_rows)):
        pending.append(row_index)
        if row_index in groups:
            owners_of_row[row_index] = list(pending)
            pending = []
    only_group = len(groups) == 1
    for row_index, lines in groups.items():
        rows = owners_of_row[row_index]
        candidates = [
            i for i, n in enumerate(names) if n.row in rows and i not in already_linked
        ]
        slots = _block_slots(names, candidates, rows[-1], lines)
        if slots:
            links.extend(_slot_links(slots, lines))
        else:
            links.extend(_column_links(names, candidates, rows, lines, only_group))
    for entry in _split_by_heads(orphans):
        links.append((None, entry, LINK_UNLINKED))
    return links


_Slot = tuple[float, int, list[int]]  # column centre, text block, names on it


def _side_by_side(names: list[_Name]) -> bool:
    """Are the author blocks set side by side? Yes when some row of names sits in
    two or more separate text blocks (LaTeX's ``\\And`` sets each author's tabular
    apart). Names spread over one block ("Alice  Bob  Carol" / "Univ X") share
    what is printed under them. One paper keeps one layout, so a last row whose
    lone-name columns PyMuPDF printed as one block is still side by side."""
    blocks_of_row: dict[int, set[int]] = {}
    for name in names:
        blocks_of_row.setdefault(name.row, set()).add(name.line_block)
    return any(len(blocks) >= 2 for blocks in blocks_of_row.values())


def _under_one_name(lines: list[Line], name_boxes: list[tuple[float, ...]]) -> bool:
    """Do the affiliation lines stand under one name line of a row of several
    ("A  B  C  D" / "Boston University" under D)? Then D's block is apart too."""
    span = (min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines))
    return sum(_overlap(span, (box[0], box[2])) > 0 for box in name_boxes) == 1


def _block_slots(
    names: list[_Name], candidates: list[int], row: int, lines: list[Line]
) -> list[_Slot] | None:
    """Side-by-side author blocks: for each printed name line of the row, its column
    centre, its text block and the names on it; None when the row is one block."""
    by_line: dict[tuple[float, ...], list[int]] = {}
    block_of: dict[tuple[float, ...], int] = {}
    for i in candidates:
        box = names[i].line_box
        if names[i].row == row and box is not None:
            by_line.setdefault(tuple(box), []).append(i)
            block_of[tuple(box)] = names[i].line_block
    if len(by_line) < 2:
        return None
    if not _side_by_side(names) and not _under_one_name(lines, list(by_line)):
        return None
    return sorted(
        ((box[0] + box[2]) / 2, block_of[box], owners)
        for box, owners in by_line.items()
    )


def _slot_links(slots: list[_Slot], lines: list[Line]) -> list[_Link]:
    """Each side-by-side block's affiliation lines to the names on its name line."""
    links: list[_Link] = []
    centres = [c for c, _, _ in slots]
    blocks = [b for _, b, _ in slots]
    for slot, column in sorted(_lines_by_slot(lines, centres, blocks).items()):
        owners = slots[slot][2]
        for entry in _split_by_heads(column):
            links.extend((i, entry, LINK_LAYOUT_BLOCK) for i in owners)
    return links


def _column_links(
    names: list[_Name],
    candidates: list[int],
    rows: list[int],
    lines: list[Line],
    only_group: bool,
) -> list[_Link]:
    """One shared block: each column of affiliation lines to the names above it."""
    links: list[_Link] = []
    columns = _columns(lines)
    for column in columns:
        entries = _split_by_heads(column)
        if len(columns) == 1:
            owners = candidates
        else:
            span = (
                min(ln.bbox[0] for ln in column),
                max(ln.bbox[2] for ln in column),
            )
            owners = [
                i
                for i in candidates
                if _overlap(span, _xrange(names[i].bbox)) > 0
                and names[i].row == rows[-1]
            ]
            if not owners and candidates:
                centre = (span[0] + span[1]) / 2
                owners = [
                    min(
                        candidates,
                        key=lambda i: abs(_centre(names[i].bbox) - centre),
                    )
                ]
        method = (
            LINK_SOLE
            if only_group and len(columns) == 1 and len(entries) == 1
            else LINK_LAYOUT_BLOCK
        )
        for entry in entries:
            if owners:
                links.extend((i, entry, method) for i in owners)
            else:
                links.append((None, entry, LINK_UNLINKED))
    return links


def _add_shared_email_links(
    links: list[_Link], names: list[_Name], email_of: dict[int, _Email]
) -> None:
    """Shared {a,b}@x groups: an author with nothing else takes the affiliation of the
    group-mates printed with them."""
    has_aff = {i for i, _, m in links if i is not None and m != LINK_WORK_DONE}
    for index in range(len(names)):
        if index in has_aff or index not in email_of:
            continue
        group = email_of[index].group
        if len(group) < 2:
            continue
        mates = [
            i
            for i, e in email_of.items()
            if i != index and e.group == group and i in has_aff
        ]
        mate_entries = {
            id(entry): entry
            for i, entry, m in links
            if i in mates and m != LINK_WORK_DONE
        }
        if len(mate_entries) == 1:
            links.append((index, next(iter(mate_entries.values())), LINK_SHARED_EMAIL))
