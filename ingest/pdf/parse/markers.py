"""Superscript markers: which spans are markers, and how '1,2' or '1∗' splits."""

from __future__ import annotations

import re
import unicodedata

from ingest.pdf.parse.layout import _content_spans
from ingest.pdf.parse.vocab import MARKER_SYMBOLS
from ingest.raw.records import Line, Span


def _is_marker_span(span: Span, main_size: float) -> bool:
    text = span.text.strip()
    if not text:
        return False
    small = span.size < main_size * 0.85
    if span.is_superscript or small:
        return len(text) <= 12 and all(_is_marker_char(c) for c in text)
    return False


def _is_marker_char(char: str) -> bool:
    """Letters, digits, the usual footnote symbols, separators, and any other
    symbol a template uses as a footnote mark ('→', '♪')."""
    return (
        char.isalnum()
        or char in MARKER_SYMBOLS
        or char in ",;. \t"
        or unicodedata.category(char) in ("Sm", "So")
    )


def split_markers(text: str) -> list[str]:
    """'1,2' -> ['1','2']; '1∗' -> ['1','*']; 'a,b' -> ['a','b']."""
    out: list[str] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        for token in re.findall(r"\d+|[a-z]|[^\w\s,;.]", part):
            out.append("*" if token in "∗⋆" else token)
    return out


def _starts_with_marker(line: Line, main_size: float) -> bool:
    spans = _content_spans(line)
    return bool(spans) and _is_marker_span(spans[0], main_size) and len(spans) > 1


def _has_trailing_markers(line: Line, main_size: float) -> bool:
    spans = _content_spans(line)
    return any(
        _is_marker_span(span, main_size) and re.fullmatch(r"[\d,\s]+", span.text)
        for span in spans[1:]
    )
