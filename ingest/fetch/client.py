"""Download papers' PDFs into a folder with a manifest: resumable and polite.

    targets -> fetch_all(targets, out_dir, options) -> DIR/{paper_id}.pdf + manifest.csv

- HTTP: the standard library's urllib (a real client; tests run it against a local
  server). A global delay spaces request starts; at most ``concurrency`` downloads run.
- Retries: 429 and 5xx responses and network errors are retried with exponential
  backoff and jitter; a ``Retry-After`` header (seconds or an HTTP date) is honoured up
  to ``max_retry_after`` seconds, beyond which the file fails as ``rate_limited``.
- Safety: file names are sanitized (``safe_name``) and checked to stay inside the
  folder; a response that is not a PDF (``%PDF-`` in its first 1 kB) is recorded as
  ``not_pdf`` and not saved; files over ``max_bytes`` fail as ``too_large``.
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
import email.utils
import hashlib
import io
import logging
import os
import random
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
USER_AGENT = "paperscope-fetch/0.1 (research; polite; +https://github.com/paperscope)"


@dataclass(frozen=True)
class Target:
    """One paper to download."""

    paper_id: str  # already made safe by safe_name / unique_ids
    url: str
    title: str = ""
    authors: str = ""


@dataclass(frozen=True)
class FetchOptions:
    concurrency: int = 4
    delay: float = 0.5  # seconds between request starts, across all downloads
    retries: int = 5
    backoff: float = 1.0  # first retry waits about this long, then doubling
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    max_bytes: int = 200 * 2**20
    timeout: float = 60.0
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """A download that failed for good; ``kind`` goes to the manifest's error column."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
        if None in row or any(row.get(f) is None for f in MANIFEST_FIELDS):
            continue  # malformed row
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


# --- HTTP -------------------------------------------------------------------------


