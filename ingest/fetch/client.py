"""The polite HTTP client: GET with pacing, retries and resumable PDF downloads.

- HTTP: the standard library's urllib (a real client; tests run it against a local
  server). A global delay spaces request starts; at most ``concurrency`` downloads run
  (``ingest.fetch.download`` runs them).
- Retries: 429 and 5xx responses and network errors are retried with exponential
  backoff and jitter; a ``Retry-After`` header (seconds or an HTTP date) is honoured up
  to ``max_retry_after`` seconds, beyond which the file fails as ``rate_limited``.
- Safety: a response that is not a PDF (``%PDF-`` in its first 1 kB) is refused as
  ``not_pdf`` and not saved; files over ``max_bytes`` fail as ``too_large``.
- Resume: a download streams into a ``.part`` file; an unfinished ``.part`` is resumed
  with an HTTP Range request.
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
USER_AGENT = "paperscope-fetch/0.1 (research; polite; +https://github.com/paperscope)"


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
