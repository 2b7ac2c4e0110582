"""One self-contained HTML report from a built warehouse: tables and inline SVG charts.

No JavaScript and no external files: the page opens offline and in any browser. Every
figure comes from a mart (rpt_headline, fct_country_collaborations, fct_paper_mentions,
int_paper_countries_reported via bdg_paper_countries, fct_affiliations,
rpt_us_china_papers, rpt_unresolved_affiliations), read-only.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.warehouse.connect import open_warehouse

_BAR_COLOURS = ("#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#f79646")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def bar_chart(
    chart_id: str, title: str, bars: list[Bar], series: tuple[str, ...]
) -> str:
    """Horizontal (stacked when several series) bars as an inline SVG."""
    row, left, width = 22, 260, 420
    height = 40 + row * max(len(bars), 1) + 20
    total = max((sum(b.values) for b in bars), default=0) or 1
    parts = [
        f'<svg id="{_e(chart_id)}" class="chart" role="img" aria-label="{_e(title)}"'
        f' width="{left + width + 80}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">',
        f'<text x="0" y="16" font-weight="bold">{_e(title)}</text>',
    ]
    for index, name in enumerate(series if len(series) > 1 else ()):
        colour = _BAR_COLOURS[index % len(_BAR_COLOURS)]
        parts.append(
            f'<rect x="{left + index * 160}" y="24" width="10" height="10"'
            f' fill="{colour}"/><text x="{left + index * 160 + 14}" y="33">'
            f"{_e(name)}</text>"
        )
    for number, bar in enumerate(bars):
        y = 40 + number * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">'
            f"{_e(bar.label)}</text>"
        )
        x = float(left)
        for index, value in enumerate(bar.values):
            span = width * value / total
            colour = _BAR_COLOURS[index % len(_BAR_COLOURS)]
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{span:.1f}" height="16"'
                f' fill="{colour}"><title>{_e(bar.label)}: {value:g}</title></rect>'
            )
            x += span
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{sum(bar.values):g}</text>')
    if not bars:
        parts.append('<text x="0" y="56">(no data)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _table(columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4f}"


@dataclass(frozen=True)
class _ReportData:
    """Everything the report shows, read from the marts."""

    policy: str
    scope: str
    counting: str
    headline: list[tuple]
    pairs: list[Bar]
    mentions: list[Bar]
    coverage: list[Bar]
    us_china: list[tuple]
    unresolved: list[tuple]


_Rows = Callable[[str], list[tuple]]


def build_report(warehouse: Path) -> str:
    """The report's HTML for the warehouse at ``warehouse``."""
    with open_warehouse(warehouse) as con:

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        data = _read(rows)
    return _page(_sections(warehouse, data))


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
        headline=_headline(rows),
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


def _headline(rows: _Rows) -> list[tuple]:
    return [
        (metric, p, s, c, _figure(figure), definition)
        for metric, p, s, c, figure, definition in rows(
            "select metric, territory_policy, mention_scope, counting, figure,"
            " definition from marts.rpt_headline where is_default_view"
            " and edition_id = 'all' order by sort_order, metric"
        )
    ]


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
            ["metric", "policy", "scope", "counting", "figure", "definition"],
            data.headline,
        ),
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


def write_report(warehouse: Path, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_suffix(out.suffix + ".tmp")
    temp.write_text(build_report(warehouse), encoding="utf-8")
    temp.replace(out)
    return out
