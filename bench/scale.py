#!/usr/bin/env python3
"""How `dbt build` scales: synthetic raw Parquet at N papers, then a timed build.

    python bench/scale.py --papers 10000 [--seed 7] [--editions 1] [--keep DIR]

The raw tables follow ingest/raw/records.py exactly. Distributions, per paper: 1 + a
Poisson(4) number of authors (at most 40); per author 1 affiliation (78%), 2 (18%) or
3 (4%); affiliation strings drawn Zipf-like from the seeds' own aliases, with
department prefixes and address suffixes, plus a long tail (6%) of strings no seed
knows; email domains for a third of the authors; a title, an abstract and a 3 kB body
that mention model terms at realistic rates. With --editions E the papers are dealt
round-robin into E editions (neurips, years 2016 onward), so a build of the same papers
in one edition and in ten can be compared. With --keep DIR the raw Parquet stays in
DIR/raw and a later run with the same --papers, --seed and --editions reuses it (writing
100k papers takes minutes); the warehouse is built fresh every run. dbt's target and log
paths follow $DBT_TARGET_PATH and $DBT_LOG_PATH. Prints `dbt_build_seconds N` last.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.timing import StageFailed, run_stage
from ingest.raw import write
from ingest.raw.records import SCHEMAS

REPO = Path(__file__).resolve().parents[1]
DEPARTMENTS = (
    "Department of Computer Science, ",
    "School of Artificial Intelligence, ",
    "Machine Learning Department, ",
    "",
    "",
    "",
)
SUFFIXES = ("", "", "", ", USA", ", China", ", Beijing, China", ", UK", ", Germany")
WORDS = [
    "quantum",
    "lattice",
    "harbor",
    "cedar",
    "nimbus",
    "ember",
    "vector",
    "orchid",
    "summit",
    "delta",
    "willow",
    "basalt",
    "meridian",
    "aurora",
    "falcon",
    "juniper",
    "cobalt",
    "prairie",
]
TERMS = ("Transformer", "Llama-3", "Qwen2.5", "GPT-4o", "DeepSeek-V3", "Mistral-7B")
FILLER = "We evaluate the method on standard benchmarks and report the mean. " * 40


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _aliases() -> list[str]:
    with (REPO / "seeds" / "institution_aliases.csv").open(encoding="utf-8") as f:
        return [r["alias"] for r in csv.DictReader(f) if len(r["alias"]) > 6]


def write_raw(raw: Path, papers: int, seed: int, editions: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    aliases = _aliases()
    rng.shuffle(aliases)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(aliases))]
    loaded = datetime.now(UTC)
    tables: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    counts = dict.fromkeys(SCHEMAS, 0)
    part = 0

    def flush() -> None:
        nonlocal part
        for name, rows in tables.items():
            if rows:
                folder = raw / name
                folder.mkdir(parents=True, exist_ok=True)
                table = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
                pq.write_table(table, folder / f"part-{part:05d}.parquet")
                counts[name] += len(rows)
                rows.clear()
        part += 1

    for number in range(papers):
        paper_id = f"synthetic-{number:07d}"
        lineage = {
            "source": "pdf",
            "_source_file": f"{paper_id}.pdf",
            "_source_sha256": f"{number:064x}",
            "_loaded_at": loaded,
        }
        mentions = [t for t in TERMS if rng.random() < 0.2]
        abstract = (
            f"We study {' and '.join(mentions[:2]) or 'a problem'}. " + FILLER[:600]
        )
        body = FILLER + " ".join(f"We compare with {t}." for t in mentions) + FILLER
        tables["papers"].append(
            {
                "paper_id": paper_id,
                "title": f"Synthetic study {number}",
                "abstract": abstract,
                "page_count": rng.randint(8, 40),
                "venue": "neurips",
                "year": 2016 + number % editions,
                "track": "main",
                **lineage,
            }
        )
        for section, text in (
            ("title", f"Synthetic study {number}"),
            ("abstract", abstract),
            ("body", body),
            ("references", "[1] A. Vaswani et al. Attention is all you need."),
        ):
            tables["paper_sections"].append(
                {
                    "paper_id": paper_id,
                    "section": section,
                    "text": text,
                    "first_page": 1,
                    "last_page": 1,
                    **lineage,
                }
            )
        position = 0
        for author in range(1, min(40, 1 + _poisson(rng, 4)) + 1):
            tables["authorships"].append(
                {
                    "paper_id": paper_id,
                    "author_position": author,
                    "author_name": f"Author {number}-{author}",
                    "email": None,
                    **lineage,
                }
            )
            draw = rng.random()
            for _ in range(1 if draw < 0.78 else 2 if draw < 0.96 else 3):
                position += 1
                if rng.random() < 0.06:  # the long tail no seed knows
                    text = " ".join(rng.choices(WORDS, k=3)).title() + " Labs"
                    text += f" {rng.randint(1, 50000)}"
                else:
                    text = rng.choice(DEPARTMENTS)
                    text += rng.choices(aliases, weights)[0] + rng.choice(SUFFIXES)
                tables["affiliations"].append(
                    {
                        "paper_id": paper_id,
                        "author_position": author,
                        "affiliation_position": position,
                        "affiliation_raw": text,
                        "page": 1,
                        "bbox": [72.0, 100.0, 300.0, 110.0],
                        "email_domain": "example.edu" if rng.random() < 0.33 else None,
                        "link_method": "superscript_marker",
                        **lineage,
                    }
                )
        if (number + 1) % 5000 == 0:
            flush()
    flush()
    write.ensure_tables(raw)  # a table with no rows still needs its empty file
    return counts


def prepare_raw(raw: Path, papers: int, seed: int, editions: int) -> None:
    """Write the raw tables, unless `raw` already holds these very ones."""
    stamp = raw.with_name("raw-stamp.txt")
    wanted = f"papers {papers} seed {seed} editions {editions}\n"
    if stamp.exists():
        if stamp.read_text() == wanted:
            print(f"raw reused from {raw}: {wanted.strip()}")
            return
        shutil.rmtree(raw, ignore_errors=True)  # ours, from other arguments
        stamp.unlink()
    started = time.perf_counter()
    counts = write_raw(raw, papers, seed, editions)
    stamp.write_text(wanted)
    print(f"raw written in {time.perf_counter() - started:.1f} s: {counts}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--editions", type=int, default=1, help="editions to deal into")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) raw Parquet here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        raw, warehouse = folder / "raw", folder / "scale.duckdb"
        prepare_raw(raw, args.papers, args.seed, args.editions)
        for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)  # every build starts from an empty file
        env = dict(
            os.environ,
            PAPERSCOPE_RAW_DIR=str(raw),
            PAPERSCOPE_WAREHOUSE=str(warehouse),
        )
        dbt = Path(sys.executable).with_name("dbt")
        try:
            built = run_stage(
                [str(dbt), "build", "--profiles-dir", ".", "-q"], REPO, env
            )
        except StageFailed as failure:
            print(failure)
            return 1
    print(f"dbt_build_peak_rss_mb {built.largest_process_mb:.0f}")
    print(f"dbt_build_seconds {built.seconds:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
