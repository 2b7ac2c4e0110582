"""The review loop: a worksheet of the papers behind a flag, and its decisions
merged into ``seeds/review_decisions.csv``.

``export_worksheet`` writes one row per paper and printed affiliation (from
``marts.fct_affiliations``) with its countries, rule (match_method), evidence and
page, papers whose flag could change first, and empty ``scope``, ``decision``,
``value``, ``reviewer`` and ``note`` columns. ``apply_worksheet`` checks every
filled row against the warehouse and the seeds (the checks of the dbt data tests
``review_decisions_*``: a known paper, country or institution, a decision that
matches an affiliation, no two that conflict), then adds the new rows to the
seed, sorted. A row already in the seed is left alone, so applying a worksheet
twice changes nothing. Errors name the worksheet row (the header is row 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.warehouse.connect import open_warehouse
from ingest.warehouse.review_checks import ReviewError, Target, WorksheetChecker
from ingest.warehouse.seeds.common import Row, read_csv, write_csv

SEED_FIELDS = [
    "paper_id",
    "author_position",
    "affiliation_raw",
    "decision",
    "value",
    "reviewer",
    "reviewed_at",
    "note",
]
WORKSHEET_FIELDS = [
    "review_rank",
    "review_reason",
    "paper_id",
    "edition_id",
    "title",
    "source",
    "author_position",
    "author_name",
    "affiliation_raw",
    "country_codes",
    "institution_ids",
    "match_methods",
    "evidence",
    "page",
    "reviewed",
    "scope",
    "decision",
    "value",
    "reviewer",
    "note",
]
FLAGS = ("us_china",)
# Evidence a flag can rest on and still be wrong: a tolerant match, a place
# name, an email domain, or a company placed at its headquarters.
WEAK_METHODS = ("fuzzy", "place", "email_domain", "ambiguous")


# -- export --------------------------------------------------------------------

_AFFILIATIONS_SQL = """
select
    affiliations.paper_id,
    papers.edition_id,
    papers.title,
    affiliations.source,
    affiliations.author_position,
    min(affiliations.author_name) as author_name,
    affiliations.affiliation_raw,
    string_agg(distinct affiliations.country_code, '|'
        order by affiliations.country_code) as country_codes,
    string_agg(distinct affiliations.institution_id, '|'
        order by affiliations.institution_id) as institution_ids,
    string_agg(distinct affiliations.match_method, '|'
        order by affiliations.match_method) as match_methods,
    string_agg(distinct affiliations.evidence, '; '
        order by affiliations.evidence) as evidence,
    min(affiliations.page) as page,
    bool_or(affiliations.match_method in ({weak})
        or affiliations.evidence_basis = 'headquarters') as is_weak,
    bool_or(affiliations.match_method = 'unresolved') as is_unresolved,
    string_agg(affiliations.candidate_countries, '|') as candidate_countries,
    min(affiliations.affiliation_position) as affiliation_position
from marts.fct_affiliations as affiliations
inner join marts.dim_papers as papers
    on affiliations.paper_id = papers.paper_id
