"""Pictures of the evidence (#17 part 4): the report shows, for every listed US-China
paper with a PDF, the page around each printed US or Chinese affiliation with its box
drawn; a PDF that has moved or changed gets a placeholder and the report still builds;
the images stay small enough that 200 listed papers fit in 10 MB."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pymupdf
import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.pdf.crops import CropError, render_crop
from ingest.pdf.pipeline import run_ingest
from ingest.samples import AuthorSpec, PaperSpec, write_pdf
from ingest.warehouse.build import dbt_build
from ingest.warehouse.evidence import (
    IMAGE_BUDGET,
    MAX_IMAGE,
    Crops,
    EvidencePaper,
    Printed,
    evidence_section,
    image_cap,
)
from ingest.warehouse.report import build_report

REPO = Path(__file__).resolve().parents[2]
STANFORD = "Stanford University, Stanford, CA, USA"
TSINGHUA = "Tsinghua University, Beijing, China"
OXFORD = "University of Oxford, United Kingdom"
REPORT_LIMIT = 10_000_000


def _spec(title: str, layout: str, *affiliations: str) -> PaperSpec:
    names = ["Ann Lee", "Wei Zhang", "Sam Green"]
    authors = [
        AuthorSpec(name, (affiliation,), f"{name.split()[0].lower()}@example.org")
        for name, affiliation in zip(names, affiliations, strict=False)
    ]
    return PaperSpec(title=title, authors=authors, layout=layout)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two US-China papers and one UK-US paper, ingested and built: (warehouse,
    the folder that was ingested)."""
    folder = tmp_path_factory.mktemp("evidence")
    pdfs = folder / "pdfs"
    write_pdf(_spec("Sparse Attention", "numbered", STANFORD, TSINGHUA), pdfs / "a.pdf")
    write_pdf(
        _spec("Model Merging", "tabular", TSINGHUA, STANFORD, OXFORD), pdfs / "b.pdf"
    )
    write_pdf(_spec("Reward Hacking", "numbered", OXFORD, STANFORD), pdfs / "c.pdf")
    raw, warehouse = folder / "raw", folder / "paperscope.duckdb"
    run_ingest(pdfs, raw, workers=1)
    # models and seeds only: the data tests run in `make test`'s own build
    skip_tests = ("--exclude-resource-type", "test", "--exclude-resource-type")
    assert dbt_build(REPO, raw, warehouse, "dev", (*skip_tests, "unit_test"))
    return warehouse, pdfs


