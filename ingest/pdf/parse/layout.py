"""Geometry of printed lines: overlaps, unions, font size and weight, rows, columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.raw.records import BBox, Line, Span


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _xrange(bbox: BBox) -> tuple[float, float]:
    return (bbox[0], bbox[2])


def _union(boxes: Iterable[BBox]) -> BBox:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _content_spans(line: Line) -> list[Span]:
    return [span for span in line.spans if span.text.strip()]


def _line_size(line: Line) -> float:
    spans = [s for s in _content_spans(line) if not s.is_superscript]
    spans = spans or _content_spans(line)
    return max((s.size for s in spans), default=0.0)


def _line_bold(line: Line) -> bool:
    spans = [s for s in _content_spans(line) if not s.is_superscript]
    chars = sum(len(s.text) for s in spans) or 1
    return sum(len(s.text) for s in spans if s.is_bold) / chars > 0.5


def _body_size(lines: Sequence[Line]) -> float:
    weights: dict[float, int] = {}
    for line in lines:
        for span in line.spans:
            weights[round(span.size)] = weights.get(round(span.size), 0) + len(
                span.text.strip()
            )
    return max(weights, key=lambda k: weights[k]) if weights else 10.0


def _blocks(lines: Sequence[Line]) -> list[list[Line]]:
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    return list(blocks.values())


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines that share a baseline band into rows, top to bottom."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        if rows:
            last = rows[-1]
            band = (min(ln.bbox[1] for ln in last), max(ln.bbox[3] for ln in last))
            height = line.bbox[3] - line.bbox[1]
            if _overlap(band, (line.bbox[1], line.bbox[3])) > height * 0.5:
                last.append(line)
                continue
        rows.append([line])
    return rows


def _merge_row_pieces(lines: list[Line]) -> list[Line]:
    """PyMuPDF cuts one printed line at wide word gaps ("Tongyi Lab  Alibaba Group");
    glue pieces of the same row that stand closer than two font sizes."""
    merged: list[Line] = []
    for row in _rows(lines):
        row = sorted(row, key=lambda ln: ln.bbox[0])
        current = row[0]
        for line in row[1:]:
            size = _line_size(line) or 10.0
            if line.bbox[0] - current.bbox[2] < 2 * size:
                current = Line(
                    bbox=_union([current.bbox, line.bbox]),
                    spans=(*current.spans, *line.spans),
                    block=current.block,
                )
            else:
                merged.append(current)
                current = line
        merged.append(current)
    return merged


def _columns(lines: list[Line]) -> list[list[Line]]:
    """Cluster lines whose x-ranges overlap into columns (left to right)."""
    columns: list[list[Line]] = []
    for line in sorted(_merge_row_pieces(lines), key=lambda ln: ln.bbox[0]):
        for column in columns:
            span = (min(ln.bbox[0] for ln in column), max(ln.bbox[2] for ln in column))
            if _overlap(span, _xrange(line.bbox)) > 0:
                column.append(line)
                break
        else:
            columns.append([line])
    for column in columns:
        column.sort(key=lambda ln: ln.bbox[1])
    return columns


def _centre(bbox: BBox) -> float:
    return (bbox[0] + bbox[2]) / 2


def _slot_of(x: float, centres: Sequence[float]) -> int:
    """The author column whose centre is nearest to ``x``."""
    return min(range(len(centres)), key=lambda k: abs(centres[k] - x))


def _split_by_slots(line: Line, centres: Sequence[float]) -> list[Line]:
    """Cut a line whose spans fall under different author columns into one line per
    column, so that side-by-side blocks sharing a baseline are never read as one."""
    pieces: dict[int, list[Span]] = {}
    for span in line.spans:
        if span.text.strip():
            pieces.setdefault(_slot_of(_centre(span.bbox), centres), []).append(span)
    if len(pieces) <= 1:
        return [line]
    return [
        Line(
            bbox=_union(s.bbox for s in spans),
            spans=tuple(spans),
            block=line.block,
            is_horizontal=line.is_horizontal,
        )
        for _, spans in sorted(pieces.items())
    ]


def _lines_by_slot(
    lines: Sequence[Line], centres: Sequence[float], blocks: Sequence[int] = ()
) -> dict[int, list[Line]]:
    """Lines under side-by-side author blocks -> the lines of each block, top to
    bottom. A line printed in the same text block as a column's name goes to that
    column; others are split by column first, and go to the nearest column. Pieces
    are glued back only within one column."""
    by_slot: dict[int, list[Line]] = {}
    for line in lines:
        if line.block in blocks and blocks.count(line.block) == 1:
            by_slot.setdefault(blocks.index(line.block), []).append(line)
            continue
        for piece in _split_by_slots(line, centres):
            slot = _slot_of(_centre(piece.bbox), centres)
            by_slot.setdefault(slot, []).append(piece)
    return {
        slot: sorted(_merge_row_pieces(pieces), key=lambda ln: ln.bbox[1])
        for slot, pieces in by_slot.items()
    }


def _rounded(bbox: BBox) -> BBox:
    """Bounding boxes are reported to 0.01 pt; finer digits are noise."""
    x0, y0, x1, y1 = bbox
    return (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))
