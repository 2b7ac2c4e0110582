"""Candidate seed rows for a warehouse's unresolved affiliation strings.

``suggest`` reads ``marts.rpt_unresolved_affiliations`` (most consequential first)
and, for each string, proposes candidates: the closest known aliases (rapidfuzz
``fuzz.ratio`` of the string and of each comma-separated part against the
normalized aliases, at least ``CUTOFF``) and the institution the string's email
domain belongs to. It writes a review CSV; nothing is written to the
seeds. An analyst fills ``decision`` and `paperscope seeds apply` adds the rows.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from ingest.warehouse.seeds.common import (
    ALIASES_FILE,
    DOMAINS_FILE,
    INSTITUTIONS_FILE,
    Row,
    SeedError,
    domain_owner,
    is_generic,
    normalize,
    read_csv,
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
    "new_country_basis",
    "new_institution_type",
    "new_parent_institution_id",
    "new_domain",
    "keep_alias",
]
# fuzz.ratio (0-100) of a string, or one of its comma-separated parts, against a
# normalized alias: "Stanfrod University" scores 95 against "stanford university",
# "Univ. of Torronto" 81 against "university of toronto". WRatio and
# token_set_ratio were tried and dropped: a long string shares "university of" or
# "computer science" with thousands of aliases, and those subsets score 85-100.
# Unrelated names can still pass ("Vienna University of Economics and Business"
# scores 91 against Athens'): a person decides each row.
CUTOFF = 80.0
CANDIDATE_LIMIT = 3
MIN_PART_LENGTH = 4
QUEUE_SQL = """
select affiliation_raw, count_papers, count_papers_flag_could_change, email_domains
from marts.rpt_unresolved_affiliations
where match_method = 'unresolved'
order by review_rank
limit ?
"""


@dataclass
class AliasIndex:
    """The seeds' aliases and domains, ready for candidate search."""

    keys: list[str]
    owners: dict[str, list[str]]
    domain_owners: dict[str, str]
    institutions: dict[str, Row]

    @classmethod
    def of(cls, seeds: Path) -> AliasIndex:
        owners: dict[str, list[str]] = defaultdict(list)
        for row in read_csv(seeds / ALIASES_FILE):
            key = normalize(row["alias"])
            if key and row["institution_id"] not in owners[key]:
                owners[key].append(row["institution_id"])
        domain_owners = {
            r["domain"]: r["institution_id"]
            for r in read_csv(seeds / DOMAINS_FILE)
            if r["institution_id"]
        }
        institutions = {
            r["institution_id"]: r for r in read_csv(seeds / INSTITUTIONS_FILE)
        }
        if not owners:
            raise SeedError(f"{seeds / ALIASES_FILE} has no aliases: --seeds DIR")
        return cls(sorted(owners), dict(owners), domain_owners, institutions)


def search_texts(text: str) -> list[str]:
    """The normalized string and its comma-separated parts, without generic or
    very short ones ("Dept. of CS, Tsinghua Univeristy" -> the whole, "dept of
    cs", "tsinghua univeristy")."""
    texts = []
    for part in [text, *text.split(",")]:
        key = normalize(part)
        if len(key) >= MIN_PART_LENGTH and not is_generic(key) and key not in texts:
            texts.append(key)
    return texts


def candidates_for(
    text: str, domains: Sequence[str], index: AliasIndex
) -> list[tuple[str, str]]:
    """(institution_id, reason) pairs, best first, each institution once: the
    closest aliases, then the owners of the email domains."""
    best: dict[str, tuple[float, str]] = {}
    for key in search_texts(text):
        matches = process.extract(
            key,
            index.keys,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=CUTOFF,
            limit=CANDIDATE_LIMIT,
        )
        for alias, score, _ in matches:
            for owner in index.owners[alias]:
                if owner not in best or score > best[owner][0]:
                    best[owner] = (score, alias)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
    found = [
        (owner, f"alias '{alias}' ratio {score:.0f}")
        for owner, (score, alias) in ranked[:CANDIDATE_LIMIT]
    ]
    for domain in domains:
        domain_institution = domain_owner(domain, index.domain_owners)
        if domain_institution and all(domain_institution != i for i, _ in found):
            found.append((domain_institution, f"email domain {domain}"))
    return found


def read_queue(warehouse: Path, top: int) -> list[tuple]:
    if not warehouse.exists():
        raise SeedError(f"{warehouse} does not exist: build it with `paperscope run`")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(QUEUE_SQL, [top]).fetchall()


def review_row(queued: tuple, index: AliasIndex) -> Row:
    text, papers, could_change, domains = queued
    found = candidates_for(text, (domains or "").split(", "), index)
    institution_id, reason = found[0] if found else ("", "")
    institution = index.institutions.get(institution_id, {})
    return {
        "affiliation_raw": text,
        "count_papers": str(papers),
        "count_papers_flag_could_change": str(could_change),
        "email_domains": domains or "",
        "candidate_institution_id": institution_id,
        "candidate_name": institution.get("institution_name", ""),
        "candidate_country_code": institution.get("country_code", ""),
        "candidate_reason": reason,
    }


def suggest(warehouse: Path, out: Path, top: int, seeds: Path) -> tuple[int, int]:
    """Write the review CSV; returns (strings written, strings with a candidate)."""
    index = AliasIndex.of(seeds)
    rows = [review_row(queued, index) for queued in read_queue(warehouse, top)]
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({f: row.get(f, "") for f in REVIEW_FIELDS} for row in rows)
    return len(rows), sum(1 for row in rows if row["candidate_institution_id"])
