"""One self-contained HTML report from a built warehouse: tables and inline SVG charts.

No JavaScript and no external files: the page opens offline and in any browser. The
charts are drawn by matplotlib (ingest/warehouse/charts.py) as inline SVG. Every
figure comes from a mart (rpt_headline, fct_country_collaborations, fct_paper_mentions,
int_paper_countries_reported via bdg_paper_countries, fct_affiliations,
rpt_edition_trends, dim_editions,
rpt_us_china_papers, rpt_unresolved_affiliations), read-only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.warehouse.build import figure_with_bounds
from ingest.warehouse.charts import Bar, TrendPoint, bar_chart, trend_chart
from ingest.warehouse.connect import open_warehouse
from ingest.warehouse.evidence import Crops, evidence_section, read_evidence


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_BOUNDS_NOTE = (
    "<p><b>Bounds.</b> A figure shown as <i>312 (low 298, high 341)</i> could still"
    " move that far if the unresolved and ambiguous affiliations were resolved: high"
    " lets each such affiliation of a paper take the country that helps (any country"
    " if unresolved, only its candidates' countries if ambiguous; a US-China paper"
    " missing both countries needs two of them), low lets each take another country."
    " With whole counting low is the figure, as an open affiliation can add a country"
    " but never remove one. <b>Basis.</b> <i>broad</i>: a bare company name counts"
    ' in its headquarters country ("Microsoft" is US). <i>strict</i>: a country'
    " counts only through site evidence (a site institution such as Microsoft"
    " Research Asia, a printed address, an email domain, a review decision), and a"
    " headquarters-only affiliation is open. <code>rpt_headline</code> holds both"
    " (dbt var <code>evidence_basis</code> picks the view).</p>"
)


@dataclass(frozen=True)
class _ReportData:
    """Everything the report shows, read from the marts."""

    policy: str
    scope: str
    counting: str
    editions: list[str]
    headline: list[tuple]
    trends: dict[str, list[TrendPoint]]
    pairs: list[Bar]
    mentions: list[Bar]
    coverage: list[Bar]
    us_china: list[tuple]
    unresolved: list[tuple]


_Rows = Callable[[str], list[tuple]]


def build_report(warehouse: Path, crops: Crops | None = None) -> str:
    """The report's HTML for the warehouse at ``warehouse``; with ``crops`` the
    evidence section shows the listed papers' pages (ingest/warehouse/evidence.py)."""
    with open_warehouse(warehouse) as con:

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        data = _read(rows)
        papers = read_evidence(rows, data.policy)
    evidence = evidence_section(papers, crops)
    return _page([*_sections(warehouse, data), evidence])


def _read(rows: _Rows) -> _ReportData:
    view = rows(
        "select any_value(territory_policy)"
        " filter (where territory_policy != 'all'),"
        " any_value(mention_scope) filter (where mention_scope != 'all'),"
        " any_value(counting) from marts.rpt_headline where is_default_view"
        " and edition_id = 'all'"
    )[0]
    policy, scope, counting = (v or "-" for v in view)
    return _ReportData(
        policy=policy,
        scope=scope,
        counting=counting,
        editions=_editions(rows),
        headline=_headline(rows),
        trends=_trends(rows),
        pairs=_pairs(rows, policy),
        mentions=_mentions(rows, scope),
        coverage=_coverage(rows),
        us_china=rows(
            "select paper_id, title, reporting_country_code, author_name,"
            " affiliation_raw, institution_name, match_method, evidence"
            " from marts.rpt_us_china_papers order by paper_id, reporting_country_code,"
            " author_position"
        ),
        unresolved=rows(
            "select review_rank, affiliation_raw, match_method, count_papers,"
            " count_papers_flag_could_change, email_domains"
            " from marts.rpt_unresolved_affiliations order by review_rank limit 30"
        ),
    )


def _editions(rows: _Rows) -> list[str]:
    """all, then every edition by venue, year and track."""
    return ["all"] + [
        edition
        for (edition,) in rows(
            "select edition_id from marts.dim_editions"
            " order by venue, year nulls last, track, edition_id"
        )
    ]


def _headline(rows: _Rows) -> list[tuple]:
    """The default view: one row per figure, one column per edition."""
    table: dict[tuple, dict[str, str]] = {}
    for metric, p, s, c, b, definition, edition, figure, low, high in rows(
        "select metric, territory_policy, mention_scope, counting, evidence_basis,"
        " definition, edition_id, figure, figure_low, figure_high"
        " from marts.rpt_headline where is_default_view order by sort_order, metric"
    ):
        cell = figure_with_bounds(figure, low, high)
        table.setdefault((metric, p, s, c, b, definition), {})[edition] = cell
    editions = _editions(rows)
    return [
        (*key[:5], *(cells.get(edition, "") for edition in editions), key[5])
        for key, cells in table.items()
    ]


