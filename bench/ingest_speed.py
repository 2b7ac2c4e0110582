#!/usr/bin/env python3
"""Ingest throughput against the PyMuPDF floor, in one run, same files, same workers.

    python bench/ingest_speed.py PDF_DIR [--workers N]

Times (1) a plain PyMuPDF ``get_text()`` loop over every page of every PDF and
(2) ``paperscope ingest`` (extract + parse + Parquet writes) into a scratch raw dir,
both with N worker processes. Prints pages/s for each and the ratio ours / raw
(goal >= 0.7).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

from ingest.pdf.pipeline import discover, run_ingest


def raw_pages(path: str) -> int:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()
        return doc.page_count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf_dir", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    files = [str(p) for p in discover(args.pdf_dir)]

    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.workers) as pool:
        pages = sum(pool.imap_unordered(raw_pages, files, chunksize=4))
    raw_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        summary = run_ingest(args.pdf_dir, Path(scratch), workers=args.workers)
        ours_seconds = time.perf_counter() - started

    raw_rate = pages / raw_seconds
    ours_rate = summary.pages_read / ours_seconds
    print(f"files {len(files)}  pages {pages}  workers {args.workers}")
    print(f"raw_get_text_pages_per_s {raw_rate:.1f}  ({raw_seconds:.2f} s)")
    print(f"ingest_pages_per_s {ours_rate:.1f}  ({ours_seconds:.2f} s)")
    print(f"ratio_ours_over_raw {ours_rate / raw_rate:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
