#!/usr/bin/env python3
"""Compare a warehouse built from paperlists metadata with Paper Copilot's countries.

    python bench/score_vs_paperlists.py WAREHOUSE.duckdb PAPERLISTS.json... [--show N]

Paper Copilot's normalization (``aff_country_unique``) is a peer's opinion, not truth:
this prints how often the paper-level US and CN flags agree (HK/MO/TW folded into CN,
as Paper Copilot does), the share of author-affiliation occurrences that get a country
in the warehouse, and with ``--show`` a sample of the papers where the two disagree,
with both sides' strings, for a human to judge.

- Flags are scored only on records where Paper Copilot names at least one country:
  an empty ``aff_country_unique`` (all of ICML and EMNLP, a third of AISTATS 2023/24)
  is no opinion, not "no country".
- Occurrence coverage counts each (paper, author, affiliation string) once, as
  placed when any of its fct_affiliations rows has a country. Empty strings never
  become rows (ingest drops empty ``+`` parts). It is given twice: over all
  occurrences, and without the strings the warehouse marks as naming no place
  (``rpt_unresolved_affiliations.is_known_unplaceable``: "Independent Researcher").

bench/leave_one_venue_out.py reuses the functions here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

FLAGS = ("US", "CN")
FOLD = {"HK": "CN", "MO": "CN", "TW": "CN"}
NAMES = {
    "United States": "US",
    "China": "CN",
    "Hong Kong": "CN",
    "Taiwan": "CN",
    "Macau": "CN",
    "Macao": "CN",
}


def read_records(paths: Iterable[Path]) -> dict[str, dict]:
    """Every record of the paperlists files, by id."""
    records: dict[str, dict] = {}
    for path in paths:
        for record in json.loads(Path(path).read_text(encoding="utf-8")):
            records[str(record.get("id") or "").strip()] = record
    records.pop("", None)
    return records


def copilot_countries(record: dict) -> set[str]:
    return {c.strip() for c in (record.get("aff_country_unique") or "").split(";")} - {
        ""
    }


def copilot_flags(record: dict) -> set[str]:
    return {NAMES[c] for c in copilot_countries(record) if c in NAMES}


@dataclass
class FlagScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def our_flags(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """US/CN flags per paper from the metadata side, HK/MO/TW folded into CN."""
    ours: dict[str, set[str]] = {}
    for paper_id, code in con.execute(
        "select paper_id, country_code from marts.bdg_paper_countries_by_source"
        " where source = 'metadata'"
    ).fetchall():
        ours.setdefault(paper_id, set()).add(FOLD.get(code, code))
    return {paper_id: codes & set(FLAGS) for paper_id, codes in ours.items()}


def score_flags(
    records: dict[str, dict], ours: dict[str, set[str]]
) -> tuple[dict[str, FlagScore], list[tuple[str, list[str], list[str]]], int]:
    """Per-flag scores over the records where Paper Copilot names a country, the
    disagreeing papers (id, theirs, ours) and how many records were scored."""
    scores = {flag: FlagScore() for flag in FLAGS}
    disagreements = []
    scored = 0
    for paper_id, record in records.items():
        if not copilot_countries(record):
            continue
        scored += 1
        theirs, mine = copilot_flags(record), ours.get(paper_id, set())
        for flag, score in scores.items():
            score.tp += flag in theirs and flag in mine
            score.fp += flag in mine and flag not in theirs
            score.fn += flag in theirs and flag not in mine
        if theirs != mine:
            disagreements.append((paper_id, sorted(theirs), sorted(mine)))
    return scores, disagreements, scored


@dataclass
class Coverage:
    placed: int
    total: int
    unplaceable: int  # occurrences of strings marked as naming no place
    papers: int  # papers with at least one affiliation occurrence
    papers_unresolved: int  # ... of which one or more has no country
    papers_unresolved_placeable: int  # ... not counting unplaceable strings

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 0.0

    @property
    def share_placeable(self) -> float:
        total = self.total - self.unplaceable
        return self.placed / total if total else 0.0

    @property
    def share_papers_unresolved(self) -> float:
        return self.papers_unresolved / self.papers if self.papers else 0.0

    @property
    def share_papers_unresolved_placeable(self) -> float:
        return self.papers_unresolved_placeable / self.papers if self.papers else 0.0


def coverage(con: duckdb.DuckDBPyConnection, paper_ids: Iterable[str]) -> Coverage:
    """Occurrence coverage and papers with an unresolved affiliation, over the
    metadata affiliations of these papers."""
    row = con.execute(
        """
        with occurrences as (
            select
                fct.affiliation_id,
                fct.paper_id,
                bool_or(fct.country_code is not null) as has_country,
                bool_or(coalesce(rpt.is_known_unplaceable, false))
                    as is_unplaceable
            from marts.fct_affiliations as fct
            left join marts.rpt_unresolved_affiliations as rpt
                on fct.affiliation_raw = rpt.affiliation_raw
            where fct.source = 'metadata'
                and fct.paper_id in (select unnest(?))
            group by fct.affiliation_id, fct.paper_id
        ),
        papers as (
            select
                paper_id,
                bool_or(not has_country) as has_unresolved,
                bool_or(not has_country and not is_unplaceable)
                    as has_unresolved_placeable
            from occurrences
            group by paper_id
        )
        select
            (select count(*) filter (where has_country) from occurrences),
            (select count(*) from occurrences),
            (select count(*) filter (where is_unplaceable and not has_country)
                from occurrences),
            (select count(*) from papers),
            (select count(*) filter (where has_unresolved) from papers),
            (select count(*) filter (where has_unresolved_placeable) from papers)
        """,
        [list(paper_ids)],
    ).fetchone()
    assert row is not None
    return Coverage(*row)


def show_disagreements(
    con: duckdb.DuckDBPyConnection,
    records: dict[str, dict],
    disagreements: list[tuple[str, list[str], list[str]]],
    count: int,
) -> None:
    random.seed(0)
    for paper_id, theirs, mine in random.sample(
        disagreements, min(count, len(disagreements))
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse")
    ap.add_argument("paperlists", nargs="+", type=Path)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    records = read_records(args.paperlists)
    con = duckdb.connect(args.warehouse, read_only=True)
    cover = coverage(con, records)
    print(f"papers {len(records)}")
    print(
        f"occurrences_with_country {cover.share:.4f}  ({cover.placed}/{cover.total});"
        f" without {cover.unplaceable} unplaceable {cover.share_placeable:.4f}"
    )
    print(
        f"papers_with_unresolved {cover.share_papers_unresolved:.4f}"
        f"  ({cover.papers_unresolved}/{cover.papers})"
    )
    scores, disagreements, scored = score_flags(records, our_flags(con))
    if not scored:
        print("copilot_countries absent: no flag comparison for this file")
        return 0
    print(f"papers_scored_for_flags {scored} (Paper Copilot names a country)")
    for flag, score in scores.items():
        print(
            f"{flag.lower()}_flag_vs_copilot p {score.precision:.4f}"
            f" r {score.recall:.4f} f1 {score.f1:.4f}  (fp {score.fp}, fn {score.fn})"
        )
    print(f"papers_with_flag_disagreement {len(disagreements)}")
    show_disagreements(con, records, disagreements, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
