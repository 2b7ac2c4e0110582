"""ingest/pdf/parse on PDFs built by the fixtures: one test per author-block layout."""

from __future__ import annotations

import pymupdf

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import clean_text, parse_paper, split_markers, split_sections
from ingest.samples import AuthorSpec
from tests.ingest.conftest import links, spec_with

ALICE = AuthorSpec(
    "Alice Zhang", ("Tsinghua University, Beijing, China",), "alice@tsinghua.edu.cn"
)
BOB = AuthorSpec(
    "Bob Müller",
    ("Stanford University, Stanford, CA, USA", "Google DeepMind"),
    "bob@stanford.edu",
)
CAROL = AuthorSpec(
    "Carol Díaz", ("Stanford University, Stanford, CA, USA",), "carol@stanford.edu"
)
DAN = AuthorSpec("Dan Øberg", (), None)


def test_superscript_markers_link_authors_to_affiliations(parse_spec):
    paper = parse_spec(spec_with("numbered", [ALICE, BOB, CAROL, DAN]))
    assert [a.name for a in paper.authors] == [
        "Alice Zhang",
        "Bob Müller",
        "Carol Díaz",
        "Dan Øberg",
    ]
    assert links(paper) == {
        ("Alice Zhang", "Tsinghua University, Beijing, China", "superscript_marker"),
        ("Bob Müller", "Stanford University, Stanford, CA, USA", "superscript_marker"),
        ("Bob Müller", "Google DeepMind", "superscript_marker"),
        ("Carol Díaz", "Stanford University, Stanford, CA, USA", "superscript_marker"),
    }


def test_author_without_affiliation_gets_none(parse_spec):
    paper = parse_spec(spec_with("compact", [ALICE, DAN]))
    dan = next(a for a in paper.authors if a.name == "Dan Øberg")
    assert not [a for a in paper.affiliations if a.author_position == dan.position]


def test_multi_affiliation_author_keeps_order(parse_spec):
    paper = parse_spec(spec_with("numbered", [BOB]))
    bob_affs = sorted(
        (a for a in paper.affiliations if a.author_position == 1),
        key=lambda a: a.affiliation_position,
    )
    assert [a.text for a in bob_affs] == [
        "Stanford University, Stanford, CA, USA",
        "Google DeepMind",
    ]
    assert [a.affiliation_position for a in bob_affs] == [1, 2]


def test_emails_are_attached_to_their_authors(parse_spec):
    paper = parse_spec(spec_with("numbered", [ALICE, BOB]))
    assert {a.name: a.email for a in paper.authors} == {
        "Alice Zhang": "alice@tsinghua.edu.cn",
        "Bob Müller": "bob@stanford.edu",
    }
    domains = {
        a.text: a.email_domain for a in paper.affiliations if a.author_position == 1
    }
    assert domains == {"Tsinghua University, Beijing, China": "tsinghua.edu.cn"}


def test_tabular_blocks_link_each_author_to_the_lines_under_their_name(parse_spec):
    paper = parse_spec(spec_with("tabular", [ALICE, BOB, CAROL, DAN]))
    assert links(paper) == {
        ("Alice Zhang", "Tsinghua University, Beijing, China", "layout_block"),
        ("Bob Müller", "Stanford University, Stanford, CA, USA", "layout_block"),
        ("Bob Müller", "Google DeepMind", "layout_block"),
        ("Carol Díaz", "Stanford University, Stanford, CA, USA", "layout_block"),
    }


def test_footnote_symbols_flag_work_done_and_drop_equal_contribution(parse_spec):
    intern = AuthorSpec(
        "Eve Tanaka",
        ("The University of Tokyo, Japan",),
        "eve@u-tokyo.ac.jp",
        footnote="Work done during an internship at Microsoft Research Asia.",
        equal_contribution=True,
    )
    first = AuthorSpec(
        ALICE.name, ALICE.affiliations, ALICE.email, equal_contribution=True
    )
    paper = parse_spec(spec_with("footnote", [first, intern]))
    assert links(paper) == {
        ("Alice Zhang", "Tsinghua University, Beijing, China", "superscript_marker"),
        ("Eve Tanaka", "The University of Tokyo, Japan", "superscript_marker"),
        ("Eve Tanaka", "Microsoft Research Asia", "footnote_work_done"),
    }
    assert not any("contribution" in a.text.lower() for a in paper.affiliations)
    assert not any("Conference" in a.text for a in paper.affiliations)


