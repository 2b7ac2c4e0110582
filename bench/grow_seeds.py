#!/usr/bin/env python3
"""Grow the seeds from a warehouse's review queue, with a human deciding each row.

    python bench/grow_seeds.py suggest WAREHOUSE.duckdb --out review.csv [--top 50]
    (edit review.csv: fill `decision`, and for new institutions the new_* columns)
    python bench/grow_seeds.py apply review.csv [--seeds seeds]

`suggest` reads `marts.rpt_unresolved_affiliations` (most consequential first) and,
for each string, proposes candidates: the closest known aliases (difflib ratio on
normalized text, blocked on shared words so it stays fast) and the institution that
the string's email domain belongs to. Nothing is written to the seeds.

`apply` reads the decisions:
- `accept`: the string becomes an alias of candidate_institution_id;
- `new`: a new institution (new_institution_id, new_institution_name,
  new_country_code, new_institution_type, optional new_parent_institution_id and
  new_domain) with the string and new_institution_name as aliases;
- anything else (`skip`, empty): nothing.
Rows are added with `source = review`, the CSVs are rewritten sorted, and existing
rows are never changed. Run `dbt build` afterwards: the seed tests check the result
(a new alias that another institution already uses fails until both rows are marked
`is_ambiguous`).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

from bench.bootstrap_seeds import (
    ALIAS_FIELDS,
    DOMAIN_FIELDS,
    GENERIC_WORDS,
    INSTITUTION_FIELDS,
    domain_owner,
    match_rule,
    normalize,
    read_csv,
    slug,
    write_csv,
)

REVIEW_FIELDS = [
    "affiliation_raw",
    "count_papers",
    "count_papers_flag_could_change",
    "email_domains",
    "candidate_institution_id",
    "candidate_name",
    "candidate_country_code",
    "candidate_reason",
    "decision",
    "new_institution_id",
    "new_institution_name",
    "new_country_code",
    "new_institution_type",
    "new_parent_institution_id",
    "new_domain",
]
CUTOFF = 0.82


def _alias_index(seeds: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    aliases = {
        normalize(r["alias"]): r["institution_id"]
        for r in read_csv(seeds / "institution_aliases.csv")
    }
    by_word: dict[str, set[str]] = defaultdict(set)
    for alias in aliases:
        for word in set(alias.split()) - GENERIC_WORDS:
            by_word[word].add(alias)
    return aliases, by_word


def candidates_for(
    text: str,
    domains: list[str],
    aliases: dict[str, str],
    by_word: dict[str, set[str]],
    domain_owners: dict[str, str],
) -> list[tuple[str, str]]:
    """(institution_id, reason) pairs, best first."""
    found: list[tuple[str, str]] = []
    key = normalize(text)
    pool: set[str] = set()
    for word in set(key.split()) - GENERIC_WORDS:
        pool |= by_word.get(word, set())
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, alias).ratio(), alias) for alias in pool),
        reverse=True,
    )
    for score, alias in scored[:3]:
        if score >= CUTOFF:
            found.append((aliases[alias], f"alias '{alias}' ratio {score:.2f}"))
    for domain in domains:
        owner = domain_owner(domain, domain_owners)
        if owner:
            found.append((owner, f"email domain {domain}"))
    seen: set[str] = set()
    return [(i, r) for i, r in found if not (i in seen or seen.add(i))]


def suggest(warehouse: Path, out: Path, top: int, seeds: Path) -> int:
    aliases, by_word = _alias_index(seeds)
    institutions = {
        r["institution_id"]: r for r in read_csv(seeds / "institutions.csv")
    }
    domain_owners = {
        r["domain"]: r["institution_id"]
        for r in read_csv(seeds / "email_domains.csv")
        if r["institution_id"]
    }
    with duckdb.connect(str(warehouse), read_only=True) as con:
        queue = con.execute(
            "select affiliation_raw, count_papers, count_papers_flag_could_change,"
            " email_domains from marts.rpt_unresolved_affiliations"
            " where match_method = 'unresolved' order by review_rank limit ?",
            [top],
        ).fetchall()
    rows = []
    for text, papers, could_change, domains in queue:
        found = candidates_for(
            text, (domains or "").split(", "), aliases, by_word, domain_owners
        )
        first = found[0] if found else ("", "")
        institution = institutions.get(first[0], {})
        rows.append(
            {
                "affiliation_raw": text,
                "count_papers": papers,
                "count_papers_flag_could_change": could_change,
                "email_domains": domains or "",
                "candidate_institution_id": first[0],
                "candidate_name": institution.get("institution_name", ""),
                "candidate_country_code": institution.get("country_code", ""),
                "candidate_reason": first[1],
            }
        )
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with_candidate = sum(1 for r in rows if r["candidate_institution_id"])
    print(f"wrote {len(rows)} strings ({with_candidate} with a candidate) to {out}")
    return 0


def apply(review: Path, seeds: Path) -> int:
    institutions = read_csv(seeds / "institutions.csv")
    aliases = read_csv(seeds / "institution_aliases.csv")
    domains = read_csv(seeds / "email_domains.csv")
    known_ids = {r["institution_id"] for r in institutions}
    known_aliases = {(normalize(r["alias"]), r["institution_id"]) for r in aliases}
    known_domains = {r["domain"] for r in domains}
    added = {"institutions": 0, "aliases": 0, "domains": 0}

    def add_alias(text: str, institution_id: str) -> None:
        key = (normalize(text), institution_id)
        if key[0] and key not in known_aliases:
            known_aliases.add(key)
            aliases.append(
                {
                    "alias": text,
                    "institution_id": institution_id,
                    "match_rule": match_rule(text),
                    "is_ambiguous": "false",
                    "source": "review",
                }
            )
            added["aliases"] += 1

    for row in read_csv(review):
        decision = row.get("decision", "").strip().lower()
        text = row["affiliation_raw"].strip()
        if decision == "accept" and row["candidate_institution_id"] in known_ids:
            add_alias(text, row["candidate_institution_id"])
        elif decision == "new":
            name = row["new_institution_name"].strip() or text
            institution_id = row["new_institution_id"].strip() or slug(name)
            if institution_id not in known_ids:
                known_ids.add(institution_id)
                institutions.append(
                    {
                        "institution_id": institution_id,
                        "institution_name": name,
                        "country_code": row["new_country_code"].strip().upper(),
                        "institution_type": row["new_institution_type"].strip()
                        or "other",
                        "parent_institution_id": row.get(
                            "new_parent_institution_id", ""
                        ).strip(),
                        "source": "review",
                    }
                )
                added["institutions"] += 1
            add_alias(name, institution_id)
            add_alias(text, institution_id)
            domain = row.get("new_domain", "").strip().lower()
            if domain and domain not in known_domains:
                known_domains.add(domain)
                domains.append(
                    {
                        "domain": domain,
                        "institution_id": institution_id,
                        "country_code": row["new_country_code"].strip().upper(),
                        "source": "review",
                    }
                )
                added["domains"] += 1
    write_csv(
        seeds / "institutions.csv",
        INSTITUTION_FIELDS,
        institutions,
        key=lambda r: r["institution_id"],
    )
    write_csv(
        seeds / "institution_aliases.csv",
        ALIAS_FIELDS,
        aliases,
        key=lambda r: (normalize(r["alias"]), r["institution_id"]),
    )
    write_csv(
        seeds / "email_domains.csv",
        DOMAIN_FIELDS,
        domains,
        key=lambda r: (r["domain"], r["institution_id"]),
    )
    print(", ".join(f"{k} added {v}" for k, v in added.items()))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("suggest")
    s.add_argument("warehouse", type=Path)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--top", type=int, default=50)
    s.add_argument("--seeds", type=Path, default=Path("seeds"))
    a = sub.add_parser("apply")
    a.add_argument("review", type=Path)
    a.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = ap.parse_args()
    if args.command == "suggest":
        return suggest(args.warehouse, args.out, args.top, args.seeds)
    return apply(args.review, args.seeds)


if __name__ == "__main__":
    sys.exit(main())
