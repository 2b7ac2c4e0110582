#!/usr/bin/env python3
"""NeurIPS-scale wall time: generated papers -> ingest -> dbt build vs raw PyMuPDF.

    python bench/neurips_scale.py [--papers 5290] [--workers 2] [--out DIR]

Generates N papers with the project's own fixture generator (ingest/samples.py: every
author-block layout, 8-40 pages of body text each), then, with the same worker count:
(1) a plain PyMuPDF ``get_text()`` loop over every page, (2) ``paperscope ingest`` and
(3) ``dbt build``. Prints wall time and peak RSS per stage and the goal's ratio,
(ingest + build) / raw (goal <= 1.5). Generation is timed but not part of the ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _generate(args: tuple[int, str]) -> str:
    from ingest.samples import sample_specs, write_pdf

    number, out_dir = args
    rng = random.Random(number)
    _, spec = sample_specs(1, seed=number)[0]
    spec = dataclasses.replace(
        spec,
        title=f"{spec.title} #{number}",
        body_pages=rng.randint(7, 39),  # 8-40 pages with the first
    )
    return str(write_pdf(spec, Path(out_dir) / f"paper-{number:05d}.pdf"))


def _raw_pages(path: str) -> int:
    import pymupdf

    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()
        return doc.page_count


def _timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB, largest child process) of a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5290)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, help="keep PDFs, raw tables and warehouse here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.out or Path(scratch)
        pdfs, raw = folder / "pdf", folder / "raw"
        pdfs.mkdir(parents=True, exist_ok=True)
        context = multiprocessing.get_context("spawn")
        started = time.perf_counter()
        with context.Pool(args.workers) as pool:
            files = pool.map(
                _generate, [(n, str(pdfs)) for n in range(args.papers)], chunksize=8
            )
        print(f"generated {len(files)} PDFs in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        with context.Pool(args.workers) as pool:
            pages = sum(pool.imap_unordered(_raw_pages, files, chunksize=4))
        raw_seconds = time.perf_counter() - started
        print(f"raw_get_text_seconds {raw_seconds:.1f}  ({pages} pages)")

        env = dict(
            os.environ,
            PAPERSCOPE_RAW_DIR=str(raw),
            PAPERSCOPE_WAREHOUSE=str(folder / "paperscope.duckdb"),
        )
        binary = Path(sys.executable).parent
        ingest = [str(binary / "paperscope"), "ingest", str(pdfs), "--raw-dir"]
        ingest += [str(raw), "--workers", str(args.workers)]
        ingest_seconds, ingest_rss = _timed(ingest, env)
        print(f"ingest_seconds {ingest_seconds:.1f}  peak_rss_mb {ingest_rss:.0f}")
        build_seconds, build_rss = _timed(
            [str(binary / "dbt"), "build", "--profiles-dir", ".", "-q"], env
        )
        print(f"dbt_build_seconds {build_seconds:.1f}  peak_rss_mb {build_rss:.0f}")
    ratio = (ingest_seconds + build_seconds) / raw_seconds
    print(f"ratio_ingest_plus_build_over_raw {ratio:.2f}  (goal <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
