"""What changed between two builds: headline figures, per-paper country sets, the
papers whose US-China flag changed or that left the build, and the review
decisions (seed review_decisions) behind them.

Typical use: copy the warehouse, edit a seed (or `paperscope review apply`),
rebuild, then ``paperscope diff OLD.duckdb NEW.duckdb``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.warehouse.connect import open_warehouse


@dataclass
class BuildDiff:
    headline: list[tuple[str, str, str, str, float | None, float | None]] = field(
        default_factory=list
    )
    gained: dict[str, set[str]] = field(default_factory=dict)
    lost: dict[str, set[str]] = field(default_factory=dict)
    flag_gained: set[str] = field(default_factory=set)
    flag_lost: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # review decisions in NEW and not in OLD, by paper
    decisions: dict[str, list[str]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"headline rows changed: {len(self.headline)}"]
        for metric, policy, scope, counting, old, new in self.headline:
            out.append(f"  {metric} [{policy}, {scope}, {counting}]: {old} -> {new}")
        papers = sorted(set(self.gained) | set(self.lost))
        out.append(f"papers whose countries changed: {len(papers)}")
        for paper_id in papers:
            change = [f"+{c}" for c in sorted(self.gained.get(paper_id, ()))]
            change += [f"-{c}" for c in sorted(self.lost.get(paper_id, ()))]
            out.append(f"  {paper_id}: {' '.join(change)}{self._why(paper_id)}")
        return out + self.review_lines()

    def _why(self, paper_id: str) -> str:
        decisions = self.decisions.get(paper_id)
        return f"  [review: {'; '.join(decisions)}]" if decisions else ""

    def review_lines(self) -> list[str]:
        """The flag changes and removed papers, each with its new decisions."""
        flagged = sorted(self.flag_gained | self.flag_lost)
        out = [f"papers whose US-China flag changed: {len(flagged)}"]
        for paper_id in flagged:
            sign = "+" if paper_id in self.flag_gained else "-"
            out.append(f"  {paper_id}: {sign}us_china{self._why(paper_id)}")
        if self.removed:
            out.append(f"papers no longer in the build: {len(self.removed)}")
            out.extend(f"  {p}{self._why(p)}" for p in sorted(self.removed))
        count = sum(len(d) for d in self.decisions.values())
        out.append(f"review decisions added: {count} on {len(self.decisions)} papers")
        out.extend(
            f"  {paper_id}: {'; '.join(self.decisions[paper_id])}"
            for paper_id in sorted(self.decisions)
        )
        return out


def _read(path: Path) -> tuple[dict[tuple, float], dict[str, set[str]]]:
    with open_warehouse(path) as con:
        columns = {
            name
            for (name,) in con.execute(
                "select column_name from information_schema.columns where"
                " table_schema = 'marts' and table_name = 'rpt_headline'"
            ).fetchall()
        }
        # all papers, broad basis: a build from before editions or bases has only those
        where = [
            condition
            for column, condition in (
                ("edition_id", "edition_id = 'all'"),
                ("evidence_basis", "evidence_basis in ('all', 'broad')"),
            )
            if column in columns
        ]
        headline = {
            (metric, policy, scope, counting): figure
            for metric, policy, scope, counting, figure in con.execute(
                "select metric, territory_policy, mention_scope, counting, figure"
                " from marts.rpt_headline"
                + (" where " + " and ".join(where) if where else "")
            ).fetchall()
        }
        countries: dict[str, set[str]] = {}
        for paper_id, code in con.execute(
            "select paper_id, country_code from marts.bdg_paper_countries"
        ).fetchall():
            countries.setdefault(paper_id, set()).add(code)
    return headline, countries


@dataclass
class _ReviewState:
    papers: set[str] = field(default_factory=set)
    us_china: set[str] = field(default_factory=set)
    decisions: set[tuple[str, str]] = field(default_factory=set)  # (paper, label)


def _read_review(path: Path) -> _ReviewState:
    """Papers, US-China papers and review decisions of a build; a build from
    before review decisions has none of the latter."""
    state = _ReviewState()
    with open_warehouse(path) as con:
        tables = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        state.papers = {
            p
            for (p,) in con.execute("select paper_id from marts.dim_papers").fetchall()
        }
        state.us_china = {
            p
            for (p,) in con.execute(
                "select distinct paper_id from marts.rpt_us_china_papers"
            ).fetchall()
        }
        if "seeds.review_decisions" in tables:
            state.decisions = {
                (paper_id, _decision_label(*rest))
                for paper_id, *rest in con.execute(
                    "select paper_id, decision, value, author_position,"
                    " affiliation_raw, reviewer from seeds.review_decisions"
                ).fetchall()
            }
    return state


def _decision_label(
    decision: str,
    value: str | None,
    author_position: int | None,
    affiliation_raw: str | None,
    reviewer: str | None,
) -> str:
    """'set_country DE, author 2, "Google" (alice)'."""
    parts = [f"{decision} {value}" if value else decision]
    if author_position is not None:
        parts.append(f"author {author_position}")
    if affiliation_raw:
        parts.append(f'"{affiliation_raw}"')
    return ", ".join(parts) + (f" ({reviewer})" if reviewer else "")


def _review_changes(result: BuildDiff, old: Path, new: Path) -> None:
    before, after = _read_review(old), _read_review(new)
    result.flag_gained = after.us_china - before.us_china
    result.flag_lost = before.us_china - after.us_china
    result.removed = before.papers - after.papers
    for paper_id, label in sorted(after.decisions - before.decisions):
        result.decisions.setdefault(paper_id, []).append(label)


def diff_builds(old: Path, new: Path) -> BuildDiff:
    old_headline, old_countries = _read(old)
    new_headline, new_countries = _read(new)
    result = BuildDiff()
    for key in sorted(set(old_headline) | set(new_headline)):
        before, after = old_headline.get(key), new_headline.get(key)
        if before != after:
            result.headline.append((*key, before, after))
    for paper_id in sorted(set(old_countries) | set(new_countries)):
        before = old_countries.get(paper_id, set())
        after = new_countries.get(paper_id, set())
        if after - before:
            result.gained[paper_id] = after - before
        if before - after:
            result.lost[paper_id] = before - after
    _review_changes(result, old, new)
    return result
