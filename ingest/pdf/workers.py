"""Worker processes that read one file each, with a per-file timeout and memory cap.

PDFs come from the internet and are parsed by a C library: a file may hang the
parser, exhaust memory or crash the process. Each file therefore runs in a worker
process that the supervisor here watches:

- a result arrives: it is yielded and the worker takes the next file;
- the worker runs longer than ``timeout_seconds`` on one file: it is killed and
  replaced, and the file becomes a ``timeout`` error;
- the worker's resident memory (Linux ``/proc``) goes over ``memory_mb``: killed,
  replaced, ``memory`` error;
- the worker dies: replaced, ``crashed`` error.

The run always continues. Workers are started with ``spawn`` (PyMuPDF is not
fork-safe) and get the task by value, so only paths cross the process boundary.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ingest.raw.errors import (
    FileTimeoutError,
    IngestError,
    MemoryLimitError,
    WorkerCrashError,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 300.0
DEFAULT_MEMORY_MB = 4096
_POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Limits:
    """Per-file limits; 0 turns a limit off."""

    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


def _worker_main(connection: Connection, work: Callable[[Any], Any]) -> None:
    while True:
        task = connection.recv()
        if task is None:
            return
        connection.send(work(task))


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 where /proc is not available)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _Worker:
    def __init__(self, work: Callable[[Any], Any]) -> None:
        context = get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, work), daemon=True
        )
        self.process.start()
        child.close()
        self.task: Any = None
        self.started = 0.0

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()

    def stop(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.connection.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.connection.close()


def run_tasks(
    tasks: list[Any],
    work: Callable[[Any], Any],
    on_failure: Callable[[Any, IngestError], Any],
    workers: int,
    limits: Limits,
    path_of: Callable[[Any], Path],
) -> Iterator[Any]:
    """Yield ``work(task)`` for every task, or ``on_failure(task, error)`` when its
    worker timed out, went over the memory cap or died."""
    pending = deque(tasks)
    pool = [_Worker(work) for _ in range(max(1, min(workers, len(tasks))))]
    idle = list(pool)
    busy: list[_Worker] = []
    try:
        while pending or busy:
            while idle and pending:
                worker = idle.pop()
                worker.task, worker.started = pending.popleft(), time.monotonic()
                worker.connection.send(worker.task)
                busy.append(worker)
            waitables = [w.connection for w in busy] + [
                w.process.sentinel for w in busy
            ]
            wait(waitables, timeout=_POLL_SECONDS)
            for worker in list(busy):
                outcome = _check(worker, limits, path_of)
                if outcome is None:
                    continue
                busy.remove(worker)
                if isinstance(outcome, IngestError):
                    log.warning("%s", outcome)
                    worker.kill()
                    pool.remove(worker)
                    replacement = _Worker(work)
                    pool.append(replacement)
                    idle.append(replacement)
                    yield on_failure(worker.task, outcome)
                else:
                    idle.append(worker)
                    yield outcome[0]
    finally:
        for worker in pool:
            if worker in busy:
                worker.kill()
            else:
                worker.stop()


def _check(worker: _Worker, limits: Limits, path_of: Callable[[Any], Path]):
    """(result,) when done, an IngestError when the worker must go, None to wait."""
    path = path_of(worker.task)
    if worker.connection.poll():
        try:
            return (worker.connection.recv(),)
        except (EOFError, OSError):
            worker.process.join(1)
            return WorkerCrashError(path, worker.process.exitcode)
    if not worker.process.is_alive():
        worker.process.join(1)
        return WorkerCrashError(path, worker.process.exitcode)
    if limits.timeout_seconds and (
        time.monotonic() - worker.started > limits.timeout_seconds
    ):
        return FileTimeoutError(path, limits.timeout_seconds)
    if limits.memory_mb and _rss_mb(worker.process.pid) > limits.memory_mb:
        return MemoryLimitError(path, limits.memory_mb)
    return None


def test_hook(source_file: str) -> None:
    """Misbehave on purpose, for the robustness tests only.

    ``PAPERSCOPE_TEST_HANG`` (one file name, or several separated by commas),
    ``PAPERSCOPE_TEST_CRASH`` or ``PAPERSCOPE_TEST_BLOAT`` set to a file name make the
    worker sleep, exit abruptly, or allocate 1 GiB (then sleep, holding it) when it
    reaches that file. With ``PAPERSCOPE_TEST_SIGNAL_DIR`` set, the worker first
    creates ``<dir>/<file name>.<hang|crash|bloat>`` there, so a test can wait for
    that state instead of guessing how long it takes. Unset, this does nothing.
    """
    name = Path(source_file).name
    if name in os.environ.get("PAPERSCOPE_TEST_HANG", "").split(","):
        _reached(name, "hang")
        time.sleep(3600)
    if os.environ.get("PAPERSCOPE_TEST_CRASH") == name:
        _reached(name, "crash")
        os._exit(70)
    if os.environ.get("PAPERSCOPE_TEST_BLOAT") == name:
        _reached(name, "bloat")
        # bounded, so a supervisor slowed by a busy machine still sees a memory
        # problem (not a MemoryError crash) when it looks
        hog = [bytearray(64 << 20) for _ in range(16)]
        time.sleep(3600)
        del hog


def _reached(name: str, state: str) -> None:
    folder = os.environ.get("PAPERSCOPE_TEST_SIGNAL_DIR")
    if folder:
        (Path(folder) / f"{name}.{state}").touch()
