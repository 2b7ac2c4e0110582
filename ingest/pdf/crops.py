"""Pictures of the evidence: a page of a PDF cropped around one printed affiliation,
its bounding box drawn in red, for the report's evidence section.

The report (ingest/warehouse/evidence.py) may not import this room; the CLI passes
``render_crop`` to it. The image is small by construction: the clip is the box plus
a margin, at most ``MAX_CLIP_WIDTH`` by ``MAX_CLIP_HEIGHT`` points, rendered at the
highest of ``DPIS`` whose PNG (or JPEG, when that is under half the PNG) fits
``max_bytes``.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

Box = tuple[float, float, float, float]

MARGIN_X, MARGIN_Y = 48.0, 22.0  # points of page around the box
MAX_CLIP_HEIGHT = 160.0  # points; a taller box is shown from its top
MAX_CLIP_WIDTH = 560.0  # points; a wider box is shown from its left
DPIS = (110, 90, 72, 56, 44)
JPEG_QUALITY = 70
BOX_COLOR = (220, 0, 0)
BOX_LINE = 2  # pixels


class CropError(ValueError):
    """A crop that cannot be drawn; the message names the file and why."""


def render_crop(pdf: Path, page: int, box: Box, max_bytes: int) -> tuple[str, bytes]:
    """(MIME type, image bytes) of page ``page`` (1-based) of ``pdf`` around ``box``
    (PDF points, origin top left), never more than ``max_bytes``.

    Raises CropError for a file PyMuPDF cannot open, a page it does not have, a box
    off the page or a crop over ``max_bytes`` even at the lowest resolution; the
    PDF is only read.
    """
    try:
        doc = pymupdf.open(pdf)
    except RuntimeError as problem:  # pymupdf's FileDataError, FileNotFoundError
        raise CropError(f"{pdf}: cannot open it ({problem})") from None
    with doc:
        if doc.needs_pass:
            raise CropError(f"{pdf}: encrypted, cannot render it")
        if not 1 <= page <= doc.page_count:
            raise CropError(f"{pdf}: has no page {page} ({doc.page_count} pages)")
        return _encode(pdf, doc[page - 1], pymupdf.Rect(box), max_bytes)


def _grow_page(page: pymupdf.Page, box: pymupdf.Rect) -> None:
    """Text LaTeX pushed past the right or bottom edge is still printed (ingest reads
    it, see extract.py): grow the page in memory so the crop can show it. Growing
    right and down keeps the top-left origin; the file is never written."""
    rect = page.rect
    right = box.x1 + MARGIN_X - rect.x1
    down = box.y1 + MARGIN_Y - rect.y1
    if page.rotation or (right <= 0 and down <= 0) or page.cropbox != page.mediabox:
        return
    media = page.mediabox
    grown = pymupdf.Rect(
        media.x0, media.y0 - max(down, 0), media.x1 + max(right, 0), media.y1
    )
    try:
        page.set_mediabox(grown)
    except ValueError:  # a page PyMuPDF will not resize: crop what is on it
        return


def _clip(page: pymupdf.Page, box: pymupdf.Rect) -> pymupdf.Rect:
    left, top = box.x0 - MARGIN_X, box.y0 - MARGIN_Y
    right = min(box.x1 + MARGIN_X, left + MAX_CLIP_WIDTH)
    bottom = min(box.y1 + MARGIN_Y, top + MAX_CLIP_HEIGHT)
    return pymupdf.Rect(left, top, right, bottom) & page.rect


def _encode(
    pdf: Path, page: pymupdf.Page, box: pymupdf.Rect, max_bytes: int
) -> tuple[str, bytes]:
    _grow_page(page, box)
    clip = _clip(page, box)
    if clip.is_empty:
        where = ", ".join(f"{v:.0f}" for v in (box.x0, box.y0, box.x1, box.y1))
        raise CropError(f"{pdf}: box ({where}) is off page {page.number + 1}")
    for dpi in DPIS:
        pixmap = page.get_pixmap(dpi=dpi, clip=clip, colorspace=pymupdf.csRGB)
        frame = pymupdf.Rect(box.x0 - 2, box.y0 - 2, box.x1 + 2, box.y1 + 2)
        frame = frame * pymupdf.Matrix(dpi / 72, dpi / 72)
        _draw_box(pixmap, frame)
        png = pixmap.tobytes("png")
        jpeg = pixmap.tobytes("jpeg", jpg_quality=JPEG_QUALITY)
        preferred = ("image/jpeg", jpeg) if 2 * len(jpeg) < len(png) else None
        smaller = min(("image/png", png), ("image/jpeg", jpeg), key=lambda c: len(c[1]))
        for choice in (preferred or ("image/png", png), smaller):
            if len(choice[1]) <= max_bytes:
                return choice
    raise CropError(
        f"{pdf}: crop of page {page.number + 1} is over {max_bytes} bytes"
        f" even at {DPIS[-1]} dpi"
    )


def _draw_box(pixmap: pymupdf.Pixmap, box: pymupdf.Rect) -> None:
    """A red frame BOX_LINE pixels wide along ``box`` (pixmap coordinates), clipped
    to the pixmap."""
    frame = box.irect
    x0, y0, x1, y1 = frame.x0, frame.y0, frame.x1, frame.y1
    edges = [
        (x0, y0, x1, y0 + BOX_LINE),
        (x0, y1 - BOX_LINE, x1, y1),
        (x0, y0, x0 + BOX_LINE, y1),
        (x1 - BOX_LINE, y0, x1, y1),
    ]
    for edge in edges:
        visible = pymupdf.IRect(edge) & pixmap.irect
        if not visible.is_empty:
            pixmap.set_rect(visible, BOX_COLOR)
