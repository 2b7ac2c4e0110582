"""The proceedings-site parser against a saved index page (tests/ingest/fixtures)."""

from __future__ import annotations

from pathlib import Path

from ingest.fetch.proceedings import neurips_index_url, parse_neurips_index

FIXTURE = Path(__file__).parent / "fixtures" / "neurips_index.html"


def test_neurips_index_lists_each_paper_with_title_authors_and_pdf_url():
    listings, unrecognised = parse_neurips_index(
        FIXTURE.read_text(encoding="utf-8"), "https://papers.nips.cc"
    )
    assert [(x.title, x.authors, x.track) for x in listings] == [
        (
            'Learning to Reason with "Small" Models & Big Data',
            "Ada Lovelace, Alan Turing",
            "Conference",
        ),
        (
            "A Benchmark for Multi-line Titles",
            "Grace Hopper, Kurt Gödel",
            "Datasets_and_Benchmarks_Track",
        ),
        (
            "Newer Markup with a Nested Tag",
            "Emmy Noether, John von Neumann",
            "Conference",
        ),
    ]
    first = listings[0]
    assert first.key == "000f947dcaff8fbffcc3f53a1314f358"
    assert first.pdf_url == (
        "https://papers.nips.cc/paper_files/paper/2024/file/"
        "000f947dcaff8fbffcc3f53a1314f358-Paper-Conference.pdf"
    )
    assert first.page_url.endswith("-Abstract-Conference.html")
    # an item that is not a paper link is reported, not guessed; navigation is ignored
    assert [u.href for u in unrecognised] == ["/paper_files/paper/2024/file/orphan.pdf"]


def test_index_url_takes_the_base_url_option():
    assert neurips_index_url(2025, "http://127.0.0.1:8000/") == (
        "http://127.0.0.1:8000/paper_files/paper/2025"
    )