def test_icml_footnote_affiliations_link_by_number(parse_spec):
    paper = parse_spec(spec_with("icml", [ALICE, CAROL]))
    assert links(paper) == {
        ("Alice Zhang", "Tsinghua University, Beijing, China", "footnote"),
        ("Carol Díaz", "Stanford University, Stanford, CA, USA", "footnote"),
    }
    assert not any("Correspondence" in a.text for a in paper.affiliations)


def test_shared_affiliation_with_brace_emails_goes_to_every_author(parse_spec):
    shared = (
        "Department of Computer Science, University of Washington, Seattle, WA, USA"
    )
    authors = [
        AuthorSpec("Doug Downey", (shared,), "ddowney@cs.washington.edu"),
        AuthorSpec("Oren Etzioni", (shared,), "etzioni@cs.washington.edu"),
        AuthorSpec("Stefan Schoenmackers", (shared,), "stef@cs.washington.edu"),
    ]
    paper = parse_spec(spec_with("braces", authors))
    assert {a.name for a in paper.authors} == {a.name for a in authors}
    assert {(n, t) for n, t, _ in links(paper)} == {(a.name, shared) for a in authors}
    assert {a.email for a in paper.authors} >= {
        "ddowney@cs.washington.edu",
        "etzioni@cs.washington.edu",
    }


def test_technical_report_with_only_an_organisation(parse_spec):
    authors = [
        AuthorSpec("An Yang"),
        AuthorSpec("Junyang Lin"),
        AuthorSpec("Fei Huang"),
    ]
    paper = parse_spec(spec_with("team", authors, team="Qwen Team, Alibaba Group"))
    assert {(n, t) for n, t, _ in links(paper)} == {
        (a.name, "Qwen Team, Alibaba Group") for a in authors
    }


def test_arxiv_stamp_and_notice_are_not_authors_or_affiliations(build_pdf):
    path = build_pdf(spec_with("numbered", [ALICE, CAROL]))
    doc = pymupdf.open(path)
    doc[0].insert_text(
        (30, 600), "arXiv:2501.00001v1 [cs.LG] 1 Jan 2025", fontsize=20, rotate=90
    )
    stamped = path.with_name("stamped.pdf")
    doc.save(stamped)
    pdf = extract_pdf(stamped)
    paper = parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)
    assert [a.name for a in paper.authors] == ["Alice Zhang", "Carol Díaz"]
    assert not any("arXiv" in a.text or "NeurIPS" in a.text for a in paper.affiliations)
    assert paper.title == "A Study of Things That Matter"


def test_sections_split_references_and_appendix_back_to_body(parse_spec):
    spec = spec_with(
        "numbered",
        [ALICE],
        abstract="We fine-tune Qwen2.5 on small data.",
        body=["The Llama baseline is strong.", "More experiments."],
        references=["A. Vaswani et al. Attention is all you need. 2017."],
        appendix=["Proofs that use a transformer encoder."],
        body_pages=2,
    )
    paper = parse_spec(spec)
    sections = {s.section: s for s in paper.sections}
    assert set(sections) == {"title", "abstract", "body", "references"}
    assert "Qwen2.5" in sections["abstract"].text
    assert "Llama" in sections["body"].text
    assert "Attention is all you need" in sections["references"].text
    assert "Attention" not in sections["body"].text
    assert "transformer encoder" in sections["body"].text
    assert "transformer encoder" not in sections["references"].text
    assert sections["references"].first_page == 3


def test_split_sections_without_references_keeps_everything_in_body():
    abstract, sections = split_sections(
        "T", ["Abstract\nShort abstract.\n1\nIntro\nText"]
    )
    assert abstract == "Short abstract."
    assert {s.section for s in sections} == {"title", "abstract", "body"}


def test_markers_split_commas_digits_and_symbols():
    assert split_markers("1,2") == ["1", "2"]
    assert split_markers("1∗") == ["1", "*"]
    assert split_markers("2, †") == ["2", "†"]


def test_clean_text_fixes_detached_accents_ligatures_and_quotes():
    assert clean_text("R´emi  Munos") == "Rémi Munos"
    assert clean_text("Eﬃcient") == "Efficient"
    assert clean_text("King’s College") == "King's College"


def test_no_author_block_is_reported_as_a_problem():
    paper = parse_paper([], ["Some text without any heading."], 792)
    assert [kind for kind, _ in paper.problems] == ["no_author_block"]
