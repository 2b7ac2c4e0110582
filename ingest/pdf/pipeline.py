"""discover -> process pool (extract + parse) -> write; returns a run summary.

paper_id is the PDF's file name without ``.pdf``. When that stem is already held by a
file with different content (earlier in this run's sorted path order, or in an earlier
run), the later file gets ``<stem>--<first 8 hex of its sha256>``: stable across reruns
and unique.

Files are keyed by sha256: a rerun skips every file already in ``papers`` or
``ingest_errors`` and writes nothing new. ``force=True`` removes their rows and redoes
them.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.pdf.extract import DEFAULT_MAX_PAGES, extract_pdf
from ingest.pdf.parse import parse_paper
from ingest.pdf.workers import Limits, run_tasks, test_hook
from ingest.raw import write
from ingest.raw.editions import (
    NO_EDITION,
    UNKNOWN_VENUE,
    Edition,
    editions_from_manifest,
)
from ingest.raw.errors import DuplicateContentError, IngestError, ParseError
from ingest.raw.hashing import sha256_of
from ingest.raw.records import SOURCE_PDF, ParsedPaper

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True)
class Task:
    path: str
    source_file: str
    sha256: str
    paper_id: str
    max_pages: int
    loaded_at: datetime
    edition: Edition = NO_EDITION


@dataclass
class FileResult:
    sha256: str
    source_file: str
    rows: dict[str, list[dict]]
    error_kind: str | None = None
    pages: int = 0


@dataclass
class RunSummary:
    files_found: int = 0
    files_skipped: int = 0
    files_read: int = 0
    papers_written: int = 0
    papers_without_edition: int = 0
    pages_read: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)
    elapsed_seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"files found: {self.files_found}, already ingested (skipped): "
            f"{self.files_skipped}, read: {self.files_read}",
            f"papers written: {self.papers_written} ({self.pages_read} pages)",
        ]
        if self.papers_without_edition:
            out.append(
                f"papers without an edition (venue 'unknown'):"
                f" {self.papers_without_edition}; pass --venue and --year"
            )
        if self.errors:
            counts = ", ".join(f"{k}={v}" for k, v in sorted(self.errors.items()))
            out.append(f"errors by kind: {counts}")
            out.extend(f"  e.g. {msg}" for msg in self.error_examples.values())
        else:
            out.append("errors by kind: none")
        out.append(f"elapsed: {self.elapsed_seconds:.1f} s")
        return out


def discover(pdf_dir: Path) -> list[Path]:
    """Every *.pdf below pdf_dir (any case), in a stable order."""
    if not pdf_dir.is_dir():
        raise FileNotFoundError(f"{pdf_dir} is not a folder of PDFs")
    return sorted(
        p for p in pdf_dir.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
    )


def _lineage(task: Task) -> dict:
    return {
        "source": SOURCE_PDF,
        "_source_file": task.source_file,
        "_source_sha256": task.sha256,
        "_loaded_at": task.loaded_at,
    }


def error_row(task: Task, error: IngestError, paper_id: str | None = None) -> dict:
    return {
        "paper_id": paper_id,
        "error_kind": error.error_kind,
        "message": str(error),
        "page_count": getattr(error, "page_count", None),
        **_lineage(task),
    }


def rows_for_paper(task: Task, paper: ParsedPaper, page_count: int) -> dict[str, list]:
    lineage = _lineage(task)
    pid = task.paper_id
    rows: dict[str, list[dict]] = {
        "papers": [
            {
                "paper_id": pid,
                "title": paper.title,
                "abstract": paper.abstract,
                "page_count": page_count,
                **task.edition.columns(),
                **lineage,
            }
        ],
        "paper_sections": [
            {
                "paper_id": pid,
                "section": s.section,
                "text": s.text,
                "first_page": s.first_page,
                "last_page": s.last_page,
                **lineage,
            }
            for s in paper.sections
        ],
        "authorships": [
            {
                "paper_id": pid,
                "author_position": a.position,
                "author_name": a.name,
                "email": a.email,
                **lineage,
            }
            for a in paper.authors
        ],
        "affiliations": [
            {
                "paper_id": pid,
                "author_position": a.author_position,
                "affiliation_position": a.affiliation_position,
                "affiliation_raw": a.text,
                "page": a.page,
                "bbox": list(a.bbox),
                "email_domain": a.email_domain,
                "link_method": a.link_method,
                **lineage,
            }
            for a in paper.affiliations
        ],
        "ingest_errors": [
            {
                "paper_id": pid,
                "error_kind": kind,
                "message": f"{task.source_file}: {message}",
                "page_count": page_count,
                **lineage,
            }
            for kind, message in paper.problems
        ],
    }
    return rows


def process_file(task: Task) -> FileResult:
    """Worker: one PDF path -> rows for every raw table (or one error row)."""
    path = Path(task.path)
    test_hook(task.source_file)
    try:
        try:
            pdf = extract_pdf(path, max_pages=task.max_pages)
        except IngestError:
            raise
        except Exception as exc:  # MuPDF raising on a malformed file must not
            log.exception("extraction failed on %s", path)  # take the worker down
            raise ParseError(path, f"{type(exc).__name__}: {exc}") from exc
        try:
            paper = parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)
        except Exception as exc:  # a parser bug must not lose the file
            log.exception("parser failed on %s", path)
            raise ParseError(path, f"{type(exc).__name__}: {exc}") from exc
    except IngestError as error:
        return failure_result(task, error)
    return FileResult(
        task.sha256,
        task.source_file,
        rows_for_paper(task, paper, pdf.page_count),
        pages=pdf.page_count,
    )


def failure_result(task: Task, error: IngestError) -> FileResult:
    """The one error row a file that did not become a paper leaves behind."""
    return FileResult(
        task.sha256,
        task.source_file,
        {"ingest_errors": [error_row(task, error)]},
        error.error_kind,
    )


@dataclass(frozen=True)
class Shard:
    """Slice K of N (1-based) of the files, by sha256: ``--shard K/N``.

    Sharding by content keeps byte-identical copies in one shard, so
    duplicate_content is decided exactly as in an unsharded run. Every shard still
    plans over all files (hashing them all), so that paper ids of files sharing a
    stem come out the same as in one run; it then reads only its own slice.
    """

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise ValueError(f"--shard takes K/N, e.g. 2/8, not {text!r}") from None
        if not 1 <= index <= count:
            raise ValueError(f"--shard {text}: K must be between 1 and N")
        return cls(index, count)

    def owns(self, sha256: str) -> bool:
        return int(sha256[:16], 16) % self.count == self.index - 1

    @property
    def staging(self) -> str:
        return f"{write.STAGING}-shard-{self.index}-of-{self.count}"


def plan(
    pdf_dir: Path,
    raw_dir: Path,
    force: bool,
    max_pages: int,
    loaded_at: datetime,
    summary: RunSummary,
    shard: Shard | None = None,
    edition: Edition = NO_EDITION,
) -> tuple[list[Task], list[FileResult]]:
    """Decide which files to read and which paper_id each gets (for one shard: the
    same decisions as an unsharded run, restricted to the shard's files). Each file's
    edition: the given one's known parts, the rest from pdf_dir/manifest.csv."""
    files = discover(pdf_dir)
    from_manifest = editions_from_manifest(pdf_dir)
    write.recover(raw_dir, shard.staging if shard else write.STAGING)
    known = write.read_column(
        raw_dir, "papers", ["paper_id", "_source_sha256", "_source_file"]
    )
    errors = write.read_column(
        raw_dir, "ingest_errors", ["_source_sha256", "_source_file"]
    )
    hashes = {path: sha256_of(path) for path in files}
    if force:
        write.remove_sources(raw_dir, set(hashes.values()))
        known, errors = [], []
    done_papers = {row["_source_sha256"]: row["_source_file"] for row in known}
    done_errors = {(row["_source_file"], row["_source_sha256"]) for row in errors}
    id_owner = {row["paper_id"]: row["_source_sha256"] for row in known}
    seen: dict[str, str] = dict(done_papers)

    tasks: list[Task] = []
    immediate: list[FileResult] = []
    for path in files:
        sha = hashes[path]
        mine = shard is None or shard.owns(sha)
        summary.files_found += mine
        source_file = str(path.relative_to(pdf_dir))
        if done_papers.get(sha) == source_file or (source_file, sha) in done_errors:
            summary.files_skipped += mine
            continue
        stem = path.stem
        if sha in seen:
            task = Task(str(path), source_file, sha, stem, max_pages, loaded_at)
            error = DuplicateContentError(path, seen[sha])
            if not mine:
                continue
            immediate.append(
                FileResult(
                    sha,
                    source_file,
                    {"ingest_errors": [error_row(task, error)]},
                    error.error_kind,
                )
            )
            continue
        seen[sha] = source_file
        paper_id = stem
        if id_owner.get(stem, sha) != sha:
            paper_id = f"{stem}--{sha[:8]}"
        id_owner[paper_id] = sha
        if mine:
            task = Task(
                str(path),
                source_file,
                sha,
                paper_id,
                max_pages,
                loaded_at,
                edition.over(from_manifest.get(source_file, NO_EDITION)),
            )
            tasks.append(task)
    return tasks, immediate


def run_ingest(
    pdf_dir: Path,
    raw_dir: Path,
    workers: int = 2,
    force: bool = False,
    max_pages: int = DEFAULT_MAX_PAGES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[Iterator[FileResult], int], Iterator[FileResult]] | None = None,
    limits: Limits | None = None,
    shard: Shard | None = None,
    edition: Edition = NO_EDITION,
) -> RunSummary:
    """Ingest every PDF below pdf_dir into Parquet tables under raw_dir.

    With a shard, only that slice of the files is read; shards may run at the same
    time (on many machines) into one shared raw_dir without touching each other's
    files, and all N of them together write what one unsharded run writes.

    workers >= 1 reads files in supervised worker processes (per-file timeout, memory
    cap, crash isolation: ingest/pdf/workers.py); workers = 0 reads them in this
    process, without those guards (for debugging).
    """
    started = time.perf_counter()
    loaded_at = datetime.now(UTC)
    summary = RunSummary()
    raw_dir.mkdir(parents=True, exist_ok=True)
    if shard is not None and force:
        raise ValueError(
            "--force rewrites files other shards may be writing: run it unsharded"
        )
    tasks, immediate = plan(
        pdf_dir, raw_dir, force, max_pages, loaded_at, summary, shard, edition
    )
    staging = shard.staging if shard else write.STAGING

    pending: dict[str, list[dict]] = {}
    pending_keys: list[str] = []

    def flush() -> None:
        if pending_keys:
            batch_key = "\n".join(sorted(pending_keys))
            write.write_batch(raw_dir, pending, batch_key, staging)
            pending.clear()
            pending_keys.clear()

    stream = _results(immediate, tasks, workers, limits)
    if progress is not None:
        stream = progress(stream, len(tasks) + len(immediate))
    for result in stream:
        _tally(summary, result)
        for table, rows in result.rows.items():
            pending.setdefault(table, []).extend(rows)
        pending_keys.append(f"{result.source_file}\t{result.sha256}")
        if len(pending_keys) >= batch_size:
            flush()
    flush()
    write.ensure_tables(raw_dir)
    summary.elapsed_seconds = time.perf_counter() - started
    return summary


def _results(
    immediate: list[FileResult],
    tasks: list[Task],
    workers: int,
    limits: Limits | None,
) -> Iterator[FileResult]:
    """The results decided while planning, then those of reading every task."""
    yield from immediate
    if not tasks:
        return
    if workers <= 0:
        yield from map(process_file, tasks)
        return
    yield from run_tasks(
        tasks,
        process_file,
        failure_result,
        workers,
        limits or Limits(),
        path_of=lambda task: Path(task.path),
    )


def _tally(summary: RunSummary, result: FileResult) -> None:
    """Count one file's result into the run summary."""
    summary.files_read += 1
    summary.pages_read += result.pages
    if result.error_kind:
        summary.errors[result.error_kind] += 1
        message = result.rows["ingest_errors"][0]["message"]
        summary.error_examples.setdefault(result.error_kind, message)
    else:
        summary.papers_written += 1
        if result.rows["papers"][0]["venue"] == UNKNOWN_VENUE:
            summary.papers_without_edition += 1
        for row in result.rows.get("ingest_errors", []):
            summary.errors[row["error_kind"]] += 1
            summary.error_examples.setdefault(row["error_kind"], row["message"])
