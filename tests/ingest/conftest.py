"""Fixtures: PDFs built by ingest.samples, never hand-edited binaries."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.raw import write
from ingest.raw.records import SCHEMAS, ParsedPaper
from ingest.samples import AuthorSpec, PaperSpec, write_pdf

AUTHOR = AuthorSpec("Alice Zhang", ("Peking University, China",), "alice@pku.edu.cn")

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def own_dbt_target(tmp_path_factory: pytest.TempPathFactory):
    """Each test process gets its own dbt target and log folders.

    `make test` runs the test files in parallel processes (pytest-xdist); dbt
    builds that shared the project's target/ would overwrite each other's
    manifest and partial-parse files. An explicit --target-path still wins.
    """
    folder = tmp_path_factory.mktemp("dbt")
    saved = {k: os.environ.get(k) for k in ("DBT_TARGET_PATH", "DBT_LOG_PATH")}
    os.environ["DBT_TARGET_PATH"] = str(folder / "target")
    os.environ["DBT_LOG_PATH"] = str(folder / "logs")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdfs = tmp_path_factory.mktemp("hostile")
    good = write_pdf(spec_with("numbered", [AUTHOR]), pdfs / "good.pdf")
    write_pdf(spec_with("tabular", [AUTHOR]), pdfs / "other.pdf")
    (pdfs / "empty.pdf").write_bytes(b"")
    (pdfs / "error-page.pdf").write_text("<html><body>502 Bad Gateway</body></html>")
    data = good.read_bytes()
    (pdfs / "truncated.pdf").write_bytes(data[:300])
    shutil.copy(good, pdfs / "good-copy.pdf")
    with pymupdf.open(good) as doc:
        doc.save(
            pdfs / "encrypted.pdf",
            encryption=pymupdf.PDF_ENCRYPT_AES_256,
            user_pw="secret",
            owner_pw="owner",
        )
        pixmap = doc[0].get_pixmap(dpi=60)
    with pymupdf.open() as scan:
        page = scan.new_page()
        page.insert_image(page.rect, pixmap=pixmap)
        scan.save(pdfs / "scanned.pdf")
    with pymupdf.open() as huge:
        for number in range(1000):
            huge.new_page().insert_text((72, 72), f"page {number}")
        huge.save(pdfs / "thousand-pages.pdf")
    with pymupdf.open() as prose:
        prose.new_page().insert_text((72, 72), "Just a note with no title or authors.")
        prose.save(pdfs / "no-authors.pdf")
    return pdfs


def comparable_raw(raw: Path) -> dict[str, list[tuple]]:
    """Every raw table, all columns but the load time, as sorted rows: two raw dirs
    that compare equal hold the same data."""
    tables = {}
    for name, schema in SCHEMAS.items():
        columns = [c for c in schema.names if c != "_loaded_at"]
        rows = write.read_column(raw, name, columns)
        tables[name] = sorted(tuple(str(r[c]) for c in columns) for r in rows)
    return tables
