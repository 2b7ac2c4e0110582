"""Affiliations printed as footnotes of page 1, tied to authors by their markers:
numbers ("1Department ..."), letters, symbols (\\thanks) and mixes of them."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.raw.records import ParsedPaper
from tests.ingest.conftest import links

_CSS = "* {font-family: serif;}"
BODY = "We study how footnotes carry affiliations and how to read them back. " * 8


def _p(html: str, size: float = 10, align: str = "center") -> str:
    return f'<p style="font-size:{size}pt;text-align:{align};margin:0">{html}</p>'


def write_footnote_pdf(path: Path, names: str, notes: list[str]) -> Path:
    """Title, one line of marked names, abstract, and ``notes`` at the page foot."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(
        pymupdf.Rect(72, 72, 540, 110),
        _p("<b>Reading Footnotes of the First Page</b>", 17),
        css=_CSS,
    )
    page.insert_htmlbox(pymupdf.Rect(72, 130, 540, 160), _p(names), css=_CSS)
    page.insert_htmlbox(pymupdf.Rect(72, 180, 540, 200), _p("<b>Abstract</b>", 12))
    page.insert_htmlbox(
        pymupdf.Rect(100, 204, 512, 420), _p(BODY, align="justify"), css=_CSS
    )
    html = "".join(_p(note, 8, "left") for note in notes)
    page.insert_htmlbox(pymupdf.Rect(72, 650, 540, 740), html, css=_CSS)
    doc.save(path)
    return path


def _parse(path: Path) -> ParsedPaper:
    pdf = extract_pdf(path)
    return parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)


def _pairs(paper: ParsedPaper) -> set[tuple[str | None, str]]:
    return {(name, text) for name, text, _ in links(paper)}


NAMES = {
    "digits": ("1", "2", "1,2"),
    "letters": ("a", "b", "a,b"),
    "symbols": ("†", "‡", "†,‡"),
}


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_footnote_affiliations_link_by_marker(tmp_path, kind):
    first, second, both = NAMES[kind]
    names = (
        f"<b>Alice Zhang</b><sup>{first}</sup> &nbsp;&nbsp; "
        f"<b>Bob Müller</b><sup>{second}</sup> &nbsp;&nbsp; "
        f"<b>Carol Díaz</b><sup>{both}</sup>"
    )
    notes = [
        f"<sup>{first}</sup>Department of Physics, Tsinghua University, Beijing, China",
        f"<sup>{second}</sup>Stanford University, Stanford, CA, USA",
    ]
    paper = _parse(write_footnote_pdf(tmp_path / f"{kind}.pdf", names, notes))
    tsinghua = "Department of Physics, Tsinghua University, Beijing, China"
    stanford = "Stanford University, Stanford, CA, USA"
    assert [a.name for a in paper.authors] == [
        "Alice Zhang",
        "Bob Müller",
        "Carol Díaz",
    ]
    assert _pairs(paper) == {
        ("Alice Zhang", tsinghua),
        ("Bob Müller", stanford),
        ("Carol Díaz", tsinghua),
        ("Carol Díaz", stanford),
    }


def test_icml_footnote_with_correspondence_links_by_marker(tmp_path):
    names = "<b>Alice Zhang</b><sup>1</sup> &nbsp;&nbsp; <b>Bob Müller</b><sup>2</sup>"
    notes = [
        "<sup>1</sup>Department of Physics, Tsinghua University, Beijing, China. "
        "<sup>2</sup>Google DeepMind, London, UK. Correspondence to: Alice Zhang "
        "&lt;alice@tsinghua.edu.cn&gt;."
    ]
    paper = _parse(write_footnote_pdf(tmp_path / "icml.pdf", names, notes))
    assert _pairs(paper) == {
        ("Alice Zhang", "Department of Physics, Tsinghua University, Beijing, China"),
        ("Bob Müller", "Google DeepMind, London, UK"),
    }


def test_mixed_letter_and_number_markers(tmp_path):
    names = "<b>Alice Zhang</b><sup>1a</sup> &nbsp;&nbsp; <b>Bob Müller</b><sup>2</sup>"
    notes = [
        "<sup>1</sup>Tsinghua University, Beijing, China",
        "<sup>2</sup>Stanford University, Stanford, CA, USA",
        "<sup>a</sup>Now at Google DeepMind, London, UK",
    ]
    paper = _parse(write_footnote_pdf(tmp_path / "mixed.pdf", names, notes))
    assert _pairs(paper) == {
        ("Alice Zhang", "Tsinghua University, Beijing, China"),
        ("Alice Zhang", "Google DeepMind, London, UK"),
        ("Bob Müller", "Stanford University, Stanford, CA, USA"),
    }


def test_affiliation_led_by_an_inline_symbol_goes_to_the_author_marked_with_it(
    tmp_path,
):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_htmlbox(
        pymupdf.Rect(72, 72, 540, 110), _p("<b>Reading Inline Symbols</b>", 17)
    )
    header = _p("Conglong Li &nbsp;&nbsp; Hanlin Tang* &nbsp;&nbsp; Yuxiong He")
    header += _p("Microsoft") + _p("*Department of Computer Science, University of X")
    page.insert_htmlbox(pymupdf.Rect(72, 130, 540, 180), header, css=_CSS)
    page.insert_htmlbox(pymupdf.Rect(72, 190, 540, 210), _p("<b>Abstract</b>", 12))
    page.insert_htmlbox(pymupdf.Rect(100, 214, 512, 420), _p(BODY, align="justify"))
    doc.save(tmp_path / "inline.pdf")
    paper = _parse(tmp_path / "inline.pdf")
    assert _pairs(paper) == {
        ("Conglong Li", "Microsoft"),
        ("Yuxiong He", "Microsoft"),
        ("Hanlin Tang", "Department of Computer Science, University of X"),
    }


def test_any_symbol_can_mark_and_handle_footnotes_are_no_affiliation(tmp_path):
    names = (
        "<b>Bowen Peng</b><sup>1→</sup> &nbsp;&nbsp; <b>Honglu Fan</b><sup>2</sup>"
        "<br><sup>1</sup>Nous Research &nbsp;&nbsp; <sup>2</sup>University of Geneva"
    )
    notes = ["<sup>→</sup>Reddit: /u/bloc97 GitHub: bloc97"]
    paper = _parse(write_footnote_pdf(tmp_path / "arrow.pdf", names, notes))
    assert [a.name for a in paper.authors] == ["Bowen Peng", "Honglu Fan"]
    assert _pairs(paper) == {
        ("Bowen Peng", "Nous Research"),
        ("Honglu Fan", "University of Geneva"),
    }
