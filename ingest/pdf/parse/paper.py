"""Page-1 layout and page texts -> the parsed paper."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.pdf.parse.author_block import parse_author_block
from ingest.pdf.parse.sections import split_sections
from ingest.raw.records import Line, ParsedPaper


def parse_paper(
    lines: Sequence[Line], page_texts: Sequence[str], page_height: float
) -> ParsedPaper:
    title, block = parse_author_block(lines, page_height)
    abstract, sections = split_sections(title, page_texts)
    paper = ParsedPaper(
        title=title,
        abstract=abstract,
        authors=block.authors,
        affiliations=block.affiliations,
        sections=sections,
    )
    if not block.authors:
        paper.problems.append(
            (
                "no_author_block",
                "no author names found on page 1; run `paperscope inspect` on the file "
                "to see the layout",
            )
        )
    return paper