where ? is null or papers.edition_id = ?
group by all
"""


@dataclass
class _Paper:
    paper_id: str
    rows: list[dict] = field(default_factory=list)
    is_flagged: bool = False

    def sides(self, strong_only: bool = False) -> set[str]:
        return {
            code
            for row in self.rows
            if not (strong_only and row["is_weak"])
            for code in (row["country_codes"] or "").split("|")
            if code in ("US", "CN")
        }

    def reason(self) -> tuple[int, str] | None:
        """(rank, why) when the paper belongs in the worksheet, else None."""
        if self.is_flagged:
            weak = {"US", "CN"} - self.sides(strong_only=True)
            if weak:
                return 1, "flag rests on weak evidence for " + "/".join(sorted(weak))
            return 4, "flag on exact or site evidence"
        sides = self.sides()
        if len(sides) != 1:
            return None
        (missing,) = {"US", "CN"} - sides
        if any(missing in (r["candidate_countries"] or "") for r in self.rows):
            return 2, f"could gain {missing}: an ambiguous match names it"
        if any(r["is_unresolved"] for r in self.rows):
            return 3, f"could gain {missing}: unresolved affiliation"
        return None


def export_worksheet(
    warehouse: Path,
    out: Path,
    flag: str = "us_china",
    edition: str | None = None,
    seed: Path | None = None,
) -> tuple[int, int]:
    """Write the worksheet for ``flag``; returns (papers, rows)."""
    if flag not in FLAGS:
        raise ReviewError(f"unknown flag {flag!r}; choose one of {', '.join(FLAGS)}")
    papers = _read_papers(warehouse, edition)
    reviewed = {row["paper_id"] for row in read_csv(seed)} if seed else set()
    listed = []
    for paper in papers.values():
        reason = paper.reason()
        if reason:
            listed.append((reason[0], paper.paper_id, reason[1], paper))
    listed.sort(key=lambda item: (item[0], item[1]))
    rows = []
    for rank, (_, paper_id, why, paper) in enumerate(listed, start=1):
        ordered = sorted(
            paper.rows,
            key=lambda r: (r["source"], r["author_position"] is None,
                           r["author_position"] or 0, r["affiliation_position"] or 0),
        )  # fmt: skip
        for row in ordered:
            cells = {name: row.get(name) for name in WORKSHEET_FIELDS}
            cells.update(
                review_rank=rank,
                review_reason=why,
                reviewed="yes" if paper_id in reviewed else "",
            )
            rows.append({k: "" if v is None else str(v) for k, v in cells.items()})
    _write_rows(out, WORKSHEET_FIELDS, rows)
    return len(listed), len(rows)


def _read_papers(warehouse: Path, edition: str | None) -> dict[str, _Paper]:
    weak = ", ".join(f"'{method}'" for method in WEAK_METHODS)
    with open_warehouse(warehouse) as con:
        result = con.execute(_AFFILIATIONS_SQL.format(weak=weak), [edition, edition])
        names = [column[0] for column in result.description]
        records = [
            dict(zip(names, values, strict=True)) for values in result.fetchall()
        ]
        flagged = {
            paper_id
            for (paper_id,) in con.execute(
                "select distinct paper_id from marts.rpt_us_china_papers"
            ).fetchall()
        }
    papers: dict[str, _Paper] = {}
    for record in records:
        paper = papers.setdefault(record["paper_id"], _Paper(record["paper_id"]))
        paper.rows.append(record)
        paper.is_flagged = record["paper_id"] in flagged
    return papers


def _write_rows(path: Path, fields: list[str], rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    with temp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    temp.replace(path)


# -- apply ---------------------------------------------------------------------


@dataclass
class ApplySummary:
    added: int = 0
    already: int = 0
    seed: Path | None = None

    def lines(self) -> list[str]:
        line = f"decisions added {self.added}, already in the seed {self.already}"
        if self.added:
            line += f"; wrote {self.seed}; rebuild with 'paperscope build'"
        return [line]


def seed_key(row: Row) -> tuple:
    position = row.get("author_position", "")
    return (
        row["paper_id"],
        position != "",
        int(position) if position.isdigit() else 0,
        row.get("affiliation_raw", ""),
        row["decision"],
    )


def apply_worksheet(worksheet: Path, seed: Path, warehouse: Path) -> ApplySummary:
    """Validate the filled rows of ``worksheet`` and merge them into ``seed``."""
    filled = _filled_rows(worksheet)
    existing = read_csv(seed)
    missing = set(SEED_FIELDS) - set(existing[0]) if existing else set()
    if missing:
        raise ReviewError(f"{seed}: missing columns {', '.join(sorted(missing))}")
    checker = WorksheetChecker.load(warehouse, seed, existing, worksheet.name)
    summary = ApplySummary(seed=seed)
    known = {seed_key(row): row for row in existing}
    added: list[Row] = []
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    for number, row in filled:
        target, decision = checker.check(number, row)
        new = {
            "paper_id": target.paper_id,
            "author_position": target.author_position,
            "affiliation_raw": target.affiliation_raw,
            "decision": decision.decision,
            "value": decision.value,
            "reviewer": row.get("reviewer", "").strip(),
            "reviewed_at": (row.get("reviewed_at") or "").strip() or now,
            "note": " ".join((row.get("note") or "").split()),
        }
        if seed_key(new) in known:
            summary.already += 1
            continue
        known[seed_key(new)] = new
        added.append(new)
    checker.check_conflicts()
    if added:
        write_csv(seed, SEED_FIELDS, [*existing, *added], seed_key)
    summary.added = len(added)
    return summary


def _filled_rows(worksheet: Path) -> Iterable[tuple[int, Row]]:
    """(row number, row) for every row with a decision; the header is row 1."""
    with worksheet.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or ())
        for needed in ("paper_id", "decision"):
            if needed not in fields:
                raise ReviewError(f"{worksheet.name}: no {needed} column")
        rows = [
            (number, {k: (v or "") for k, v in row.items() if k is not None})
            for number, row in enumerate(reader, start=2)
        ]
    return [(number, row) for number, row in rows if row["decision"].strip()]


# -- coverage ------------------------------------------------------------------


def review_coverage_table(warehouse: Path) -> str:
    """marts.rpt_review_coverage as text lines, all first; empty when the build
    has no such mart (a warehouse from before review decisions)."""
    with open_warehouse(warehouse) as con:
        has_mart = con.execute(
            "select count(*) from information_schema.tables where table_schema ="
            " 'marts' and table_name = 'rpt_review_coverage'"
        ).fetchone()
        if not has_mart or not has_mart[0]:
            return ""
        rows = con.execute(
            "select edition_id, count_reviewed_us_china_papers,"
            " count_us_china_papers, count_decisions, count_flags_changed"
            " from marts.rpt_review_coverage order by edition_id != 'all', edition_id"
        ).fetchall()
    lines = ["review coverage (US-China papers reviewed, decisions, flags changed)"]
    width = max((len(row[0]) for row in rows), default=3)
    for edition, reviewed, flagged, decisions, changed in rows:
        lines.append(
            f"  {edition.ljust(width)}  {reviewed}/{flagged} reviewed,"
            f" {decisions} decisions, {changed} flags changed"
        )
    return "\n".join(lines)


__all__ = [
    "ApplySummary",
    "ReviewError",
    "Target",
    "apply_worksheet",
    "export_worksheet",
    "review_coverage_table",
]
