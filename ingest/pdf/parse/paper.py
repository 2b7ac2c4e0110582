"""Page-1 layout and page texts -> the parsed paper."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.pdf.parse.author_block import AuthorBlock, parse_author_block
from ingest.pdf.parse.sections import split_sections
from ingest.pdf.parse.team import contributor_names
from ingest.raw.records import LINK_TEAM, Affiliation, Author, Line, ParsedPaper


def parse_paper(
    lines: Sequence[Line], page_texts: Sequence[str], page_height: float
) -> ParsedPaper:
    title, block = parse_author_block(lines, page_height)
    block = _team_block(block, page_texts) or block
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


# A page-1 "author" that is an organisation: "DeepSeek-AI", "Qwen Team".
_TEAM_NAME_RE = re.compile(r"^\S+$|\b(?:AI|Team|Lab|Labs)\b")


def _team_block(block: AuthorBlock, page_texts: Sequence[str]) -> AuthorBlock | None:
    """A team paper's authors: when page 1 ties no person to an affiliation and the
    paper prints a longer contributor list later, each contributor is tied to the
    team's organisation (what page 1 printed unlinked, or the team's name)."""
    if any(a.author_position is not None for a in block.affiliations):
        return None
    teams = [a for a in block.affiliations if a.author_position is None]
    texts = [a.text for a in teams]
    if not texts:
        texts = [a.name for a in block.authors if _TEAM_NAME_RE.search(a.name)]
    if not texts:
        return None
    people = contributor_names(page_texts)
    if len(people) < max(3, len(block.authors) + 1):
        return None
    bbox = teams[0].bbox if teams else (0.0, 0.0, 0.0, 0.0)
    authors = [Author(position=i + 1, name=n) for i, n in enumerate(people)]
    affiliations = [
        Affiliation(
            author_position=author.position,
            affiliation_position=k + 1,
            text=text,
            page=1,
            bbox=bbox,
            link_method=LINK_TEAM,
            email_domain=None,
        )
        for author in authors
        for k, text in enumerate(texts)
    ]
    return AuthorBlock(authors, affiliations)
