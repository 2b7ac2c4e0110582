"""The checks `paperscope review apply` makes before a decision reaches the seed:
the same as the dbt data tests ``tests/dbt/review_decisions_*``, so that what
apply writes never fails them, but naming the worksheet row.

A decision's target is its paper, one author of it (``author_position``) or one
printed string (``affiliation_raw``, for one author or for all); the worksheet's
``scope`` column says which of its row's columns count (``affiliation``, the
default; ``author``; ``paper``). exclude_paper always names the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.warehouse.connect import open_warehouse
from ingest.warehouse.seeds.common import Row, read_csv

DECISIONS = (
    "confirm",
    "set_country",
    "set_institution",
    "not_an_affiliation",
    "exclude_paper",
)
CHANGES = ("set_country", "set_institution", "not_an_affiliation")
SCOPES = ("affiliation", "author", "paper")


class ReviewError(ValueError):
    """A worksheet or seed the review tools cannot use; the message names the row."""


@dataclass(frozen=True)
class Target:
    paper_id: str
    author_position: str = ""
    affiliation_raw: str = ""

    @property
    def is_paper_level(self) -> bool:
        return not self.author_position and not self.affiliation_raw


@dataclass(frozen=True)
class Decision:
    decision: str
    value: str
    origin: str  # "worksheet.csv row 7" or "review_decisions.csv row 3"


@dataclass
class WorksheetChecker:
    papers: set[str]
    affiliations: list[tuple[str, str, str, str]]  # paper, position, raw, id
    countries: set[str]
    institutions: set[str]
    worksheet: str
    decided: dict[Target, list[Decision]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, warehouse: Path, seed: Path, existing: list[Row], worksheet: str
    ) -> WorksheetChecker:
        with open_warehouse(warehouse) as con:
            rows = con.execute("select paper_id from marts.dim_papers").fetchall()
            papers = {paper_id for (paper_id,) in rows}
            affiliations = con.execute(
                "select distinct paper_id, coalesce(cast(author_position as varchar),"
                " ''), affiliation_raw, affiliation_id from marts.fct_affiliations"
            ).fetchall()
            countries = _codes(seed.parent / "countries.csv", "country_code", con)
            institutions = _codes(
                seed.parent / "institutions.csv", "institution_id", con
            )
        checker = cls(papers, affiliations, countries, institutions, worksheet)
        for number, row in enumerate(existing, start=2):
            target = Target(
                row["paper_id"], row["author_position"], row["affiliation_raw"]
            )
            if row["decision"] == "exclude_paper":
                checker.papers.add(row["paper_id"])
            origin = f"{seed.name} row {number}"
            checker._record(target, Decision(row["decision"], row["value"], origin))
        return checker

    def _fail(self, number: int, message: str) -> ReviewError:
        return ReviewError(f"{self.worksheet} row {number}: {message}")

    def check(self, number: int, row: Row) -> tuple[Target, Decision]:
        """The row's target and decision, or ReviewError naming the row."""
        decision = row["decision"].strip()
        if decision not in DECISIONS:
            raise self._fail(
                number,
                f"unknown decision {decision!r} (one of {', '.join(DECISIONS)})",
            )
        if not row.get("reviewer", "").strip():
            raise self._fail(number, "reviewer is empty; say who decided")
        target = self._target(number, row, decision)
        value = self._value(number, decision, row.get("value", "").strip())
        found = Decision(decision, value, f"{self.worksheet} row {number}")
        for earlier in self.decided.get(target, []):
            if earlier.decision == decision and earlier.value != value:
                raise self._fail(
                    number,
                    f"{decision} {value or '(empty)'} conflicts with {earlier.origin}"
                    f" ({decision} {earlier.value or '(empty)'})",
                )
        self._record(target, found)
        return target, found

    def _target(self, number: int, row: Row, decision: str) -> Target:
        paper_id = row["paper_id"].strip()
        if paper_id not in self.papers:
            raise self._fail(number, f"unknown paper_id {paper_id!r}")
        scope = row.get("scope", "").strip() or "affiliation"
        if scope not in SCOPES:
            raise self._fail(
                number, f"unknown scope {scope!r} (one of {', '.join(SCOPES)})"
            )
        if decision == "exclude_paper":
            scope = "paper"
        position = row.get("author_position", "").strip()
        if position and not position.isdigit():
            raise self._fail(number, f"author_position {position!r} is not a number")
        if scope == "paper":
            target = Target(paper_id)
        elif scope == "author":
            target = Target(paper_id, position)
        else:
            target = Target(paper_id, position, row.get("affiliation_raw", ""))
        if decision == "not_an_affiliation" and target.is_paper_level:
            raise self._fail(
                number, "not_an_affiliation needs an author or affiliation scope"
            )
        if not target.is_paper_level and not self._matched(target):
            raise self._fail(
                number,
                f"matches no affiliation of paper {paper_id} (author_position"
                f" {position or 'empty'}, affiliation_raw as exported)",
            )
        return target

    def _value(self, number: int, decision: str, value: str) -> str:
        if decision == "set_country":
            value = value.upper()
            if value not in self.countries:
                raise self._fail(number, f"unknown country code {value!r}")
        elif decision == "set_institution":
            if value not in self.institutions:
                raise self._fail(number, f"unknown institution_id {value!r}")
        elif value:
            raise self._fail(number, f"{decision} takes no value (got {value!r})")
        return value

    def _matched(self, target: Target) -> set[str]:
        return {
            affiliation_id
            for paper_id, position, raw, affiliation_id in self.affiliations
            if paper_id == target.paper_id
            and (not target.author_position or position == target.author_position)
            and (not target.affiliation_raw or raw == target.affiliation_raw)
        }

    def _record(self, target: Target, decision: Decision) -> None:
        self.decided.setdefault(target, []).append(decision)

    def check_conflicts(self) -> None:
        """Two changes of one affiliation, or exclude_paper beside anything else
        on its paper: ReviewError naming a worksheet row of the pair."""
        changes: dict[str, list[Decision]] = {}
        by_paper: dict[str, list[Decision]] = {}
        for target, decisions in self.decided.items():
            by_paper.setdefault(target.paper_id, []).extend(decisions)
            for decision in decisions:
                if decision.decision in CHANGES:
                    for affiliation_id in self._matched(target):
                        changes.setdefault(affiliation_id, []).append(decision)
        pairs = [_two_changes(d) for d in changes.values()]
        pairs += [_exclusion_and_more(d) for d in by_paper.values()]
        for pair in pairs:
            if pair:
                first, second = sorted(pair, key=self._worksheet_first)
                raise ReviewError(
                    f"{first.origin}: {_label(first)} conflicts with"
                    f" {second.origin} ({_label(second)})"
                )

    def _worksheet_first(self, decision: Decision) -> tuple[bool, str]:
        return (not decision.origin.startswith(self.worksheet), decision.origin)


def _distinct(decisions: list[Decision]) -> list[Decision]:
    return list({(d.decision, d.value): d for d in decisions}.values())


def _two_changes(decisions: list[Decision]) -> tuple[Decision, Decision] | None:
    """Two different changes of one affiliation, if any."""
    distinct = _distinct(decisions)
    return (distinct[0], distinct[1]) if len(distinct) > 1 else None


def _exclusion_and_more(
    decisions: list[Decision],
) -> tuple[Decision, Decision] | None:
    """exclude_paper and another decision on the same paper, if any."""
    distinct = _distinct(decisions)
    excluded = [d for d in distinct if d.decision == "exclude_paper"]
    others = [d for d in distinct if d.decision != "exclude_paper"]
    return (excluded[0], others[0]) if excluded and others else None


def _label(decision: Decision) -> str:
    return f"{decision.decision} {decision.value}".strip()


def _codes(path: Path, column: str, con) -> set[str]:
    """The keys of a seed: its CSV beside the review seed, else the built table."""
    if path.exists():
        return {row[column] for row in read_csv(path)}
    table = "countries" if column == "country_code" else "institutions"
    rows = con.execute(f"select {column} from seeds.{table}").fetchall()
    return {code for (code,) in rows}
