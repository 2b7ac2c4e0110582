"""Timing a benchmark stage run as a subprocess: wall time and peak memory.

Shared by bench/scale.py and bench/neurips_scale.py. Two memory figures are kept,
because ingest runs as a process tree (a supervisor plus N workers):
- ``largest_process_mb``: the peak RSS of the largest single process in the tree,
  exact, from the kernel's rusage of the waited-for child (``os.wait4``);
- ``tree_total_mb``: the peak of the summed PSS (proportional set size: shared
  library pages split between the processes that map them, so nothing is counted
  twice) of the whole tree, sampled from /proc five times a second (so a very short
  spike can be missed).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stage:
    seconds: float
    largest_process_mb: float
    tree_total_mb: float


class StageFailed(RuntimeError):
    pass


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        tasks = Path(f"/proc/{parent}/task")
        try:
            for task in tasks.iterdir():
                text = (task / "children").read_text()
                for child in text.split():
                    found.append(int(child))
                    todo.append(int(child))
        except OSError:  # the process ended meanwhile
            continue
    return found


def _pss_bytes(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # ended meanwhile
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def _sample_tree(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        total = sum(_pss_bytes(p) for p in [pid, *_children(pid)])
        peak[0] = max(peak[0], total)
        stop.wait(0.2)


def run_stage(command: list[str], cwd: Path, env: dict[str, str]) -> Stage:
    """Run one stage; raise StageFailed with the tail of its output if it fails."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, stop, peak))
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode(errors="replace")[-3000:]
            raise StageFailed(f"{command[0]} exited {process.returncode}:\n{tail}")
    return Stage(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20)


def median_stage(stages: list[Stage]) -> Stage:
    return Stage(
        statistics.median(s.seconds for s in stages),
        statistics.median(s.largest_process_mb for s in stages),
        statistics.median(s.tree_total_mb for s in stages),
    )
