"""`paperscope inspect`: what ingest finds in one PDF, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.pdf.parse.explain import explain_page
from ingest.raw.records import ParsedPaper


def inspect_pdf(pdf: Path, as_json: bool = False, explain: bool = False) -> str:
    """Title, authors with markers and emails, each affiliation with page, bounding
    box and link method, and section sizes; with ``explain``, also the zones and
    author columns found on page 1 and why each header line is a name, an
    affiliation, a contact or noise. Raises IngestError for a bad file."""
    extracted = extract_pdf(pdf)
    paper = parse_paper(
        extracted.first_page_lines, extracted.page_texts, extracted.page_height
    )
    if as_json:
        payload = asdict(paper)
        payload["page_count"] = extracted.page_count
        for section in payload["sections"]:
            section["chars"] = len(section.pop("text"))
        if explain:
            payload["explain"] = explain_page(
                extracted.first_page_lines, extracted.page_height
            )
        return json.dumps(payload, ensure_ascii=False, indent=2)
    lines = _text_lines(paper, extracted.page_count)
    if explain:
        lines += ["", "explain:"]
        lines += explain_page(extracted.first_page_lines, extracted.page_height)
    return "\n".join(lines)


def _text_lines(paper: ParsedPaper, page_count: int) -> list[str]:
    lines = [
        f"title:  {paper.title}",
        f"pages:  {page_count}",
        f"authors ({len(paper.authors)}):",
    ]
    for author in paper.authors:
        markers = f" [{','.join(author.markers)}]" if author.markers else ""
        email = f" <{author.email}>" if author.email else ""
        lines.append(f"  {author.position:>2}. {author.name}{markers}{email}")
        lines.extend(
            _affiliation_line(aff)
            for aff in paper.affiliations
            if aff.author_position == author.position
        )
    unlinked = [a for a in paper.affiliations if a.author_position is None]
    if unlinked:
        lines.append("affiliations not tied to one author:")
        lines.extend(_affiliation_line(aff) for aff in unlinked)
    lines.append("sections:")
    lines.extend(
        f"  {section.section:<10} {len(section.text):>7} chars  "
        f"pages {section.first_page}-{section.last_page}"
        for section in paper.sections
    )
    lines.extend(f"problem: {kind}: {message}" for kind, message in paper.problems)
    return lines


def _affiliation_line(aff) -> str:
    box = ",".join(f"{v:.0f}" for v in aff.bbox)
    domain = f" @{aff.email_domain}" if aff.email_domain else ""
    return (
        f"      - {aff.text}  (page {aff.page}, bbox {box}, {aff.link_method}{domain})"
    )
