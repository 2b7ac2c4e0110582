"""What changed between two builds: headline figures and per-paper country sets.

Typical use: copy the warehouse, edit a seed, rebuild, then
``paperscope diff OLD.duckdb NEW.duckdb``.
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

    def lines(self) -> list[str]:
        out = [f"headline rows changed: {len(self.headline)}"]
        for metric, policy, scope, counting, old, new in self.headline:
            out.append(f"  {metric} [{policy}, {scope}, {counting}]: {old} -> {new}")
        papers = sorted(set(self.gained) | set(self.lost))
        out.append(f"papers whose countries changed: {len(papers)}")
        for paper_id in papers:
            change = [f"+{c}" for c in sorted(self.gained.get(paper_id, ()))]
            change += [f"-{c}" for c in sorted(self.lost.get(paper_id, ()))]
            out.append(f"  {paper_id}: {' '.join(change)}")
        return out


def _read(path: Path) -> tuple[dict[tuple, float], dict[str, set[str]]]:
    with open_warehouse(path) as con:
        has_editions = con.execute(
            "select count(*) from information_schema.columns where table_schema ="
            " 'marts' and table_name = 'rpt_headline' and column_name = 'edition_id'"
        ).fetchone()[0]
        headline = {  # all papers: a build from before editions has only those
            (metric, policy, scope, counting): figure
            for metric, policy, scope, counting, figure in con.execute(
                "select metric, territory_policy, mention_scope, counting, figure"
                " from marts.rpt_headline"
                + (" where edition_id = 'all'" if has_editions else "")
            ).fetchall()
        }
        countries: dict[str, set[str]] = {}
        for paper_id, code in con.execute(
            "select paper_id, country_code from marts.bdg_paper_countries"
        ).fetchall():
            countries.setdefault(paper_id, set()).add(code)
    return headline, countries


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
    return result