def _trends(rows: _Rows) -> dict[str, list[TrendPoint]]:
    """US-China share by year per venue (default territory policy), with counts."""
    venues: dict[str, list[TrendPoint]] = {}
    for venue, year, share, count, total in rows(
        "select share.venue_name, share.year, share.figure, papers.figure,"
        " total.figure from marts.rpt_edition_trends as share"
        " inner join marts.rpt_edition_trends as papers"
        " on share.edition_id = papers.edition_id"
        " and papers.metric = 'us_china_papers'"
        " and papers.territory_policy = share.territory_policy"
        " and papers.evidence_basis = share.evidence_basis"
        " inner join marts.rpt_edition_trends as total"
        " on share.edition_id = total.edition_id and total.metric = 'papers'"
        " where share.metric = 'us_china_share_of_papers' and share.is_default_view"
        " and share.year is not null and share.track = 'main'"
        " order by 1, 2"
    ):
        point = TrendPoint(int(year), float(share or 0), int(count), int(total))
        venues.setdefault(venue, []).append(point)
    return venues


def _pairs(rows: _Rows, policy: str) -> list[Bar]:
    return [
        Bar(f"{a}-{b}", (float(n),))
        for a, b, n in rows(
            "select country_code_a, country_code_b, sum(count_papers) as papers"
            " from marts.fct_country_collaborations"
            f" where policy_id = '{policy}' group by 1, 2"
            " order by papers desc, 1, 2 limit 15"
        )
    ]


def _mentions(rows: _Rows, scope: str) -> list[Bar]:
    return [
        Bar(term, (float(us), float(cn), float(other)))
        for term, us, cn, other in rows(
            "with scoped as (select distinct m.paper_id, m.term_id"
            " from marts.fct_paper_mentions m join seeds.mention_scopes s"
            f" on m.section = s.section and s.scope_id = '{scope}'),"
            " countries as (select paper_id, bool_or(country_code = 'US') as us,"
            " bool_or(country_code in ('CN', 'HK', 'MO', 'TW')) as cn"
            " from marts.bdg_paper_countries group by paper_id)"
            " select scoped.term_id,"
            " count(*) filter (where countries.us),"
            " count(*) filter (where countries.cn),"
            " count(*) filter (where not coalesce(countries.us or countries.cn,"
            " false))"
            " from scoped left join countries using (paper_id)"
            " group by 1 order by 1"
        )
    ]


def _coverage(rows: _Rows) -> list[Bar]:
    return [
        Bar(method, (float(n),))
        for method, n in rows(
            "select match_method, count(*) from marts.fct_affiliations"
            " group by 1 order by 2 desc"
        )
    ]


def _sections(warehouse: Path, data: _ReportData) -> list[str]:
    policy, scope, counting = data.policy, data.scope, data.counting
    return [
        "<h1>paperscope report</h1>",
        f"<p>Warehouse <code>{_e(warehouse)}</code>. Territory policy <b>{_e(policy)}"
        f"</b>, mention scope <b>{_e(scope)}</b>, counting <b>{_e(counting)}</b> "
        "(dbt vars; <code>rpt_headline</code> holds every other combination).</p>",
        "<h2>Headline</h2>",
        _table(
            [
                *("metric", "policy", "scope", "counting", "basis"),
                *data.editions,
                "definition",
            ],
            data.headline,
        ),
        _BOUNDS_NOTE,
        "<h2>Editions</h2>",
        trend_chart(
            "chart-trend",
            f"US-China papers, share by year ({policy})",
            data.trends,
        ),
        "<p>One line per venue (main track); each point is labelled with its US-China"
        " papers of all the edition's papers. <code>rpt_edition_trends</code> holds"
        " every figure beside the previous edition.</p>",
        "<h2>Collaborations</h2>",
        bar_chart(
            "chart-collaborations",
            f"Papers per country pair (top 15, {policy})",
            data.pairs,
            ("papers",),
        ),
        "<h2>Mentions by author country</h2>",
        bar_chart(
            "chart-mentions",
            f"Papers mentioning each term ({scope}) by author country",
            data.mentions,
            ("with US authors", "with Chinese authors", "neither"),
        ),
        "<p>A paper with US and Chinese authors counts in both bars.</p>",
        "<h2>Coverage</h2>",
        bar_chart(
            "chart-coverage",
            "Affiliation matches by rule (unresolved and ambiguous need review)",
            data.coverage,
            ("affiliations",),
        ),
        f"<h2>US-China papers to review ({len({r[0] for r in data.us_china})})</h2>",
        _table(
            [
                "paper",
                "title",
                "as",
                "author",
                "printed affiliation",
                "institution",
                "rule",
                "evidence",
            ],
            data.us_china,
        ),
        "<h2>Top unresolved strings</h2>",
        _table(
            ["rank", "string", "status", "papers", "could flip US/CN", "email domains"],
            data.unresolved,
        ),
    ]


def _page(sections: list[str]) -> str:
    style = (
        "body{font-family:sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse;font-size:13px;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;"
        "vertical-align:top}"
        "th{background:#f0f0f0}.chart{display:block;margin:1em 0}"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>paperscope report</title><style>{style}</style></head><body>"
        + "\n".join(sections)
        + "</body></html>\n"
    )


def write_report(warehouse: Path, out: Path, crops: Crops | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_suffix(out.suffix + ".tmp")
    temp.write_text(build_report(warehouse, crops), encoding="utf-8")
    temp.replace(out)
    return out
