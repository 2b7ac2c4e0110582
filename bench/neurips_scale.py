#!/usr/bin/env python3
"""NeurIPS-scale wall time: generated papers -> ingest -> dbt build vs raw PyMuPDF.

    python bench/neurips_scale.py [--papers 5290] [--workers 2] [--runs K] [--out DIR]

Generates N papers with the project's own fixture generator (ingest/samples.py: every
author-block layout, 8-40 pages of body text each), then, with the same worker count:
(1) a plain PyMuPDF ``get_text()`` loop over every page, (2) ``paperscope ingest`` and
(3) ``dbt build``. Prints wall time and peak RSS per stage and the goal's ratio,
(ingest + build) / raw (goal <= 1.5). Generation is timed but not part of the ratio;
with ``--out`` the generated pool is kept and reused, so ``--papers 500`` after a 5,290
run measures the first 500 of the same papers. With ``--runs K`` every stage runs K
times on fresh raw dirs and warehouses, and medians are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest_speed import raw_pages
from bench.timing import Stage, median_stage, run_stage

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


def _generate_missing(pool_dir: Path, papers: int, workers: int) -> list[Path]:
    """The first N papers of the generated pool; only missing ones are generated."""
    pool_dir.mkdir(parents=True, exist_ok=True)
    wanted = [pool_dir / f"paper-{n:05d}.pdf" for n in range(papers)]
    missing = [(n, str(pool_dir)) for n, p in enumerate(wanted) if not p.exists()]
    if missing:
        started = time.perf_counter()
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers) as pool:
            pool.map(_generate, missing, chunksize=8)
        seconds = time.perf_counter() - started
        print(f"generated {len(missing)} PDFs in {seconds:.1f} s")
    return wanted


def _raw_stage(files: list[Path], workers: int) -> tuple[float, int]:
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pages = sum(pool.imap_unordered(raw_pages, map(str, files), chunksize=4))
    return time.perf_counter() - started, pages


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5290)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1, help="report medians of K runs")
    ap.add_argument(
        "--out", type=Path, help="keep the generated PDFs here and reuse them next time"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.out or Path(scratch)
        files = _generate_missing(folder / "pool", args.papers, args.workers)
        corpus = folder / f"corpus-{args.papers}"  # exactly these N, as symlinks
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir()
        for file in files:
            (corpus / file.name).symlink_to(file.resolve())

        binary = Path(sys.executable).parent
        raw, warehouse = folder / "raw", folder / "paperscope.duckdb"
        env = dict(os.environ, PAPERSCOPE_RAW_DIR=str(raw))
        env["PAPERSCOPE_WAREHOUSE"] = str(warehouse)
        ingest = [str(binary / "paperscope"), "ingest", str(corpus), "--raw-dir"]
        ingest += [str(raw), "--workers", str(args.workers)]
        build = [str(binary / "dbt"), "build", "--profiles-dir", ".", "-q"]
        raws, ingests, builds = [], [], []
        for run in range(1, args.runs + 1):
            shutil.rmtree(raw, ignore_errors=True)
            warehouse.unlink(missing_ok=True)
            raw_seconds, pages = _raw_stage(files, args.workers)
            raws.append(raw_seconds)
            ingests.append(run_stage(ingest, REPO, env))
            builds.append(run_stage(build, REPO, env))
            print(f"run {run}: {len(files)} papers, {pages} pages")
            _report(raw_seconds, ingests[-1], builds[-1])
    print(f"median of {args.runs} run(s):")
    _report(statistics.median(raws), median_stage(ingests), median_stage(builds))
    return 0


def _report(raw_seconds: float, ingested: Stage, built: Stage) -> None:
    print(f"  raw_get_text_seconds {raw_seconds:.1f}")
    print(
        f"  ingest_seconds {ingested.seconds:.1f}  peak_rss_mb largest process"
        f" {ingested.largest_process_mb:.0f}, whole tree {ingested.tree_total_mb:.0f}"
    )
    print(
        f"  dbt_build_seconds {built.seconds:.1f}"
        f"  peak_rss_mb {built.largest_process_mb:.0f}"
    )
    ratio = (ingested.seconds + built.seconds) / raw_seconds
    print(f"  ratio_ingest_plus_build_over_raw {ratio:.2f}  (goal <= 1.5)")


if __name__ == "__main__":
    sys.exit(main())
