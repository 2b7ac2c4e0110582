"""Author names: cutting printed name lines into names, each with its markers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.pdf.parse.layout import _line_size, _rows, _union
from ingest.pdf.parse.markers import _is_marker_span, split_markers
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import _SYMBOL_RE
from ingest.raw.records import BBox, Line


@dataclass
class _Name:
    name: str
    bbox: BBox
    markers: list[str]
    row: int = 0
    # The printed line the name sits on: side-by-side author blocks give each name
    # a line of its own, a shared block prints several names on one.
    line_box: BBox | None = None
    line_block: int = -1


_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*and\s+|,|;|\band\b|&|\s{3,})\s*")


@dataclass
class _Segment:
    """Text between two markers (or wide gaps) of a printed line."""

    text: str
    boxes: list[BBox]
    markers: list[str]


def _segments(line: Line, main_size: float) -> list[_Segment]:
    segments: list[_Segment] = [_Segment("", [], [])]
    last_right: float | None = None
    for span in line.spans:
        current = segments[-1]
        if _is_marker_span(span, main_size):
            current.markers.extend(split_markers(span.text))
            last_right = span.bbox[2]
            continue
        if not span.text.strip():
            # a space wider than half an em parts two names ("Lewis Tunstall" ␣
            # "Andrés Marafioti"); a word space is a quarter em
            wide = span.bbox[2] - span.bbox[0] > span.size * 0.5
            if wide and current.text.strip():
                segments.append(_Segment("", [], []))
            else:
                current.text += span.text
            continue
        gap = span.bbox[0] - last_right if last_right is not None else 0.0
        if current.markers or (current.text.strip() and gap > span.size * 1.2):
            current = _Segment("", [], [])
            segments.append(current)
        current.text += span.text
        current.boxes.append(span.bbox)
        last_right = span.bbox[2]
    return [seg for seg in segments if seg.text.strip() or seg.markers]


def _name_pieces(text: str) -> list[str]:
    return [p for p in _NAME_SPLIT_RE.split(text) if p and p.strip()]


def _names_from_line(line: Line, main_size: float, row: int) -> list[_Name]:
    """Cut a printed name line into names, each with its superscript markers."""
    names: list[_Name] = []
    for segment in _segments(line, main_size):
        pieces = _name_pieces(segment.text)
        if not pieces or not segment.boxes:
            if names and segment.markers:
                names[-1].markers.extend(segment.markers)
            continue
        box = _union(segment.boxes)
        width = box[2] - box[0]
        total = sum(len(p) for p in pieces) or 1
        x = box[0]
        for i, piece in enumerate(pieces):
            # symbols typed inline ("Yanzhao Zhang*") are markers too
            inline = ["*" if s in "∗⋆" else s for s in _SYMBOL_RE.findall(piece)]
            clean = clean_text(_SYMBOL_RE.sub("", piece)).strip(" ,.")
            digits = re.search(r"(?<=[a-z])(\d[\d,]*)$", clean)
            if digits:
                inline += split_markers(digits.group(1))
                clean = clean[: digits.start()].strip()
            step = width * len(piece) / total
            piece_box = (x, box[1], x + step, box[3])
            x += step
            markers = inline + (segment.markers if i == len(pieces) - 1 else [])
            if clean and _looks_like_name(clean):
                names.append(
                    _Name(clean, piece_box, markers, row, line.bbox, line.block)
                )
            elif names and markers:
                names[-1].markers.extend(markers)
    return names


def _is_name_line(line: Line, main_size: float) -> bool:
    pieces = [
        clean_text(_SYMBOL_RE.sub("", piece))
        for segment in _segments(line, main_size)
        for piece in _name_pieces(segment.text)
    ]
    pieces = [p for p in pieces if p.strip(" ,.")]
    return (
        bool(pieces) and sum(_looks_like_name(p) for p in pieces) >= len(pieces) * 0.6
    )


def _unmarked_text(line: Line, main_size: float) -> str:
    """The line's text without its superscript marker spans."""
    return clean_text(
        "".join(s.text for s in line.spans if not _is_marker_span(s, main_size))
    )


_NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "di",
    "du",
    "la",
    "le",
    "del",
    "bin",
    "binti",
    "al",
    "el",
    "ter",
    "zu",
    "y",
    "dos",
    "das",
    "e",
}


# Lower-case words that show a line is running text or a note, not a name.
_LOWER_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "we",
        "with",
        "was",
        "were",
        "work",
        "done",
        "while",
        "during",
        "equal",
        "contribution",
        "contributions",
        "authors",
        "author",
        "corresponding",
        "correspondence",
        "first",
        "last",
        "intern",
        "internship",
        "now",
        "also",
        "based",
        "joint",
        "project",
        "lead",
        "lab",
        "team",
        "university",
        "institute",
        "department",
        "school",
        "inc",
        "research",
        "group",
        "center",
        "centre",
        "",
    }
)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if re.search(r"\d|@|http|[()/]", text):
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        # names typed in lower case ("hongzhou yu", "Merve noyan") are names; words
        # of running text are not
        if (
            not word[0].isupper()
            and word[0].isalpha()
            and (word.lower() in _LOWER_WORDS or not word.isalpha() or len(word) > 14)
        ):
            return False
        if not word[0].isalpha():
            return False
        # "ods.ai" is a domain; "J." and "S.Y." are initials
        if "." in word.rstrip(".") and not re.fullmatch(
            r"(?:[^\W\d_]\.)+[^\W\d_]?\.?|[^\W\d_]+\.", word
        ):
            return False
    return True


def _names_by_row(name_lines: list[Line], main_size: float) -> list[_Name]:
    """All names of the name lines, row by row from the top, left to right."""
    names: list[_Name] = []
    for row_index, row in enumerate(_rows(name_lines)):
        for line in sorted(row, key=lambda ln: ln.bbox[0]):
            names.extend(
                _names_from_line(line, _line_size(line) or main_size, row_index)
            )
    return names
