"""Side-by-side author blocks (the NeurIPS template's ``\\And``), built with PyMuPDF.

Each block is a name, its affiliation lines and an email, centred in its own column;
the columns stand close, so lines of neighbouring blocks share a baseline with only a
small gap between them. They must be split by their column before they are read.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.raw.records import ParsedPaper
from tests.ingest.conftest import links

LEFT, RIGHT = 60.0, 552.0
_CSS = "* {font-family: serif;}"

Block = tuple[str, tuple[str, ...], str | None]

BLOCKS: list[Block] = [
    ("Raj Sanjay Shah", ("Georgia Institute of Technology",), "raj@gatech.edu"),
    ("Jiaxin Pei", ("Stanford University, United States",), "pei@stanford.edu"),
    ("Sashank Varma", ("University of California, San Diego",), "varma@ucsd.edu"),
    ("Lena Okafor", ("University of Lagos, Nigeria",), "lena@unilag.edu.ng"),
    ("Tomás Ruiz", ("Universidad de Chile", "Santiago, Chile"), None),
    ("Mei Tanaka", ("The University of Tokyo",), "mei@u-tokyo.ac.jp"),
    ("Omar Haddad", ("Mohamed bin Zayed University of Artificial Intelligence",), None),
]


def _html(text: str, size: float = 10, bold: bool = False, mono: bool = False) -> str:
    style = f"font-size:{size}pt;text-align:center;margin:0"
    if mono:
        style += ";font-family:monospace"
    inner = f"<b>{text}</b>" if bold else text
    return f'<p style="{style}">{inner}</p>'


def write_columns_pdf(path: Path, rows: list[list[Block]], gap: float = 6.0) -> Path:
    """Title, rows of side-by-side author blocks ``gap`` points apart, abstract."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(
        pymupdf.Rect(LEFT, 72, RIGHT, 110),
        _html("Where Authors Sit on the Page", size=17, bold=True),
        css=_CSS,
    )
    y = 130.0
    for row in rows:
        width = (RIGHT - LEFT - gap * (len(row) - 1)) / len(row)
        bottom = y
        for k, (name, affiliations, email) in enumerate(row):
            x0 = LEFT + k * (width + gap)
            parts = [_html(name, bold=True), *(_html(a) for a in affiliations)]
            if email:
                parts.append(_html(email, size=9, mono=True))
            spare, _ = page.insert_htmlbox(
                pymupdf.Rect(x0, y, x0 + width, y + 90), "".join(parts), css=_CSS
            )
            bottom = max(bottom, y + 90 - spare)
        y = bottom + 14
    page.insert_htmlbox(
        pymupdf.Rect(LEFT, y + 10, RIGHT, y + 30), _html("Abstract", 12, True), css=_CSS
    )
    body = "We study where authors sit on the page and how to read them. " * 8
    page.insert_htmlbox(
        pymupdf.Rect(LEFT + 40, y + 34, RIGHT - 40, y + 200),
        f'<p style="font-size:10pt;text-align:justify">{body}</p>',
        css=_CSS,
    )
    doc.save(path)
    return path


def _parse(path: Path) -> ParsedPaper:
    pdf = extract_pdf(path)
    return parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)


def _expected(rows: list[list[Block]]) -> set[tuple[str, str]]:
    return {
        (name, ", ".join(affiliations))
        for row in rows
        for name, affiliations, _ in row
        if affiliations
    }


def _pairs(paper: ParsedPaper) -> set[tuple[str, str]]:
    return {(name or "", text) for name, text, _ in links(paper)}


@pytest.mark.parametrize("count", [2, 3, 4])
def test_side_by_side_blocks_are_split_by_column(tmp_path, count):
    rows = [BLOCKS[:count]]
    paper = _parse(write_columns_pdf(tmp_path / f"cols{count}.pdf", rows))
    assert [a.name for a in paper.authors] == [b[0] for b in rows[0]]
    assert _pairs(paper) == _expected(rows)
    assert {m for _, _, m in links(paper)} == {"layout_block"}


def test_three_columns_sharing_a_baseline_do_not_merge(tmp_path):
    # The columns stand 6 pt apart: closer than the two font sizes at which the old
    # reader glued pieces of one row, so it read "Georgia Institute of Technology
    # Stanford University, United States ..." and gave that to all three authors.
    rows = [BLOCKS[:3]]
    paper = _parse(write_columns_pdf(tmp_path / "three.pdf", rows, gap=4.0))
    texts = {a.text for a in paper.affiliations}
    assert texts == {
        "Georgia Institute of Technology",
        "Stanford University, United States",
        "University of California, San Diego",
    }
    assert _pairs(paper) == _expected(rows)


def test_rows_of_columns_with_a_lone_author_in_the_last_row(tmp_path):
    rows = [BLOCKS[:3], BLOCKS[3:6], BLOCKS[6:7]]
    paper = _parse(write_columns_pdf(tmp_path / "rows.pdf", rows))
    assert [a.name for a in paper.authors] == [b[0] for b in BLOCKS[:7]]
    assert _pairs(paper) == _expected(rows)


def test_rows_of_two_columns_with_an_author_without_affiliation(tmp_path):
    rows = [BLOCKS[:2], [("Dan Øberg", (), None), BLOCKS[3]]]
    paper = _parse(write_columns_pdf(tmp_path / "rows2.pdf", rows))
    assert [a.name for a in paper.authors] == [
        "Raj Sanjay Shah",
        "Jiaxin Pei",
        "Dan Øberg",
        "Lena Okafor",
    ]
    assert _pairs(paper) == _expected(rows)


def test_names_with_place_words_or_lower_case_stay_names(tmp_path):
    rows = [
        [
            ("Fabrice Y Harel-Canada", ("University of California",), None),
            ("hongzhou yu", ("Fudan University",), None),
            ("Merve noyan", ("Hugging Face",), None),
        ]
    ]
    paper = _parse(write_columns_pdf(tmp_path / "names.pdf", rows))
    assert [a.name for a in paper.authors] == [
        "Fabrice Y Harel-Canada",
        "hongzhou yu",
        "Merve noyan",
    ]
    assert _pairs(paper) == _expected(rows)


def test_inspect_explain_shows_columns_and_why_each_line_is_read(tmp_path):
    from ingest.pdf.inspect import inspect_pdf

    path = write_columns_pdf(tmp_path / "explain.pdf", [BLOCKS[:3]], gap=4.0)
    text = inspect_pdf(path, explain=True)
    assert "author blocks stand side by side" in text
    assert "row 1: Raj Sanjay Shah, Jiaxin Pei, Sashank Varma  -> columns" in text
    assert "because: institution word 'Institute'" in text
    assert "because: holds an email" in text
    assert "because: name style (bold 10.0pt)" in text
