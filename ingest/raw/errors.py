"""One exception type per way an input file can fail.

Each carries an ``error_kind`` (the value written to ``ingest_errors.error_kind``) and a
message that names the file and what the analyst can do about it.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that cannot become a paper. Recorded in ``ingest_errors``."""

    error_kind = "failed"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class EmptyFileError(IngestError):
    error_kind = "empty"

    def __init__(self, path: Path) -> None:
        super().__init__(path, "file is empty (0 bytes); re-download it")


class NotAPdfError(IngestError):
    error_kind = "not_a_pdf"

    def __init__(self, path: Path, head: bytes, detail: str = "") -> None:
        start = head.decode("latin-1", "replace").strip()[:40]
        extra = f" ({detail})" if detail else ""
        super().__init__(
            path,
            f"not a readable PDF{extra}; it starts with {start!r}. "
            "Often an HTML error page saved as .pdf or a truncated download: "
            "re-download it",
        )


class EncryptedPdfError(IngestError):
    error_kind = "encrypted"

    def __init__(self, path: Path) -> None:
        super().__init__(
            path, "PDF is encrypted and needs a password; decrypt it (qpdf) first"
        )


class NoTextError(IngestError):
    error_kind = "no_text"

    def __init__(self, path: Path, page_count: int) -> None:
        super().__init__(
            path,
            f"no extractable text on any of {page_count} pages (scanned or "
            "image-only PDF); OCR it first",
        )


class TooManyPagesError(IngestError):
    error_kind = "too_many_pages"

    def __init__(self, path: Path, page_count: int, max_pages: int) -> None:
        super().__init__(
            path,
            f"{page_count} pages exceeds the cap of {max_pages}; raise --max-pages "
            "if this really is a paper",
        )
        self.page_count = page_count


class DuplicateContentError(IngestError):
    error_kind = "duplicate_content"

    def __init__(self, path: Path, first: str) -> None:
        super().__init__(
            path, f"same content (sha256) as {first}; kept that one, skipped this one"
        )


class ParseError(IngestError):
    error_kind = "parse_failed"

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(path, f"parser failed: {detail}; please report this file")


class MalformedRecordError(IngestError):
    """A metadata record that cannot become a paper (the file itself is fine)."""

    error_kind = "malformed_record"

    def __init__(self, path: Path, record: str, detail: str) -> None:
        super().__init__(path, f"record {record}: {detail}")


class DuplicateRecordError(IngestError):
    error_kind = "duplicate_record"

    def __init__(self, path: Path, record: str) -> None:
        super().__init__(path, f"record {record}: id already loaded from this file")


class NotAPaperError(IngestError):
    """A metadata entry that is an event, not a paper (a workshop, a tutorial)."""

    error_kind = "not_a_paper"

    def __init__(self, path: Path, record: str, kind: str) -> None:
        super().__init__(
            path, f"record {record}: a {kind or 'untyped'} entry, not a paper; skipped"
        )


class NotMetadataError(IngestError):
    error_kind = "not_metadata"

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(path, f"not a paperlists JSON list of records: {detail}")


class FileTimeoutError(IngestError):
    """The worker reading the file took longer than the per-file limit."""

    error_kind = "timeout"

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(
            path,
            f"reading took longer than {seconds:g} s; the worker was stopped "
            "(raise --timeout if the file is just large)",
        )


class WorkerCrashError(IngestError):
    """The worker process died while reading the file (a crash in the C parser)."""

    error_kind = "crashed"

    def __init__(self, path: Path, exit_code: int | None) -> None:
        super().__init__(
            path, f"the worker reading it died (exit code {exit_code}); file skipped"
        )


class MemoryLimitError(IngestError):
    """The worker reading the file went over the per-file memory cap."""

    error_kind = "memory"

    def __init__(self, path: Path, limit_mb: int) -> None:
        super().__init__(
            path,
            f"reading it needed more than {limit_mb} MB; the worker was stopped "
            "(raise --memory-mb to allow more)",
        )
