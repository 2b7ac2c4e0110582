"""Fixtures: PDFs built by ingest.samples, never hand-edited binaries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.extract import extract_pdf
from ingest.parse import parse_paper
from ingest.records import ParsedPaper
from ingest.samples import AuthorSpec, PaperSpec, write_pdf

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture
def build_pdf(tmp_path: Path) -> Callable[..., Path]:
    def build(spec: PaperSpec, name: str = "paper") -> Path:
        return write_pdf(spec, tmp_path / f"{name}.pdf")

    return build


@pytest.fixture
def parse_spec(build_pdf: Callable[..., Path]) -> Callable[[PaperSpec], ParsedPaper]:
    def parse(spec: PaperSpec) -> ParsedPaper:
        pdf = extract_pdf(build_pdf(spec))
        return parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)

    return parse


def links(paper: ParsedPaper) -> set[tuple[str | None, str, str]]:
    """(author name or None, affiliation text, link method) triples."""
    names = {a.position: a.name for a in paper.authors}
    return {
        (
            names.get(aff.author_position) if aff.author_position else None,
            aff.text,
            aff.link_method,
        )
        for aff in paper.affiliations
    }


def spec_with(layout: str, authors: list[AuthorSpec], **kwargs) -> PaperSpec:
    return PaperSpec(
        title="A Study of Things That Matter", authors=authors, layout=layout, **kwargs
    )
