"""Download papers' PDFs into a folder with a manifest: resumable and polite.

    targets -> fetch_all(targets, out_dir, options) -> DIR/{paper_id}.pdf + manifest.csv

- HTTP, pacing, retries and the PDF checks are ``ingest.fetch.client``'s.
- Safety: file names are sanitized (``safe_name``) and checked to stay inside the
  folder; a response that is not a PDF is recorded as ``not_pdf`` and not saved.
- Crash safety and resume: bytes go to ``.{paper_id}.pdf.part``. When a download is
  complete its manifest row is appended (and fsynced) *before* the rename, so every
  state a kill can leave is recoverable without downloading a finished file again:
  a finished file whose size and sha256 match its row is skipped, a finished ``.part``
  is renamed, and an unfinished ``.part`` is resumed with an HTTP Range request.
- ``manifest.csv`` is appended to during a run and rewritten compactly (one row per
  paper, in target order) at the start and the end of every run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ingest.fetch.client import Client, FetchError, FetchOptions
from ingest.raw.hashing import sha256_of

log = logging.getLogger(__name__)

MANIFEST = "manifest.csv"
MANIFEST_FIELDS = (
    "paper_id",
    "title",
    "authors",
    "url",
    "file",
    "sha256",
    "bytes",
    "status",
    "error",
    "fetched_at",
    # the edition, which `paperscope ingest` takes as its default per file
    "venue",
    "year",
    "track",
)
# columns a manifest written before they existed lacks; read as empty
OPTIONAL_FIELDS = frozenset({"venue", "year", "track"})


@dataclass(frozen=True)
class Target:
    """One paper to download."""

    paper_id: str  # already made safe by safe_name / unique_ids
    url: str
    title: str = ""
    authors: str = ""
    venue: str = ""
    year: str = ""
    track: str = ""


@dataclass
class FetchSummary:
    targets: int = 0
    downloaded: int = 0
    already_present: int = 0
    failed: Counter = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        failed = sum(self.failed.values())
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.failed.items()))
        return [
            f"papers listed: {self.targets}",
            f"downloaded: {self.downloaded} ({self.bytes / 2**20:.1f} MB)",
            f"already present, skipped: {self.already_present}",
            f"failed: {failed}" + (f" ({kinds})" if kinds else ""),
            f"elapsed: {self.seconds:.1f} s",
        ]


# --- names ------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, fallback: str = "paper") -> str:
    """A file-name stem that cannot escape a folder: no separators, no ``..``, no NUL,
    no leading dot, ASCII only, at most 120 characters."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("_", text)
    stem = re.sub(r"\.{2,}", "_", stem).strip("._-")
    if stem.lower().endswith(".pdf"):
        stem = stem[:-4].rstrip("._-")
    return stem[:120] or fallback


def name_from_url(url: str) -> str:
    path = urlsplit(url).path
    return safe_name(unquote(path.rsplit("/", 1)[-1]))


