"""Page texts -> title / abstract / body / references sections."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.pdf.parse.text import _replace_typographic, clean_text
from ingest.pdf.parse.vocab import (
    _ABSTRACT_INLINE_RE,
    _ABSTRACT_RE,
    _APPENDIX_RE,
    _INTRO_RE,
    _REFERENCES_RE,
)
from ingest.raw.records import Section

# (page number, text) of every line of the paper, in order.
_Lines = list[tuple[int, str]]


def split_sections(title: str, page_texts: Sequence[str]) -> tuple[str, list[Section]]:
    """Split the full text into title / abstract / body / references.

    Text after the references heading is references, until an appendix heading, after
    which it is body again. Returns the abstract text and the sections.
    """
    lines: _Lines = []
    for page_number, text in enumerate(page_texts, start=1):
        lines.extend((page_number, ln) for ln in text.splitlines())

    abstract_start = _abstract_start(lines)
    abstract_end = None
    if abstract_start is not None:
        abstract_end = _abstract_end(lines, abstract_start)
    # the first references heading after the abstract
    references_start = _references_start(lines, abstract_end or 0)
    appendix_start = None
    if references_start is not None:
        appendix_start = _appendix_start(lines, references_start)

    sections: list[Section] = []
    if title:
        sections.append(Section("title", title, 1, 1))
    abstract = ""
    if abstract_start is not None and abstract_end is not None:
        chunk = lines[abstract_start:abstract_end]
        abstract = _abstract_text(chunk)
        if abstract:
            sections.append(Section("abstract", abstract, chunk[0][0], chunk[-1][0]))
        body_from = abstract_end
    else:
        body_from = 0
    sections.extend(
        _body_and_references(lines, body_from, references_start, appendix_start)
    )
    return abstract, sections


def _joined(chunk: _Lines) -> str:
    text = _replace_typographic("\n".join(ln for _, ln in chunk))
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return clean_text(text)


def _abstract_start(lines: _Lines) -> int | None:
    """The 'Abstract' heading on page 1 or 2."""
    for i, (page, ln) in enumerate(lines):
        if page > 2:
            break
        if _ABSTRACT_RE.match(ln) or _ABSTRACT_INLINE_RE.match(ln):
            return i
    return None


def _abstract_end(lines: _Lines, abstract_start: int) -> int:
    """The introduction heading (or a bare '1'/'I' before a capitalised line)."""
    for j in range(abstract_start + 1, len(lines)):
        page, ln = lines[j]
        if page > 2:
            break
        nxt = lines[j + 1][1] if j + 1 < len(lines) else ""
        if _INTRO_RE.match(ln) or (
            re.fullmatch(r"\s*(1|I)\.?\s*", ln) and re.match(r"\s*[A-Z]", nxt)
        ):
            return j
    # no numbered heading found: take the abstract's paragraph on page 1
    abstract_end = abstract_start + 1
    while (
        abstract_end < len(lines)
        and lines[abstract_end][0] == lines[abstract_start][0]
        and abstract_end - abstract_start < 40
    ):
        abstract_end += 1
    return abstract_end


def _references_start(lines: _Lines, start: int) -> int | None:
    for i in range(start, len(lines)):
        if _REFERENCES_RE.match(lines[i][1]):
            return i
    return None


def _appendix_start(lines: _Lines, references_start: int) -> int | None:
    """The first appendix heading after the references heading."""
    for i in range(references_start + 1, len(lines)):
        ln = lines[i][1]
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if (
            _APPENDIX_RE.match(ln)
            or (
                re.fullmatch(r"\s*A\.?\s*", ln)
                and re.match(r"\s*[A-Z][a-z]", nxt)
                and len(nxt) < 80
            )
            or (
                re.fullmatch(r"\s*A\.?\s+[A-Z][A-Za-z ,:-]{2,60}", ln)
                and not re.search(r"\d{4}|,\s*[A-Z]\.", ln)
            )
        ):
            return i
    return None


def _abstract_text(chunk: _Lines) -> str:
    first_line = re.sub(r"^\s*a\s?bstract\s*[:.—–-]?\s*", "", chunk[0][1], flags=re.I)
    return _joined([(chunk[0][0], first_line), *chunk[1:]])


def _body_and_references(
    lines: _Lines,
    body_from: int,
    references_start: int | None,
    appendix_start: int | None,
) -> list[Section]:
    """The body (with any appendix after the references) and the references."""
    sections: list[Section] = []
    body_to = references_start if references_start is not None else len(lines)
    body_chunks = [lines[body_from:body_to]]
    if appendix_start is not None:
        body_chunks.append(lines[appendix_start:])
    body_lines = [ln for chunk in body_chunks for ln in chunk]
    if body_lines:
        sections.append(
            Section("body", _joined(body_lines), body_lines[0][0], body_lines[-1][0])
        )
    if references_start is not None:
        ref_lines = lines[references_start + 1 : appendix_start or len(lines)]
        if ref_lines:
            sections.append(
                Section(
                    "references", _joined(ref_lines), ref_lines[0][0], ref_lines[-1][0]
                )
            )
    return sections
