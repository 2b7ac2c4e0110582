"""Affiliation lines and footnotes -> affiliation entries.

Marked lines ('¹Univ A ²Univ B', 'Univ A¹, City') give entries labelled by their
marker; stacks of unmarked lines are cut where a line names a new whole institution;
footnotes at the page foot give entries keyed by their leading marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.pdf.parse.layout import _content_spans, _line_size, _union
from ingest.pdf.parse.markers import (
    _has_trailing_markers,
    _is_marker_span,
    _starts_with_marker,
    split_markers,
)
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import (
    _ENDS_WITH_PLACE_RE,
    _SYMBOL_RE,
    _TOP_HEAD_WORDS,
    has_head,
)
from ingest.raw.records import BBox, Line, Span, join_spans

# A line that stops mid-name ("Georgia Institute of" / "Technology") wraps.
_UNFINISHED_RE = re.compile(r"(?:\b(?:of|and|for|the|de|di|du)|[,&-])$")


@dataclass
class _Entry:
    """An affiliation candidate: text plus where it was printed."""

    text: str
    bbox: BBox
    marker: str | None = None
    lines: list[Line] = field(default_factory=list)


def _marker_entries(line: Line, main_size: float) -> list[_Entry]:
    """Split '¹Univ A ²Univ B' (one printed line) into marked entries."""
    groups: list[tuple[str | None, list[Span]]] = []
    for span in line.spans:
        if _is_marker_span(span, main_size):
            groups.append((span.text.strip(), []))
        elif groups:
            groups[-1][1].append(span)
        else:
            groups.append((None, [span]))
    entries: list[_Entry] = []
    for marker, spans in groups:
        text = clean_text(join_spans(spans)).strip(" ,;")
        boxes = [s.bbox for s in spans if s.text.strip()]
        if text and boxes:
            entries.append(_Entry(text, _union(boxes), marker, [line]))
    return entries


def _trailing_marker_entries(line: Line, main_size: float) -> list[_Entry]:
    """'Univ A¹, City, Country' and 'Univ B² and Lab C³, City': the marker follows
    the institution; an address after the last marker belongs to every entry."""
    groups: list[tuple[list[Span], str | None]] = [([], None)]
    for span in line.spans:
        if _is_marker_span(span, main_size) and re.fullmatch(r"[\d,\s]+", span.text):
            groups[-1] = (groups[-1][0], span.text.strip())
            groups.append(([], None))
        else:
            groups[-1][0].append(span)
    tail_spans = groups[-1][0] if groups[-1][1] is None else []
    tail = clean_text(join_spans(tail_spans)).strip(" ,;")
    entries: list[_Entry] = []
    for spans, marker in groups:
        if marker is None:
            continue
        text = clean_text(join_spans(spans))
        text = re.sub(r"^\s*(?:,|;|and\b|&)\s*", "", text).strip(" ,;")
        boxes = [s.bbox for s in spans if s.text.strip()]
        if not text or not boxes:
            continue
        full = f"{text}, {tail}" if tail else text
        entries.append(_Entry(full, _union(boxes), marker, [line]))
    return entries


def _marked_entries(aff_lines: list[Line]) -> tuple[list[_Entry], list[Line]]:
    """Affiliation lines -> entries labelled by a marker, and the unmarked lines.

    An unmarked line that wraps the last marked entry is joined to it.
    """
    marked: list[_Entry] = []
    unmarked_lines: list[Line] = []
    for line in aff_lines:
        if _starts_with_marker(line, _line_size(line)):
            marked.extend(_marker_entries(line, _line_size(line)))
        elif _has_trailing_markers(line, _line_size(line)):
            marked.extend(_trailing_marker_entries(line, _line_size(line)))
        elif _SYMBOL_RE.match(clean_text(line.text)) and has_head(line.text):
            # a symbol typed inline ("*Department of CS, Univ of Rochester")
            text = clean_text(line.text)
            symbol = "*" if text[0] in "∗⋆" else text[0]
            marked.append(_Entry(text[1:].strip(" ,;"), line.bbox, symbol, [line]))
        elif marked and _continues(marked[-1], line):
            marked[-1].text = _wrap_join(marked[-1].text, clean_text(line.text))
            marked[-1].bbox = _union([marked[-1].bbox, line.bbox])
        else:
            unmarked_lines.append(line)
    return marked, unmarked_lines


def _wrap_join(text: str, more: str) -> str:
    """Join a wrapped name with a space ("Carnegie" + "Mellon University") and an
    address line with a comma ("Univ X" + "Seattle, USA")."""
    if text.endswith("-") and more[:1].islower():
        return text[:-1] + more
    if _TOP_HEAD_WORDS.search(text) and not re.search(r"\b(?:of|and|for|the)$", text):
        return f"{text.rstrip(',')}, {more}"
    return f"{text} {more}"


def _continues(entry: _Entry, line: Line) -> bool:
    """An unmarked line right under the last marked entry that wraps it.

    "³Carnegie" / "Mellon University" and "²Institute of" / "Automation, CAS" wrap;
    "Seattle, WA, USA" under its entry is its address. A line naming a whole
    institution under an entry that already names one is not a continuation.
    """
    gap = line.bbox[1] - entry.bbox[3]
    height = line.bbox[3] - line.bbox[1]
    if not -height * 0.5 <= gap < height * 0.8:
        return False
    text = clean_text(line.text)
    unfinished = bool(_UNFINISHED_RE.search(entry.text))
    return (
        unfinished
        or text[:1].islower()
        or not has_head(text)
        or not _TOP_HEAD_WORDS.search(entry.text)
    )


def _starts_new_affiliation(so_far: str, line_text: str) -> bool:
    """Does this line start a new affiliation, or continue the text above it?

    A line naming an institution starts a new one when the text so far already names
    a whole institution ("Univ. of Maryland" / "School of CS, CMU"). A sub-unit above
    its parent ("Language Technologies Institute" / "Carnegie Mellon University") and
    address lines ("Seattle, WA 98195, USA") continue it.
    """
    if not has_head(line_text):
        return False
    if _TOP_HEAD_WORDS.search(so_far) or _ENDS_WITH_PLACE_RE.search(so_far):
        return True
    return has_head(so_far) and not _TOP_HEAD_WORDS.search(line_text)


def _split_by_heads(lines: list[Line]) -> list[_Entry]:
    """Stack of unmarked lines in one column -> affiliations.

    A new affiliation starts at a line that names a whole institution when the text
    gathered so far already names one; other lines continue the one above.
    """
    entries: list[_Entry] = []
    for line in lines:
        text = clean_text(line.text).strip(" ,;")
        if not text:
            continue
        if entries and not _starts_new_affiliation(entries[-1].text, text):
            prev = entries[-1]
            joiner = (
                ""
                if prev.text.endswith("-")
                else " "
                if _UNFINISHED_RE.search(prev.text) and not prev.text.endswith(",")
                else ", "
            )
            prev.text = (prev.text.rstrip(",") + joiner + text).strip()
            prev.bbox = _union([prev.bbox, line.bbox])
            prev.lines.append(line)
        else:
            entries.append(_Entry(text=text, bbox=line.bbox, lines=[line]))
    return entries


# --- footnotes ----------------------------------------------------------------


def _footnote_entries(footnotes: list[Line], body_size: float) -> list[_Entry]:
    """Footnote lines at the page foot -> entries keyed by their leading marker."""
    entries: list[_Entry] = []
    for line in sorted(footnotes, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        spans = _content_spans(line)
        if not spans:
            continue
        size = _line_size(line)
        first = spans[0]
        for position, entry in enumerate(_marker_entries(line, size)):
            if entry.marker is None and position == 0:
                symbol = _SYMBOL_RE.match(entry.text)
                if symbol and first.size <= size:
                    entry.marker = symbol.group(0)
                    entry.text = entry.text[1:].strip()
                elif entries and line.bbox[1] - entries[-1].bbox[3] < size * 1.5:
                    entries[-1].text = _join_wrapped(entries[-1].text, entry.text)
                    entries[-1].bbox = _union([entries[-1].bbox, entry.bbox])
                    continue
                else:
                    continue
            entries.append(entry)
    for entry in entries:
        if entry.marker:
            entry.marker = (split_markers(entry.marker) or [entry.marker])[0]
    return entries


def _join_wrapped(first: str, second: str) -> str:
    """Join a line wrapped inside a footnote, undoing 'Cal-' + 'ifornia'."""
    if first.endswith("-") and second[:1].islower():
        return clean_text(first[:-1] + second)
    return clean_text(first + " " + second)


def _affiliation_parts(text: str) -> list[str]:
    """ICML-style footnote '¹Dept A, Univ B, City, Country. Correspondence to: …'."""
    text = re.split(r"\b(?:correspondence to|contact)\s*:", text, flags=re.IGNORECASE)[
        0
    ]
    text = re.sub(
        r"^\s*(?:current|present|now at|also with|also at|permanent)\s*"
        r"(?:affiliation|address)?\s*:?\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.split(r"\bproceedings of\b", text, flags=re.IGNORECASE)[0]
    return [text.strip(" .;,")] if text.strip(" .;,") else []