def unique_ids(stems: Iterable[tuple[str, str]]) -> list[str]:
    """Make (stem, url) pairs unique: a repeated stem gets ``--`` + 8 hex of its URL."""
    seen: set[str] = set()
    result = []
    for stem, url in stems:
        candidate = stem
        if candidate.lower() in seen:
            candidate = f"{stem}--{hashlib.sha256(url.encode()).hexdigest()[:8]}"
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def inside(folder: Path, name: str) -> Path:
    """folder/name, refusing anything that would resolve outside the folder."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve():
        raise FetchError("unsafe_name", f"{name!r} would leave {folder}")
    return path


# --- manifest ---------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """The last row per paper_id; a torn last line (a kill mid-append) is ignored."""
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8", errors="replace")
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
    rows: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if None in row or any(
            row.get(f) is None for f in MANIFEST_FIELDS if f not in OPTIONAL_FIELDS
        ):
            continue  # malformed row
        for name in OPTIONAL_FIELDS:
            row[name] = row.get(name) or ""
        rows[row["paper_id"]] = row
    return rows


def write_manifest(
    out_dir: Path, rows: dict[str, dict[str, str]], order: list[str]
) -> None:
    """Rewrite manifest.csv atomically: targets in order first, then older rows."""
    ranked = {paper_id: n for n, paper_id in enumerate(order)}
    ordered = sorted(rows.values(), key=lambda r: ranked.get(r["paper_id"], 1 << 30))
    temp = out_dir / f".{MANIFEST}.tmp"
    with temp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS)
        writer.writeheader()
        writer.writerows(ordered)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(out_dir / MANIFEST)


class _ManifestAppender:
    def __init__(self, out_dir: Path) -> None:
        self._lock = threading.Lock()
        self._handle = (out_dir / MANIFEST).open("a", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._handle, fieldnames=MANIFEST_FIELDS)

    def append(self, row: dict[str, str]) -> None:
        with self._lock:
            self._writer.writerow(row)
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


# --- the run ----------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_complete(path: Path, row: dict[str, str]) -> bool:
    return (
        path.exists()
        and str(path.stat().st_size) == row["bytes"]
        and sha256_of(path) == row["sha256"]
    )


class _Run:
    """One fetch_all run's shared state: the manifest rows so far and the counts,
    updated by the download threads."""

    def __init__(
        self,
        out_dir: Path,
        client: Client,
        rows: dict[str, dict[str, str]],
        appender: _ManifestAppender,
        summary: FetchSummary,
    ) -> None:
        self.out_dir = out_dir
        self.client = client
        self.rows = rows
        self.appender = appender
        self.summary = summary
        self.lock = threading.Lock()

    def one(self, target: Target) -> str:
        row = {
            "paper_id": target.paper_id,
            "title": target.title,
            "authors": target.authors,
            "url": target.url,
            "file": "",
            "sha256": "",
            "bytes": "",
            "status": "failed",
            "error": "",
            "fetched_at": "",
            "venue": target.venue,
            "year": target.year,
            "track": target.track,
        }
        try:
            final = inside(self.out_dir, f"{target.paper_id}.pdf")
            part = inside(self.out_dir, f".{target.paper_id}.pdf.part")
        except FetchError as failure:
            return self.failed(row, failure)
        try:
            earlier = self.rows.get(target.paper_id)
            if earlier and earlier["status"] == "ok" and earlier["url"] == target.url:
                if _is_complete(final, earlier):
                    return "present"
                if _is_complete(part, earlier):  # killed between row and rename
                    part.replace(final)
                    return "present"
            self.client.download(target.url, part)
            size = part.stat().st_size
            row.update(
                file=final.name,
                sha256=sha256_of(part),
                bytes=str(size),
                status="ok",
                fetched_at=_now(),
            )
            self.appender.append(row)  # the row first: see the module docstring
            part.replace(final)
            with self.lock:
                self.rows[target.paper_id] = row
                self.summary.bytes += size
            return "downloaded"
        except FetchError as failure:
            part.unlink(missing_ok=True)
            return self.failed(row, failure)

    def failed(self, row: dict[str, str], failure: FetchError) -> str:
        log.warning("%s: %s", row["paper_id"], failure)
        row.update(error=failure.kind, fetched_at=_now())
        self.appender.append(row)
        with self.lock:
            self.rows[row["paper_id"]] = row
        return f"failed:{failure.kind}"

    def outcomes(self, targets: list[Target], concurrency: int) -> Iterator[str]:
        pool = ThreadPoolExecutor(max_workers=max(1, concurrency))
        try:
            futures = [pool.submit(self.one, target) for target in targets]
            for future in as_completed(futures):
                yield future.result()
        finally:  # on Ctrl-C, start nothing new; running downloads finish
            pool.shutdown(wait=True, cancel_futures=True)


def fetch_all(
    targets: list[Target],
    out_dir: Path,
    options: FetchOptions | None = None,
    client: Client | None = None,
    progress: Callable[[Iterator[str], int], Iterator[str]] | None = None,
) -> FetchSummary:
    """Download every target into out_dir; return counts. See the module docstring."""
    options = options or FetchOptions()
    client = client or Client(options)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    summary = FetchSummary(targets=len(targets))
    order = [t.paper_id for t in targets]
    rows = read_manifest(out_dir)
    write_manifest(out_dir, rows, order)  # drop a torn line before appending
    appender = _ManifestAppender(out_dir)
    run = _Run(out_dir, client, rows, appender, summary)

    try:
        stream = run.outcomes(targets, options.concurrency)
        if progress is not None:
            stream = progress(stream, len(targets))
        for outcome in stream:
            if outcome == "downloaded":
                summary.downloaded += 1
            elif outcome == "present":
                summary.already_present += 1
            else:
                summary.failed[outcome.split(":", 1)[1]] += 1
    finally:
        appender.close()
        write_manifest(out_dir, rows, order)
    summary.seconds = time.perf_counter() - started
    return summary


# --- target lists -----------------------------------------------------------------


def targets_from_urls(lines: Iterable[str]) -> list[Target]:
    """A plain list of PDF URLs (blank lines and ``#`` comments skipped). An optional
    title may follow the URL after a tab."""
    entries = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, title = line.partition("\t")
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"not an http(s) URL: {url!r}")
        entries.append((url, title.strip()))
    ids = unique_ids((name_from_url(url), url) for url, _ in entries)
    return [
        Target(pid, url, title) for pid, (url, title) in zip(ids, entries, strict=True)
    ]


def targets_from_neurips(
    client: Client, year: int, base_url: str
) -> tuple[list[Target], int]:
    """NeurIPS papers of one year, and how many index items were not recognised."""
    from ingest.fetch.proceedings import neurips_index_url, parse_neurips_index

    index_url = neurips_index_url(year, base_url)
    listings, unrecognised = parse_neurips_index(client.get_text(index_url), base_url)
    for item in unrecognised[:10]:
        log.warning(
            "index item not recognised as a paper: %s (%s)", item.text, item.href
        )
    if not listings:
        raise FetchError(
            "empty_index",
            f"no papers found at {index_url}; if the page loads in a browser, the"
            " site's layout may have changed: see ingest/fetch/proceedings.py",
        )
    ids = unique_ids((safe_name(item.key), item.pdf_url) for item in listings)
    targets = [
        Target(
            pid,
            item.pdf_url,
            item.title,
            item.authors,
            "neurips",
            str(year),
            _track(item.track),
        )
        for pid, item in zip(ids, listings, strict=True)
    ]
    return targets, len(unrecognised)


def _track(site_track: str) -> str:
    """The proceedings' track name as an edition track: Conference is main,
    Datasets_and_Benchmarks is datasets_and_benchmarks."""
    name = site_track.strip().lower()
    return "main" if name in ("", "conference") else name
