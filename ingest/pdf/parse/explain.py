"""Why page 1 was read as it was: the zones, the author columns, and for each header
line whether it is a name, an affiliation, a contact or noise, and why.

Used by ``paperscope inspect FILE.pdf --explain``. It re-runs the steps of
``parse_author_block`` and reports them; it decides nothing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.pdf.parse.author_block import _header_size
from ingest.pdf.parse.classify import _classify, _is_contact
from ingest.pdf.parse.layout import _content_spans, _line_bold, _line_size, _rows
from ingest.pdf.parse.linking import _block_slots, _side_by_side
from ingest.pdf.parse.markers import _starts_with_marker
from ingest.pdf.parse.names import _names_by_row, _unmarked_text
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import (
    _INSTITUTION_WORDS,
    _NOISE_RE,
    _SYMBOL_RE,
    has_head,
)
from ingest.pdf.parse.zones import _find_zones
from ingest.raw.records import Line


def _box(line: Line) -> str:
    x0, y0, x1, _ = line.bbox
    return f"x {x0:5.0f}-{x1:<5.0f} y {y0:5.0f}"


def _style(line: Line) -> str:
    return f"{'bold ' if _line_bold(line) else ''}{_line_size(line):.1f}pt"


def _reason(line: Line, role: str, main_size: float, name_style: str | None) -> str:
    """Why ``line`` got ``role``, from the same tests ``_classify`` applies."""
    text = clean_text(line.text)
    plain = _SYMBOL_RE.sub("", _unmarked_text(line, main_size))
    institution = _INSTITUTION_WORDS.search(plain)
    if role == "contact":
        if _is_contact(text):
            return "holds an email"
        return "monospaced"
    if role == "name":
        return f"name style ({name_style}) and its pieces read as person names"
    if role == "affiliation":
        if _starts_with_marker(line, main_size):
            return "starts with a superscript marker"
        if institution:
            return f"institution word {institution.group(0)!r}"
        if name_style and _style(line) != name_style:
            return f"style {_style(line)} is not the name style {name_style}"
        return "does not read as names (or continues the affiliation above)"
    noise = _NOISE_RE.search(text)
    if noise:
        return f"noise pattern {noise.group(0)!r}"
    return "no letters (a lone marker or number)"


def _roles(header: list[Line], main_size: float) -> tuple[list, str | None]:
    names, affiliations, contacts = _classify(header, main_size)
    role_of = {id(ln): "name" for ln in names}
    role_of.update({id(ln): "affiliation" for ln in affiliations})
    role_of.update({id(ln): "contact" for ln in contacts})
    name_style = _style(names[0]) if names else None
    rows = []
    for line in header:
        role = role_of.get(id(line), "noise")
        if role == "noise" and not clean_text(line.text):
            continue
        rows.append((line, role, _reason(line, role, main_size, name_style)))
    return rows, name_style


def explain_page(lines: Sequence[Line], page_height: float) -> list[str]:
    """Text lines describing the zones, columns and line roles of page 1."""
    zones = _find_zones(lines, page_height)
    main_size = _header_size(zones)
    out = [
        f"body size {zones.body_size:.1f}pt, header main size {main_size:.1f}pt",
        "zones:",
        "  title:    " + " / ".join(clean_text(ln.text) for ln in zones.title_lines),
    ]
    if zones.header:
        top = min(ln.bbox[1] for ln in zones.header)
        bottom = max(ln.bbox[3] for ln in zones.header)
        out.append(f"  header:   y {top:.0f}-{bottom:.0f}, {len(zones.header)} lines")
    else:
        out.append("  header:   (empty)")
    out.append(f"  footnotes: {len(zones.footnotes)} small lines at the page foot")
    rows, _ = _roles(zones.header, main_size)
    out.extend(_column_lines(rows, main_size))
    out.append("header lines:")
    for line, role, reason in rows:
        text = clean_text(line.text)
        text = text if len(text) <= 60 else text[:57] + "..."
        out.append(f"  {role:<11} {_box(line)} {_style(line):>11}  {text!r}")
        out.append(f"  {'':<11} because: {reason}")
    out.extend(_footnote_lines(zones.footnotes, zones.body_size))
    return out


def _column_lines(rows: list, main_size: float) -> list[str]:
    """The name rows, and for each whether its author blocks stand side by side."""
    name_lines = [line for line, role, _ in rows if role == "name"]
    aff_lines = [line for line, role, _ in rows if role == "affiliation"]
    names = _names_by_row(name_lines, main_size)
    out = ["columns:"]
    if not names:
        return [*out, "  no name rows"]
    side = _side_by_side(names)
    out.append(
        "  author blocks stand side by side (names in separate text blocks)"
        if side
        else "  one shared author block per row"
    )
    for index, row in enumerate(_rows(name_lines)):
        members = [i for i, n in enumerate(names) if n.row == index]
        below = [ln for ln in aff_lines if ln.bbox[1] > min(r.bbox[1] for r in row)]
        slots = _block_slots(names, members, index, below) if below else None
        who = ", ".join(names[i].name for i in members)
        if slots:
            centres = ", ".join(f"{c:.0f}" for c, _, _ in slots)
            out.append(f"  row {index + 1}: {who}  -> columns centred at x {centres}")
        else:
            out.append(f"  row {index + 1}: {who}")
    return out


def _footnote_lines(footnotes: list[Line], body_size: float) -> list[str]:
    out = []
    for line in footnotes:
        spans = _content_spans(line)
        marked = bool(spans) and (
            spans[0].is_superscript or spans[0].size < body_size * 0.85
        )
        text = clean_text(line.text)
        if marked and (has_head(text) or "correspondence" in text.lower()):
            out.append(f"  footnote   {_box(line)}  {text[:70]!r}")
    return ["footnotes read for affiliations:", *out] if out else []
