"""Header lines -> name lines, affiliation lines and contact lines (noise dropped)."""

from __future__ import annotations

from ingest.pdf.parse.layout import (
    _content_spans,
    _line_bold,
    _line_size,
    _overlap,
    _xrange,
)
from ingest.pdf.parse.markers import _starts_with_marker
from ingest.pdf.parse.names import _is_name_line, _unmarked_text
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import (
    _EMAIL_RE,
    _SYMBOL_RE,
    has_head,
    is_institutional,
    is_noise,
)
from ingest.raw.records import Line


def _is_contact(text: str) -> bool:
    """An email ('a@x.edu', '{a,b}@x.edu') rather than an '@' inside a lab's name
    ('CSLT@BNRist, Tsinghua University')."""
    return "@" in text and bool(_EMAIL_RE.search(text.replace(" ", "")))


def _classify(
    header: list[Line], main_size: float
) -> tuple[list[Line], list[Line], list[Line]]:
    """Return (name lines, affiliation lines, contact lines); noise is dropped."""
    names: list[Line] = []
    affiliations: list[Line] = []
    contacts: list[Line] = []
    name_style: tuple[bool, float] | None = None
    for line in header:
        text = clean_text(line.text)
        if not text:
            continue
        if _is_contact(text) or all(s.is_mono for s in _content_spans(line)):
            contacts.append(line)
            continue
        if not any(c.isalpha() for c in _SYMBOL_RE.sub("", text)):
            continue  # a lone marker or number sets no style
        if is_noise(text) and not has_head(text):
            continue
        style = (_line_bold(line), round(_line_size(line)))
        starts_marked = _starts_with_marker(line, main_size)
        plain = _SYMBOL_RE.sub("", _unmarked_text(line, main_size))
        if name_style is None and not starts_marked and not is_institutional(plain):
            name_style = style
        if (
            not starts_marked
            and style == name_style
            and not is_institutional(plain)
            and _is_name_line(line, main_size)
        ):
            names.append(line)
        else:
            affiliations.append(line)
    # A name-like line printed right under an affiliation line of the same style
    # ("Ukrainian Catholic University" / "Lviv, Ukraine") continues that affiliation.
    for line in sorted(names, key=lambda ln: ln.bbox[1]):
        for above in affiliations:
            gap = line.bbox[1] - above.bbox[3]
            height = line.bbox[3] - line.bbox[1]
            if (
                -1 <= gap < height * 0.6
                and _overlap(_xrange(above.bbox), _xrange(line.bbox)) > 0
                and (_line_bold(above), round(_line_size(above)))
                == (_line_bold(line), round(_line_size(line)))
                and not _starts_with_marker(above, main_size)
            ):
                names.remove(line)
                affiliations.append(line)
                break
    affiliations.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return names, affiliations, contacts
