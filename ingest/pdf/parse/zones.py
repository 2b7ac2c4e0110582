"""Page-1 zones: the title, the header (the author block) and the footnotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.pdf.parse.layout import _blocks, _body_size, _line_size
from ingest.pdf.parse.vocab import (
    _ABSTRACT_INLINE_RE,
    _ABSTRACT_RE,
    _INTRO_RE,
    is_noise,
)
from ingest.raw.records import Line


@dataclass
class _Zones:
    title_lines: list[Line]
    header: list[Line]
    footnotes: list[Line]
    body_size: float


def _find_zones(lines: Sequence[Line], page_height: float) -> _Zones:
    horizontal = [ln for ln in lines if ln.is_horizontal and ln.text.strip()]
    horizontal.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    body_size = _body_size(horizontal)
    top = [
        ln
        for ln in horizontal
        if ln.bbox[1] < page_height * 0.45
        and not is_noise(ln.text)
        and len(ln.text.strip()) > 2
    ]
    title_lines: list[Line] = []
    if top:
        biggest = max(_line_size(ln) for ln in top)
        if biggest >= body_size + 1.5:
            candidates = [ln for ln in top if _line_size(ln) >= biggest - 0.8]
            first = candidates[0]
            title_lines = [first]
            for ln in candidates[1:]:
                gap = ln.bbox[1] - title_lines[-1].bbox[3]
                if gap < biggest * 1.6:
                    title_lines.append(ln)
                else:
                    break
            title_lines += _title_tail(top, title_lines[-1], biggest, body_size)
    title_bottom = max((ln.bbox[3] for ln in title_lines), default=0.0)
    title_top = min((ln.bbox[1] for ln in title_lines), default=0.0)

    abstract_top = None
    for ln in horizontal:
        if ln.bbox[1] < title_bottom - 1:
            continue
        text = ln.text
        if _ABSTRACT_RE.match(text) or _ABSTRACT_INLINE_RE.match(text):
            abstract_top = ln.bbox[1]
            break
    if abstract_top is None:
        for ln in horizontal:
            if ln.bbox[1] > title_bottom and _INTRO_RE.match(ln.text):
                abstract_top = ln.bbox[1]
                break
    if abstract_top is not None:
        header_bottom = abstract_top
    else:
        # No heading on page 1 (long author lists push the abstract over): the header
        # ends at the first paragraph of running text, or above the footnotes.
        header_bottom = page_height * 0.86
        for block in _blocks(horizontal):
            top = min(ln.bbox[1] for ln in block)
            chars = sum(len(ln.text) for ln in block) / len(block)
            if top > title_bottom and len(block) >= 3 and chars > 60:
                header_bottom = min(header_bottom, top)
    header = [
        ln
        for ln in horizontal
        if ln.bbox[1] >= title_bottom - 1
        and ln.bbox[3] <= header_bottom + 1
        and ln.bbox[1] >= title_top
        and ln not in title_lines
    ]
    footnote_top = page_height * 0.68
    footnotes = [
        ln
        for ln in horizontal
        if ln.bbox[1] > footnote_top and _line_size(ln) < body_size - 0.4
    ]
    return _Zones(title_lines, header, footnotes, body_size)


def _title_tail(
    top: list[Line], last: Line, biggest: float, body_size: float
) -> list[Line]:
    """Title lines set in small capitals ("LLEMMA: AN OPEN ... FOR" at 17/14 pt,
    "MATHEMATICS" at 14 pt) measure smaller than the first: a line in capitals right
    under the title, still well above body size, continues it."""
    tail: list[Line] = []
    for ln in top:
        if ln.bbox[1] <= last.bbox[1]:
            continue
        gap = ln.bbox[1] - last.bbox[3]
        text = ln.text.strip()
        small_caps = text.isupper() and not text.endswith(",")
        if gap >= biggest or _line_size(ln) < body_size + 2.5 or not small_caps:
            break
        tail.append(ln)
        last = ln
    return tail
