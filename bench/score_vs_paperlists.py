#!/usr/bin/env python3
"""Compare a warehouse built from paperlists metadata with Paper Copilot's countries.

    python bench/score_vs_paperlists.py WAREHOUSE.duckdb PAPERLISTS.json [--show N]

Paper Copilot's normalization (``aff_country_unique``) is a peer's opinion, not truth:
this prints how often the paper-level US and CN flags agree (HK/MO/TW folded into CN,
as Paper Copilot does), the share of author-affiliation occurrences that get a country
in the warehouse, and with ``--show`` a sample of the papers where the two disagree,
with both sides' strings, for a human to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import duckdb

FOLD = {"HK": "CN", "MO": "CN", "TW": "CN"}
NAMES = {
    "United States": "US",
    "China": "CN",
    "Hong Kong": "CN",
    "Taiwan": "CN",
    "Macau": "CN",
    "Macao": "CN",
}


def copilot_flags(record: dict) -> set[str]:
    countries = {c.strip() for c in (record.get("aff_country_unique") or "").split(";")}
    return {NAMES[c] for c in countries if c in NAMES}


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse")
    ap.add_argument("paperlists")
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    text = Path(args.paperlists).read_text(encoding="utf-8")
    records = {r["id"]: r for r in json.loads(text)}
    con = duckdb.connect(args.warehouse, read_only=True)
    ours: dict[str, set[str]] = {}
    for paper_id, code in con.execute(
        "select paper_id, country_code from marts.bdg_paper_countries_by_source"
        " where source = 'metadata'"
    ).fetchall():
        ours.setdefault(paper_id, set()).add(FOLD.get(code, code))
    placed, total = con.execute(
        "select count(*) filter (where has_country), count(*) from ("
        " select affiliation_id, bool_or(country_code is not null) as has_country"
        " from marts.fct_affiliations where source = 'metadata'"
        " and paper_id in (select unnest(?)) group by affiliation_id)",
        [list(records)],
    ).fetchone()
    counts = {flag: [0, 0, 0] for flag in ("US", "CN")}
    disagreements = []
    for paper_id, record in records.items():
        theirs, mine = copilot_flags(record), ours.get(paper_id, set()) & {"US", "CN"}
        for flag, tp_fp_fn in counts.items():
            tp_fp_fn[0] += flag in theirs and flag in mine
            tp_fp_fn[1] += flag in mine and flag not in theirs
            tp_fp_fn[2] += flag in theirs and flag not in mine
        if theirs != mine:
            disagreements.append((paper_id, sorted(theirs), sorted(mine)))
    print(f"papers {len(records)}")
    if not any(r.get("aff_country_unique") for r in records.values()):
        print("copilot_countries absent: no flag comparison for this file")
        disagreements, counts = [], {}
    print(f"occurrences_with_country {placed / total:.4f}  ({placed}/{total})")
    for flag, (tp, fp, fn) in counts.items():
        score = f1(tp, fp, fn)
        print(f"{flag.lower()}_flag_f1_vs_copilot {score:.4f}  (fp {fp}, fn {fn})")
    print(f"papers_with_flag_disagreement {len(disagreements)}")
    random.seed(0)
    for paper_id, theirs, mine in random.sample(
        disagreements, min(args.show, len(disagreements))
    ):
        record = records[paper_id]
        print(f"\n{paper_id}: copilot {theirs} ours {mine}")
        print(f"  aff:      {record.get('aff')}")
        norm, countries = (
            record.get("aff_unique_norm"),
            record.get("aff_country_unique"),
        )
        print(f"  copilot:  {norm} / {countries}")
        rows = con.execute(
            "select affiliation_raw, institution_id, country_code, match_method"
            " from marts.fct_affiliations where source = 'metadata' and paper_id = ?"
            " and coalesce(country_code, 'CN') in ('US', 'CN', 'HK', 'MO', 'TW')",
            [paper_id],
        ).fetchall()
        for row in rows:
            print(f"  ours:     {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
