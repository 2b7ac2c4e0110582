"""PDF -> plain layout records. The only module that imports pymupdf.

Everything returned here is plain data (tuples, dataclasses of str/float/int), so it can
cross a process boundary and be fed to the pure functions of ``pdf/parse/`` by tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from ingest.raw.errors import (
    EmptyFileError,
    EncryptedPdfError,
    NotAPdfError,
    NoTextError,
    TooManyPagesError,
)
from ingest.raw.records import Line, Span

log = logging.getLogger(__name__)

# Page-1 layout: spans with fonts and flags, but no image decoding. Text that LaTeX
# pushed past the page edge (long author rows) is still printed text, so we neither
# clip to the mediabox nor to the page rectangle.
_TEXT_FLAGS = (
    pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_MEDIABOX_CLIP
)
assert _TEXT_FLAGS == pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP
_SUPERSCRIPT = pymupdf.TEXT_FONT_SUPERSCRIPT
_BOLD = pymupdf.TEXT_FONT_BOLD
_MONO = pymupdf.TEXT_FONT_MONOSPACED

DEFAULT_MAX_PAGES = 1000


@dataclass(frozen=True)
class ExtractedPdf:
    """What one PDF holds, as plain data."""

    page_count: int
    page_width: float
    page_height: float
    first_page_lines: tuple[Line, ...]
    page_texts: tuple[str, ...]


def extract_pdf(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> ExtractedPdf:
    """Read page-1 layout and every page's plain text from ``path``.

    Raises one ``IngestError`` subclass per failure kind (see ``errors.py``).
    """
    if path.stat().st_size == 0:
        raise EmptyFileError(path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdfError(path, head[:40])
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise NotAPdfError(path, head[:40], str(exc)) from exc
    with doc:
        if doc.needs_pass or doc.is_encrypted:
            raise EncryptedPdfError(path)
        page_count = doc.page_count
        if page_count > max_pages:
            raise TooManyPagesError(path, page_count, max_pages)
        if page_count == 0:
            raise NoTextError(path, page_count)
        first = doc[0]
        # One TextPage serves both page 1's layout and its plain text: with image
        # decoding off, the dict and text flags are the same, so parsing the page's
        # content stream twice would be wasted work.
        first_textpage = first.get_textpage(
            flags=_TEXT_FLAGS, clip=pymupdf.INFINITE_RECT()
        )
        layout = first.get_text("dict", textpage=first_textpage)
        lines = tuple(_lines_from_dict(layout))
        texts = [first.get_text("text", textpage=first_textpage)]
        texts.extend(
            doc[number].get_text(
                "text", flags=_TEXT_FLAGS, clip=pymupdf.INFINITE_RECT()
            )
            for number in range(1, page_count)
        )
        if not any(text.strip() for text in texts):
            raise NoTextError(path, page_count)
        return ExtractedPdf(
            page_count=page_count,
            page_width=first.rect.width,
            page_height=first.rect.height,
            first_page_lines=lines,
            page_texts=tuple(texts),
        )


def _lines_from_dict(layout: dict) -> list[Line]:
    # A dense page 1 has several hundred spans; this loop is on the hot path, so it
    # builds Span tuples positionally (text, bbox, size, font, superscript, bold, mono).
    lines: list[Line] = []
    for block_number, block in enumerate(layout.get("blocks", [])):
        for raw_line in block.get("lines", []):
            spans = []
            for span in raw_line.get("spans", []):
                text = span["text"]
                if not text:
                    continue
                flags = span["flags"]
                font = span["font"]
                spans.append(
                    Span(
                        text,
                        span["bbox"],
                        span["size"],
                        font,
                        bool(flags & _SUPERSCRIPT),
                        bool(flags & _BOLD) or "bold" in font.lower(),
                        bool(flags & _MONO),
                    )
                )
            if not spans:
                continue
            dx, dy = raw_line.get("dir", (1.0, 0.0))
            lines.append(
                Line(
                    bbox=raw_line["bbox"],
                    spans=tuple(spans),
                    block=block_number,
                    is_horizontal=abs(dy) < 0.05 and dx > 0,
                )
            )
    return lines
