"""Broken and hostile inputs, hung and crashing workers, SIGKILL mid-run: every input
file is accounted for exactly once and nothing is lost or doubled."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest.pdf import workers
from ingest.pdf.pipeline import run_ingest
from ingest.pdf.workers import Limits
from ingest.raw import write
from ingest.raw.records import SCHEMAS
from ingest.samples import AuthorSpec, write_pdf
from tests.ingest.conftest import comparable_raw, spec_with

REPO = Path(__file__).resolve().parents[2]


def _table(raw: Path, name: str) -> list[dict]:
    return write.read_column(raw, name, SCHEMAS[name].names)


def _outcome(raw: Path) -> dict[str, str]:
    """source file -> 'paper' or its file-level error_kind (papers with a problem
    show as 'paper+<kind>')."""
    outcome: dict[str, str] = {}
    for paper in _table(raw, "papers"):
        outcome[paper["_source_file"]] = "paper"
    for error in _table(raw, "ingest_errors"):
        name = error["_source_file"]
        if error["paper_id"] is None:
            assert name not in outcome, f"{name} is both a paper and a failed file"
            outcome[name] = error["error_kind"]
        else:
            outcome[name] = f"paper+{error['error_kind']}"
    return outcome


def test_every_hostile_file_gets_its_error_kind_and_good_files_load(
    hostile: Path, tmp_path: Path
):
    raw = tmp_path / "raw"
    summary = run_ingest(hostile, raw, workers=2, max_pages=500)
    assert _outcome(raw) == {
        # the first of two identical files in sorted path order is kept
        "good-copy.pdf": "paper",
        "good.pdf": "duplicate_content",
        "other.pdf": "paper",
        "empty.pdf": "empty",
        "error-page.pdf": "not_a_pdf",
        "truncated.pdf": "not_a_pdf",
        "encrypted.pdf": "encrypted",
        "scanned.pdf": "no_text",
        "thousand-pages.pdf": "too_many_pages",
        "no-authors.pdf": "paper+no_author_block",
    }
    pages = {e["_source_file"]: e["page_count"] for e in _table(raw, "ingest_errors")}
    assert pages["thousand-pages.pdf"] == 1000
    copy = next(
        e
        for e in _table(raw, "ingest_errors")
        if e["error_kind"] == "duplicate_content"
    )
    assert "good-copy.pdf" in copy["message"]
    assert summary.files_read == 10


def _within(seconds: float, function: Callable[[], object]) -> object:
    """function() in a thread, failing the test if it has not returned after seconds:
    a safety net against a hang (a worker hook sleeps an hour), never what decides
    the outcome of a test that works."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = function()
        except BaseException as error:  # handed to the test thread below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds:.0f} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]


@pytest.mark.parametrize(
    ("hook", "limits", "kind"),
    [
        ("PAPERSCOPE_TEST_HANG", Limits(timeout_seconds=3), "timeout"),
        ("PAPERSCOPE_TEST_CRASH", Limits(), "crashed"),
        ("PAPERSCOPE_TEST_BLOAT", Limits(memory_mb=400), "memory"),
    ],
)
def test_a_hung_crashed_or_bloated_worker_costs_one_file_and_the_run_goes_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hook: str,
    limits: Limits,
    kind: str,
):
    pdfs = tmp_path / "pdfs"
    names = ("Wei Zhang", "Maria Garcia", "John Smith", "Yuki Tanaka")
    for number, name in enumerate(names):
        author = AuthorSpec(name, ("Tsinghua University",), None)
        write_pdf(spec_with("numbered", [author]), pdfs / f"p{number}.pdf")
    monkeypatch.setenv(hook, "p1.pdf")
    others_back: set[str] = set()

    def progress(stream, total):
        for result in stream:
            if result.source_file != "p1.pdf":
                others_back.add(result.source_file)
            yield result

    if hook == "PAPERSCOPE_TEST_HANG":
        # The supervisor's clock stands still until the three good files are back,
        # then jumps past the timeout: only the hung file can time out, and it does,
        # however slow the machine (a real 3 s timeout also caught slow good files).
        def monotonic() -> float:
            return 1e6 if len(others_back) == 3 else 0.0

        monkeypatch.setattr(workers, "time", SimpleNamespace(monotonic=monotonic))
    raw = tmp_path / "raw"
    summary = _within(
        600,
        lambda: run_ingest(pdfs, raw, workers=2, limits=limits, progress=progress),
    )
    assert _outcome(raw) == {
        "p0.pdf": "paper",
        "p1.pdf": kind,
        "p2.pdf": "paper",
        "p3.pdf": "paper",
    }
    assert summary.errors[kind] == 1


