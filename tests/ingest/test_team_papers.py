"""Team papers: page 1 names only a team, the people are listed near the end."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.pdf.parse.team import contributor_names
from ingest.raw.records import ParsedPaper
from tests.ingest.conftest import links

_CSS = "* {font-family: serif;}"
BODY = "We train a family of models and report how they do on many benchmarks. " * 9


def _html(text: str, size: float = 10, bold: bool = False, align: str = "center"):
    inner = f"<b>{text}</b>" if bold else text
    return f'<p style="font-size:{size}pt;text-align:{align};margin:0">{inner}</p>'


def write_team_pdf(path: Path, team_lines: list[str], tail: list[str]) -> Path:
    """Page 1: title, the team lines, abstract. Page 2: body. Page 3: ``tail``."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(
        pymupdf.Rect(72, 72, 540, 110),
        _html("Big Model: A Family of Open Models", 17, True),
    )
    html = "".join(_html(t, 11, bold=i == 0) for i, t in enumerate(team_lines))
    page.insert_htmlbox(pymupdf.Rect(72, 130, 540, 180), html, css=_CSS)
    page.insert_htmlbox(pymupdf.Rect(72, 200, 540, 220), _html("Abstract", 12, True))
    page.insert_htmlbox(
        pymupdf.Rect(100, 224, 512, 400), _html(BODY, align="justify"), css=_CSS
    )
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(
        pymupdf.Rect(72, 72, 540, 700), _html("1 Introduction", 12, True) + _html(BODY)
    )
    page = doc.new_page(width=612, height=792)
    html = "".join(_html(t, align="left") for t in tail)
    page.insert_htmlbox(pymupdf.Rect(72, 72, 540, 700), html, css=_CSS)
    doc.save(path)
    return path


def _parse(path: Path) -> ParsedPaper:
    pdf = extract_pdf(path)
    return parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)


CONTRIBUTORS = [
    "A Contributions and Acknowledgments",
    "Project Lead",
    "An Yang",
    "Core Contributors†",
    "Baosong Yang, Bei Chen, Chengyuan Li",
    "Data Pipeline &amp; Model Training",
    "Dayiheng Liu★",
    "An Yang",
    "Additional Contributors",
    "Fei Huang, Jingren Zhou",
    "Names marked with ★ have left the team. We thank everyone who helped us "
    "with the infrastructure and the data.",
    "References",
    "Tom Brown, Ben Mann. Language models are few-shot learners. 2020.",
]
PEOPLE = [
    "An Yang",
    "Baosong Yang",
    "Bei Chen",
    "Chengyuan Li",
    "Dayiheng Liu",
    "Fei Huang",
    "Jingren Zhou",
]


def test_team_paper_takes_its_people_from_the_contributor_list(tmp_path):
    paper = _parse(write_team_pdf(tmp_path / "team.pdf", ["Qwen Team"], CONTRIBUTORS))
    assert [a.name for a in paper.authors] == PEOPLE
    assert links(paper) == {(name, "Qwen Team", "team") for name in PEOPLE}


def test_team_named_like_a_person_is_still_a_team(tmp_path):
    lines = ["DeepSeek-AI", "research@deepseek.com"]
    paper = _parse(write_team_pdf(tmp_path / "ds.pdf", lines, CONTRIBUTORS))
    assert [a.name for a in paper.authors] == PEOPLE
    assert {text for _, text, _ in links(paper)} == {"DeepSeek-AI"}


def test_paper_with_authors_on_page_one_ignores_a_contributions_section(tmp_path):
    lines = ["Alice Zhang", "Tsinghua University, Beijing, China"]
    tail = ["Author Contributions", "Alice Zhang, Bob Li"]
    paper = _parse(write_team_pdf(tmp_path / "normal.pdf", lines, tail))
    assert [a.name for a in paper.authors] == ["Alice Zhang"]
    assert {m for _, _, m in links(paper)} != {"team"}


def test_contributor_list_skips_prose_and_role_headings():
    pages = [
        "page one",
        "Contributors\nProject Lead\nAn Yang\nPretraining\nBei Chen, Fei Huang\n"
        "Alice Zhang designed the experiments and wrote the paper.\n"
        "5 Conclusion\nWe Did Well",
    ]
    assert contributor_names(pages) == ["An Yang", "Bei Chen", "Fei Huang"]


def test_comma_list_wrapped_inside_a_name_is_joined():
    pages = [
        "page one",
        "Authors\nCore Contributors: An Yang, Baosong Yang, Beichen Zhang, Chengyuan\n"
        "Li, Dayiheng Liu, Fei Huang.\nReferences\nTom Brown, Ben Mann, Nick Ryder.",
    ]
    assert contributor_names(pages) == [
        "An Yang",
        "Baosong Yang",
        "Beichen Zhang",
        "Chengyuan Li",
        "Dayiheng Liu",
        "Fei Huang",
    ]