def _listed(warehouse: Path) -> dict[str, int]:
    """Listed paper -> how many distinct boxes gave it a US or CN row."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(
            con.execute(
                "select paper_id, count(distinct (page, bbox_x0, bbox_y0))"
                " from marts.fct_affiliations where source = 'pdf'"
                " and country_code in ('US', 'CN') and paper_id in"
                " (select paper_id from marts.rpt_us_china_papers) group by 1"
            ).fetchall()
        )


def _blocks(page: str) -> dict[str, str]:
    """paper_id -> its block of the evidence section."""
    section = page[page.index('<section id="evidence"') :]
    parts = re.split(r'<div class="evidence" data-paper-id="([^"]+)">', section)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _images(block: str) -> list[pymupdf.Pixmap]:
    uris = re.findall(r'<img class="crop"[^>]* src="data:image/(?:png|jpeg);base64,'
                      r'([^"]+)"', block)  # fmt: skip
    return [pymupdf.Pixmap(base64.b64decode(uri)) for uri in uris]


def _has_red(pixmap: pymupdf.Pixmap) -> bool:
    samples = pixmap.samples
    step = pixmap.n
    return any(
        samples[i] > 180 and samples[i + 1] < 60 and samples[i + 2] < 60
        for i in range(0, len(samples) - 2, step)
    )


def test_each_listed_pdf_paper_shows_each_deciding_affiliation_boxed(built):
    warehouse, pdfs = built
    listed = _listed(warehouse)
    assert set(listed) == {"a", "b"}  # c is UK-US: not listed
    blocks = _blocks(build_report(warehouse, Crops(render_crop, pdfs)))
    assert set(blocks) == set(listed)
    for paper_id, count_boxes in listed.items():
        images = _images(blocks[paper_id])
        assert len(images) == count_boxes >= 2
        assert all(image.width > 0 and image.height > 0 for image in images)
        assert all(_has_red(image) for image in images)  # the box is drawn
    assert "University of Oxford" not in blocks["b"].split("<figcaption>", 1)[0]


def test_a_moved_or_changed_pdf_gets_a_placeholder_and_the_report_still_builds(
    built, tmp_path: Path
):
    warehouse, pdfs = built
    copy = tmp_path / "pdfs"
    shutil.copytree(pdfs, copy)
    (copy / "a.pdf").rename(tmp_path / "a-elsewhere.pdf")
    with (copy / "b.pdf").open("ab") as handle:
        handle.write(b"\n% appended since ingest\n")
    blocks = _blocks(build_report(warehouse, Crops(render_crop, copy)))
    assert f"{copy / 'a.pdf'}: moved since ingest" in blocks["a"]
    assert f"{copy / 'b.pdf'}: changed since ingest" in blocks["b"]
    assert not _images(blocks["a"]) and not _images(blocks["b"])


def test_a_renderer_that_fails_gives_a_placeholder_naming_why(built):
    warehouse, pdfs = built

    def broken(pdf: Path, page: int, box, max_bytes: int) -> tuple[str, bytes]:
        raise ValueError(f"{pdf}: cannot open it (broken)")

    blocks = _blocks(build_report(warehouse, Crops(broken, pdfs)))
    assert "a.pdf: cannot open it (broken)" in blocks["a"]


def test_without_crops_the_section_says_images_are_off(built):
    warehouse, _ = built
    page = build_report(warehouse)
    assert "Images are off: run <code>paperscope report --pdf-dir DIR</code>" in page
    assert "data:image" not in page


def test_report_command_renders_crops_from_the_ingested_folder(built, tmp_path):
    warehouse, pdfs = built
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--warehouse",
            str(warehouse),
            "--out",
            str(out),
            "--pdf-dir",
            str(pdfs),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert sum(len(_images(block)) for block in _blocks(page).values()) == sum(
        _listed(warehouse).values()
    )
    assert "<script" not in page


def test_crops_keep_under_their_byte_cap_or_refuse(built):
    _, pdfs = built
    box = (108.0, 150.0, 300.0, 162.0)
    for cap in (40_000, 6_000, 2_500):
        mime, data = render_crop(pdfs / "a.pdf", 1, box, cap)
        assert mime in ("image/png", "image/jpeg")
        assert 0 < len(data) <= cap
    with pytest.raises(CropError, match=r"a\.pdf: crop of page 1 is over 100 bytes"):
        render_crop(pdfs / "a.pdf", 1, box, 100)
    with pytest.raises(CropError, match="has no page 9"):
        render_crop(pdfs / "a.pdf", 9, box, 40_000)


def test_text_printed_past_the_right_edge_is_still_shown(tmp_path: Path):
    pdf = tmp_path / "wide.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=612, height=792).insert_text((640, 100), "Peking Univ.")
        doc.save(pdf)
    mime, data = render_crop(pdf, 1, (640.0, 90.0, 700.0, 102.0), 40_000)
    image = pymupdf.Pixmap(data)
    assert mime == "image/png" and _has_red(image)


def test_200_listed_papers_stay_under_10_mb_whatever_the_crops_weigh(tmp_path):
    """Worst case: every renderer call returns as many bytes as it is allowed (the
    real renderer never returns more, test above), for 200 papers of 12 boxes each
    with long captions. The data: URIs share IMAGE_BUDGET, so the section is at most
    that plus its text, leaving over 1 MB for the report's tables."""
    (tmp_path / "a.pdf").write_bytes(b"%PDF- stand-in")
    sha = hashlib.sha256(b"%PDF- stand-in").hexdigest()
    calls = []

    def heaviest(pdf: Path, page: int, box, max_bytes: int) -> tuple[str, bytes]:
        calls.append(max_bytes)
        return "image/jpeg", b"\xff" * max_bytes

    printed = tuple(
        Printed(1, (100.0, 100.0 + i, 300.0, 112.0 + i), "Dept. " * 20, "US",
                "Author Name, " * 5, "Some Institution")
        for i in range(12)
    )  # fmt: skip
    papers = [
        EvidencePaper(f"paper-{n:03d}", "A Title " * 10, "a.pdf", sha, printed)
        for n in range(200)
    ]
    section = evidence_section(papers, Crops(heaviest, tmp_path))
    uris = re.findall(r'src="(data:[^"]+)"', section)
    assert len(uris) == len(calls) == 200 * 12
    assert sum(map(len, uris)) <= IMAGE_BUDGET
    assert max(map(len, uris)) <= image_cap(200 * 12) < MAX_IMAGE
    assert len(section.encode("utf-8")) < REPORT_LIMIT - 1_000_000