def _kill_when_stuck(command: list[str], env: dict, stuck: tuple[str, str]) -> None:
    """Run the ingest CLI until both workers hang (test hook) on the two files in
    stuck, then SIGKILL it with its workers.

    Tasks go out in path order, one per idle worker, and a worker is handed its next
    file only after its last result has been consumed (and its batch, when full,
    committed). So once both workers are stuck on consecutive files, every earlier
    file has been read and every full batch committed, and nothing else is being
    written: the kill lands in a known state, not at a moment picked by a timer."""
    signals = Path(env["PAPERSCOPE_TEST_SIGNAL_DIR"])
    signals.mkdir(exist_ok=True)
    env = dict(env, PAPERSCOPE_TEST_HANG=",".join(stuck))
    log = signals / f"stderr-{stuck[0]}.txt"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*command, "--timeout", "0"], cwd=REPO, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    try:
        markers = [signals / f"{name}.hang" for name in stuck]
        deadline = time.monotonic() + 600  # a safety net, not what decides
        while not all(m.exists() for m in markers):
            assert process.poll() is None, log.read_text()[-2000:]
            assert time.monotonic() < deadline, "the workers never reached the hang"
            time.sleep(0.02)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_sigkill_mid_run_then_rerun_equals_a_clean_run(hostile: Path, tmp_path: Path):
    pdfs = tmp_path / "pdfs"
    shutil.copytree(REPO / "data" / "sample" / "pdf", pdfs)
    for path in hostile.glob("*.pdf"):
        shutil.copy(path, pdfs / path.name)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    run_ingest(pdfs, clean, workers=2, batch_size=3)

    command = [sys.executable, "-m", "ingest.cli", "ingest", str(pdfs)]
    command += ["--raw-dir", str(killed), "--workers", "2", "--batch-size", "2"]
    env = dict(
        os.environ, PYTHONPATH=str(REPO), PAPERSCOPE_TEST_SIGNAL_DIR=str(tmp_path / "s")
    )
    # Files in order: empty, encrypted, error-page, good-copy, good (a copy: decided
    # at once, its result comes first), no-authors, other, sample-01 ... sample-20, ...
    # First run: 7 results before sample-01 -> 3 batches (6 files) committed, 1 lost.
    _kill_when_stuck(command, env, ("sample-01.pdf", "sample-02.pdf"))
    # Second run: the lost one and sample-01 ... 09 -> 5 more batches (10 files).
    _kill_when_stuck(command, env, ("sample-10.pdf", "sample-11.pdf"))
    for file in killed.rglob("*.parquet"):
        pq.read_metadata(file)  # no partial Parquet file anywhere
    rerun = run_ingest(pdfs, killed, workers=2)
    assert (
        not list((killed / write.STAGING).glob("*"))
        if (killed / write.STAGING).exists()
        else True
    )
    assert comparable_raw(killed) == comparable_raw(clean)
    assert rerun.files_skipped == 16  # finished files were not redone
    assert rerun.files_read == rerun.files_found - 16


def test_a_kill_while_a_batch_is_written_leaves_no_partial_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Deterministic version of the SIGKILL test: the writer dies half-way through the
    second table of a batch. No ``*.parquet`` file anywhere may be unreadable, and the
    next run's recovery drops the uncommitted batch."""

    def value(field):
        if pa.types.is_string(field.type):
            return "x"
        if pa.types.is_integer(field.type):
            return 1
        if pa.types.is_timestamp(field.type):
            return datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        return None

    rows = {
        table: [{field.name: value(field) for field in SCHEMAS[table]}]
        for table in ("papers", "authorships")
    }
    real_write_table = write.pq.write_table
    calls = []

    class Killed(BaseException):
        pass

    def dying_write_table(table, where, **kwargs):
        calls.append(where)
        if len(calls) == 2:
            Path(where).write_bytes(b"PAR1")  # the first bytes, then the process dies
            raise Killed
        real_write_table(table, where, **kwargs)

    monkeypatch.setattr(write.pq, "write_table", dying_write_table)
    with pytest.raises(Killed):
        write.write_batch(tmp_path, rows, "batch-1")
    for file in tmp_path.rglob("*.parquet"):
        pq.read_metadata(file)
    assert not list(tmp_path.glob("*/part-*.parquet"))  # nothing was published

    monkeypatch.setattr(write.pq, "write_table", real_write_table)
    write.recover(tmp_path)
    assert not list((tmp_path / write.STAGING).iterdir())
    write.write_batch(tmp_path, rows, "batch-1")
    assert sorted(p.parent.name for p in tmp_path.glob("*/part-*.parquet")) == [
        "authorships",
        "papers",
    ]