class _Pacer:
    """Spaces request starts at least ``delay`` seconds apart, across threads."""

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._delay
        if start > now:
            time.sleep(start - now)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Client:
    """GET with pacing and retries; the one place that talks HTTP."""

    def __init__(
        self, options: FetchOptions, sleep: Callable[[float], None] = time.sleep
    ):
        self.options = options
        self._pacer = _Pacer(options.delay)
        self._sleep = sleep
        self._opener = urllib.request.build_opener()

    def _open(self, url: str, headers: dict[str, str]):
        self._pacer.wait()
        request = urllib.request.Request(
            url, headers={"User-Agent": self.options.user_agent, **headers}
        )
        try:
            return self._opener.open(request, timeout=self.options.timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in RETRY_STATUSES:
                after = parse_retry_after(error.headers.get("Retry-After"))
                raise _Retryable(f"HTTP {error.code}", after) from None
            raise FetchError(
                f"http_{error.code}", f"HTTP {error.code} for {url}"
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
            raise _Retryable(f"network error: {error}") from None

    def with_retries(self, attempt: Callable[[], object], url: str) -> object:
        """Run attempt(); on _Retryable wait and try again, up to options.retries."""
        options = self.options
        for number in range(options.retries + 1):
            try:
                return attempt()
            except _Retryable as problem:
                if number == options.retries:
                    raise FetchError(
                        "retries_exhausted",
                        f"{url}: {problem} after {options.retries} retries",
                    ) from None
                asked, cap = problem.retry_after, options.max_retry_after
                if asked is not None:
                    if asked > cap:
                        raise FetchError(
                            "rate_limited",
                            f"{url}: server asks to wait {asked:.0f} s,"
                            f" more than --max-retry-after {cap:.0f}",
                        ) from None
                    wait = asked
                else:
                    wait = min(options.max_backoff, options.backoff * 2**number)
                    wait *= random.uniform(0.5, 1.0)
                log.info("%s: %s; retrying in %.1f s", url, problem, wait)
                self._sleep(wait)
        raise AssertionError("unreachable")

    def get_text(self, url: str, max_bytes: int = 50 * 2**20) -> str:
        def attempt() -> str:
            with self._open(url, {}) as response:
                body = response.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise FetchError("too_large", f"{url} is over {max_bytes} bytes")
                charset = response.headers.get_content_charset() or "utf-8"
                return body.decode(charset, errors="replace")

        return self.with_retries(attempt, url)  # type: ignore[return-value]

    def download(self, url: str, part: Path) -> None:
        """Stream url into part, resuming from what part already holds."""
        self.with_retries(lambda: self._download_once(url, part), url)

    def _download_once(self, url: str, part: Path) -> None:
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            response = self._open(url, headers)
        except FetchError as error:
            if error.kind != "http_416":
                raise
            # The .part already holds the whole file but its row was never written
            # (a kill in that instant): its hash is unknown, so start over.
            part.unlink()
            raise _Retryable("range not satisfiable; restarting") from None
        with response:
            resumed = have and response.status == 206 and _range_start(response) == have
            expected = _expected_size(response, have if resumed else 0)
            if expected is not None and expected > self.options.max_bytes:
                raise FetchError(
                    "too_large",
                    f"{url}: {expected} bytes, cap {self.options.max_bytes}",
                )
            mode = "ab" if resumed else "wb"
            written = have if resumed else 0
            with part.open(mode) as handle:
                head = b"" if not resumed else None  # bytes held back until checked
                while True:
                    try:
                        # read1: what has arrived, so a kill leaves a resumable .part
                        chunk = response.read1(CHUNK)
                    except (TimeoutError, ConnectionError, OSError) as error:
                        raise _Retryable(f"read failed: {error}") from None
                    if head is not None:
                        head += chunk
                        if chunk and len(head) < 1024:
                            continue
                        _check_pdf(url, head, response.headers.get("Content-Type"))
                        chunk, head = head, None
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > self.options.max_bytes:
                        raise FetchError(
                            "too_large", f"{url}: over {self.options.max_bytes} bytes"
                        )
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if expected is not None and written != expected:
                raise _Retryable(f"short read: {written} of {expected} bytes")


def _range_start(response) -> int | None:
    match = re.match(r"bytes (\d+)-", response.headers.get("Content-Range") or "")
    return int(match[1]) if match else None


def _expected_size(response, offset: int) -> int | None:
    length = response.headers.get("Content-Length")
    return offset + int(length) if length and length.isdigit() else None


def _check_pdf(url: str, head: bytes, content_type: str | None) -> None:
    if not head:
        raise FetchError("not_pdf", f"{url}: empty response")
    if b"%PDF-" not in head[:1024]:
        kind = (content_type or "unknown type").split(";")[0]
        raise FetchError("not_pdf", f"{url}: not a PDF ({kind})")


# --- the run ----------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_complete(path: Path, row: dict[str, str]) -> bool:
    return (
        path.exists()
        and str(path.stat().st_size) == row["bytes"]
        and sha256_of(path) == row["sha256"]
    )


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
    lock = threading.Lock()

    def one(target: Target) -> str:
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
        }
        try:
            final = inside(out_dir, f"{target.paper_id}.pdf")
            part = inside(out_dir, f".{target.paper_id}.pdf.part")
        except FetchError as failure:
            return failed(row, failure)
        try:
            earlier = rows.get(target.paper_id)
            if earlier and earlier["status"] == "ok" and earlier["url"] == target.url:
                if _is_complete(final, earlier):
                    return "present"
                if _is_complete(part, earlier):  # killed between row and rename
                    part.replace(final)
                    return "present"
            client.download(target.url, part)
            size = part.stat().st_size
            row.update(
                file=final.name,
                sha256=sha256_of(part),
                bytes=str(size),
                status="ok",
                fetched_at=_now(),
            )
            appender.append(row)  # the row first: see the module docstring
            part.replace(final)
            with lock:
                rows[target.paper_id] = row
                summary.bytes += size
            return "downloaded"
        except FetchError as failure:
            part.unlink(missing_ok=True)
            return failed(row, failure)

    def failed(row: dict[str, str], failure: FetchError) -> str:
        log.warning("%s: %s", row["paper_id"], failure)
        row.update(error=failure.kind, fetched_at=_now())
        appender.append(row)
        with lock:
            rows[row["paper_id"]] = row
        return f"failed:{failure.kind}"

    def outcomes() -> Iterator[str]:
        pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency))
        try:
            futures = [pool.submit(one, target) for target in targets]
            for future in as_completed(futures):
                yield future.result()
        finally:  # on Ctrl-C, start nothing new; running downloads finish
            pool.shutdown(wait=True, cancel_futures=True)

    try:
        stream = outcomes()
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
        Target(pid, item.pdf_url, item.title, item.authors)
        for pid, item in zip(ids, listings, strict=True)
    ]
    return targets, len(unrecognised)
