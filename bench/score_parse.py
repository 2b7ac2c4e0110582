#!/usr/bin/env python3
"""Score the PDF parser alone against a gold.jsonl (no warehouse needed).

Computes the affiliation metrics of ``../shared/bench/eval_warehouse.py`` (same text
normalisation, same definitions) straight from the parser's output, so parser changes
can be measured in seconds:

    python bench/score_parse.py ../shared/data/dev/typeset/colm2025 [--show-misses N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ingest.pdf.extract import extract_pdf
from ingest.pdf.parse import parse_paper


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def parse_one(path: str) -> tuple[str, list[tuple[str, str]]]:
    pdf = extract_pdf(Path(path))
    paper = parse_paper(pdf.first_page_lines, pdf.page_texts, pdf.page_height)
    names = {a.position: a.name for a in paper.authors}
    rows = [
        (names.get(aff.author_position, "") if aff.author_position else "", aff.text)
        for aff in paper.affiliations
    ]
    return Path(path).stem, rows


def score(gold: dict[str, dict], parsed: dict[str, list[tuple[str, str]]]) -> dict:
    a_tp = a_total = l_tp = l_gold = l_pred = 0
    misses: list[tuple[str, str]] = []
    for pid, g in gold.items():
        rows = [(norm(n), norm(r)) for n, r in parsed.get(pid, [])]
        gold_affs = {norm(a) for au in g["authors"] for a in au["affiliations"]}
        gold_affs |= {norm(o["affiliation"]) for o in g.get("organisations", [])}
        gold_affs.discard("")
        for ga in gold_affs:
            a_total += 1
            hit = any(ga in raw for _, raw in rows)
            a_tp += hit
            if not hit:
                misses.append((pid, ga))
        links = {
            (norm(au["name"]), norm(a))
            for au in g["authors"]
            for a in au["affiliations"]
        }
        if not links:
            continue
        pred = {(n, r) for n, r in rows if n and r}
        l_gold += len(links)
        l_pred += len(pred)
        l_tp += sum(any(n == gn and ga in r for n, r in pred) for gn, ga in links)
    p = l_tp / l_pred if l_pred else 0.0
    r = l_tp / l_gold if l_gold else 0.0
    return {
        "affiliation_recall": a_tp / a_total if a_total else 0.0,
        "link_precision": p,
        "link_recall": r,
        "link_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "misses": misses,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path, help="folder with gold.jsonl and pdf/")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--only", help="score one paper_id and print what was parsed")
    args = ap.parse_args()
    gold = {}
    for line in (args.gold_dir / "gold.jsonl").open():
        record = json.loads(line)
        gold[record["file"].rsplit(".", 1)[0]] = record
    if args.only:
        gold = {args.only: gold[args.only]}
    paths = [str(args.gold_dir / "pdf" / g["file"]) for g in gold.values()]
    with ProcessPoolExecutor(args.workers) as pool:
        parsed = dict(pool.map(parse_one, paths, chunksize=8))
    result = score(gold, parsed)
    for key, value in result.items():
        if key != "misses":
            print(f"{key} {value:.4f}")
    for pid, miss in result["misses"][: args.show_misses]:
        print(f"MISS {pid}: {miss!r}", file=sys.stderr)
    if args.only:
        for row in parsed[args.only]:
            print(row)
        print(json.dumps(gold[args.only]["authors"], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
