"""The report's evidence section: for every listed US-China paper that has a PDF, a
picture of the page around each printed US or Chinese affiliation, its box drawn.

This room may not read PDFs (tests/ingest/test_layout.py): the caller passes a
renderer in ``Crops`` (the CLI: ``ingest.pdf.crops.render_crop``). The PDFs are
found under ``pdf_dir``, the folder given to ``paperscope ingest`` (``_source_file``
is relative to it), and checked against their sha256 at ingest. A file that has
gone, changed or cannot be read gets a placeholder that says so; the report is
still written.

Size: the data: URIs of one report hold at most ``IMAGE_BUDGET`` characters in all
and ``MAX_IMAGE`` each, however many papers are listed (the renderer is given the
byte cap and keeps under it).
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
# (pdf, 1-based page, box in PDF points from the top left, max bytes) -> (MIME type,
# image bytes); raises ValueError or OSError, naming the file, when it cannot.
RenderCrop = Callable[[Path, int, Box, int], tuple[str, bytes]]
# (papers, count) -> the same papers, e.g. through a progress bar
Progress = Callable[[Iterator["EvidencePaper"], int], Iterable["EvidencePaper"]]

IMAGE_BUDGET = 7_500_000  # characters of data: URIs in one report
MAX_IMAGE = 40_000  # characters of one data: URI
_URI_PREFIX = len("data:image/jpeg;base64,")


@dataclass(frozen=True)
class Printed:
    """One printed affiliation (one box on one page) that gave a US or CN row."""

    page: int | None
    box: Box | None
    text: str
    countries: str
    authors: str
    institutions: str


@dataclass(frozen=True)
class Crops:
    """How the evidence section gets its pictures; the CLI passes
    ``Crops(ingest.pdf.crops.render_crop, pdf_dir, progress_bar)``."""

    render: RenderCrop
    pdf_dir: Path  # the folder that was ingested: _source_file is relative to it
    progress: Progress | None = None


@dataclass(frozen=True)
class EvidencePaper:
    paper_id: str
    title: str
    source_file: str
    sha256: str
    printed: tuple[Printed, ...]


def read_evidence(
    rows: Callable[[str], list[tuple]], policy: str
) -> list[EvidencePaper]:
    """Every paper of rpt_us_china_papers with a PDF, and the PDF's affiliations
    that report as US or CN under ``policy``, one per distinct box."""
    policy = policy.replace("'", "''")
    papers: dict[str, EvidencePaper] = {}
    for paper_id, title, file, sha, page, *box, text, cc, names, inst in rows(
        "with listed as (select distinct paper_id from marts.rpt_us_china_papers),"
        " printed as (select affiliations.*, coalesce("
        " policies.reporting_country_code, affiliations.country_code) as reported"
        " from marts.fct_affiliations as affiliations"
        " left join seeds.territory_policies as policies"
        " on affiliations.country_code = policies.country_code"
        f" and policies.policy_id = '{policy}'"
        " where affiliations.source = 'pdf')"
        " select papers.paper_id, papers.title, papers._source_file,"
        " papers._source_sha256, printed.page, printed.bbox_x0, printed.bbox_y0,"
        " printed.bbox_x1, printed.bbox_y1,"
        " string_agg(distinct printed.affiliation_raw, ' | '"
        " order by printed.affiliation_raw),"
        " string_agg(distinct printed.reported, ' ' order by printed.reported),"
        " string_agg(distinct printed.author_name, ', '"
        " order by printed.author_name),"
        " string_agg(distinct printed.institution_name, ', '"
        " order by printed.institution_name)"
        " from marts.dim_papers as papers"
        " inner join listed on papers.paper_id = listed.paper_id"
        " left join printed on papers.paper_id = printed.paper_id"
        " and printed.reported in ('US', 'CN')"
        " where papers.has_pdf group by all"
        " order by 1, 5 nulls last, 7, 6, 8, 9"
    ):
        paper = papers.setdefault(
            paper_id, EvidencePaper(paper_id, title or "", file, sha, ())
        )
        if text is None:  # the PDF prints no US or CN affiliation
            continue
        known = page is not None and None not in box
        printed = Printed(
            page if known else None,
            tuple(float(v) for v in box) if known else None,  # type: ignore[arg-type]
            text,
            cc or "",
            names or "",
            inst or "",
        )
        papers[paper_id] = EvidencePaper(
            paper_id, paper.title, file, sha, (*paper.printed, printed)
        )
    return list(papers.values())


def image_cap(count_images: int) -> int:
    """Characters one data: URI may take when a report shows ``count_images``."""
    return min(MAX_IMAGE, IMAGE_BUDGET // max(count_images, 1))


def evidence_section(papers: list[EvidencePaper], crops: Crops | None) -> str:
    """The section's HTML: one block per paper, a figure per printed affiliation;
    with no ``crops``, a note that images are off."""
    head = (
        f'<section id="evidence" data-listed-pdf-papers="{len(papers)}">'
        f"<style>{STYLE}</style>"
        f"<h2>Evidence on the page ({len(papers)} listed papers with a PDF)</h2>"
    )
    if crops is None:
        return (
            f'{head}<p class="crops-off">Images are off: run'
            " <code>paperscope report --pdf-dir DIR</code> with the folder that was"
            " ingested to see each printed affiliation on its page.</p></section>"
        )
    if not papers:
        return f"{head}<p>No listed paper has a PDF.</p></section>"
    cap = image_cap(sum(len(paper.printed) for paper in papers))
    stream = iter(papers)
    shown = crops.progress(stream, len(papers)) if crops.progress else stream
    blocks = [_paper_block(paper, crops, cap) for paper in shown]
    return (
        f"{head}<p>Each picture is the page around a printed affiliation that gave"
        " the paper a US or Chinese author, its box in red, rendered from the PDF"
        f" under <code>{_e(crops.pdf_dir)}</code> when this report was written.</p>"
        + "".join(blocks)
        + "</section>"
    )


def _paper_block(paper: EvidencePaper, crops: Crops, cap: int) -> str:
    path = crops.pdf_dir / paper.source_file
    problem = _file_problem(path, paper.sha256)
    if problem:
        log.warning("evidence for %s: %s", paper.paper_id, problem)
    figures = [
        _figure(path, problem, printed, crops.render, cap) for printed in paper.printed
    ]
    if not figures:
        figures = [
            '<p class="crop-missing">The PDF prints no US or Chinese affiliation;'
            " the paper's flags come from its metadata.</p>"
        ]
    return (
        f'<div class="evidence" data-paper-id="{_e(paper.paper_id)}">'
        f"<h3>{_e(paper.paper_id)}: {_e(paper.title)}</h3>"
        + "".join(figures)
        + "</div>"
    )


def _file_problem(path: Path, sha256: str) -> str | None:
    """Why the PDF at ``path`` is not the file ingest read, or None."""
    if not path.is_file():
        return f"{path}: moved since ingest (no such file)"
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as problem:
        return f"{path}: unreadable ({problem.strerror or problem})"
    if digest != sha256:
        return f"{path}: changed since ingest (sha256 differs)"
    return None


def _figure(
    path: Path,
    problem: str | None,
    printed: Printed,
    render_crop: RenderCrop,
    cap: int,
) -> str:
    caption = (
        f"<figcaption>{_e(printed.countries)} · page {_e(printed.page or '?')} ·"
        f" {_e(printed.authors)} · <i>{_e(printed.text)}</i>"
        f" → {_e(printed.institutions or '-')}</figcaption>"
    )
    if problem is None and (printed.page is None or printed.box is None):
        problem = f"{path}: no position was recorded for this string"
    if problem is None:
        assert printed.page is not None and printed.box is not None
        try:
            mime, data = render_crop(
                path, printed.page, printed.box, (cap - _URI_PREFIX) // 4 * 3
            )
        except (OSError, ValueError) as error:
            log.warning("evidence crop: %s", error)
            problem = str(error)
        else:
            uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
            alt = f"page {printed.page} of {path.name} around {printed.text}"
            return (
                f'<figure class="crop"><img class="crop" alt="{_e(alt)}"'
                f' src="{uri}">{caption}</figure>'
            )
    return (
        f'<figure class="crop"><div class="crop-missing">{_e(problem)}</div>'
        f"{caption}</figure>"
    )


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


STYLE = (
    "div.evidence h3{font-size:15px;margin:1.2em 0 .4em}"
    "figure.crop{display:inline-table;vertical-align:top;min-width:16em;"
    "margin:0 1.2em 1em 0}img.crop{display:block;border:1px solid #ccc}"
    "figure.crop figcaption{display:table-caption;caption-side:bottom;"
    "font-size:12px;color:#444}"
    ".crop-missing{padding:1em;border:1px dashed #c00;background:#fff4f4;"
    "color:#900;font-size:13px}"
)
