"""The report's charts, drawn with matplotlib and inlined as SVG.

matplotlib renders offline (the Agg/SVG backends, no display, no network) to SVG text
that is pasted into the page: no JavaScript, no external files. Text stays text
(``svg.fonttype = none``) so the page is searchable, and ``svg.hashsalt`` plus no
date make the same data give the same bytes. Every chart's root ``<svg>`` gets an
``id`` and ``class="chart"``; bars and trend points get ``id``s (``bar-…``,
``point-…``) that tests and readers can find. The URL-bearing RDF metadata is
dropped: the page names no external address.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

COLOURS = ("#3b6ea5", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6")
_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "paperscope",
    "font.family": "sans-serif",
    "font.size": 9,
}


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    share: float
    count: int
    total: int


def _svg(figure, chart_id: str, title: str) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(figure)
    text = out.getvalue()
    text = text[text.index("<svg") :]
    # the RDF metadata block names namespaces by URL; inline SVG in HTML needs
    # neither it nor the xlink declaration (HTML parsers know xlink:href)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return re.sub(
        r"^<svg",
        f'<svg id="{chart_id}" class="chart" role="img" aria-label="{label}"',
        text,
        count=1,
    )


def bar_chart(
    chart_id: str, title: str, bars: list[Bar], series: tuple[str, ...]
) -> str:
    """Horizontal bars (stacked when several series), each labelled with its total."""
    with plt.rc_context(_RC):
        height = 0.9 + 0.24 * max(len(bars), 1)
        figure, axes = plt.subplots(figsize=(7.5, height))
        labels = [bar.label for bar in bars][::-1]
        rows = bars[::-1]
        left = [0.0] * len(rows)
        for index, name in enumerate(series):
            values = [
                bar.values[index] if index < len(bar.values) else 0 for bar in rows
            ]
            drawn = axes.barh(
                labels,
                values,
                left=left,
                color=COLOURS[index % len(COLOURS)],
                label=name,
                height=0.7,
            )
            for number, patch in enumerate(drawn.patches):
                patch.set_gid(f"bar-{chart_id}-{len(rows) - 1 - number}-{index}")
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in enumerate(left):
            axes.text(total, y, f" {total:g}", va="center")
        if not bars:
            axes.text(0.5, 0.5, "(no data)", ha="center", transform=axes.transAxes)
        if len(series) > 1:
            axes.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
        axes.set_title(title, loc="left", fontweight="bold")
        axes.spines[["top", "right"]].set_visible(False)
        axes.margins(x=0.12)
        return _svg(figure, chart_id, title)


def trend_chart(chart_id: str, title: str, venues: dict[str, list[TrendPoint]]) -> str:
    """Share by year, one line per venue; each point labelled 'count of total'."""
    with plt.rc_context(_RC):
        figure, axes = plt.subplots(figsize=(7.5, 3.6))
        for index, (venue, points) in enumerate(sorted(venues.items())):
            points = sorted(points, key=lambda point: point.year)
            years = [point.year for point in points]
            shares = [100 * point.share for point in points]
            colour = COLOURS[index % len(COLOURS)]
            axes.plot(years, shares, marker="o", color=colour, label=venue)
            for point, share in zip(points, shares, strict=True):
                axes.annotate(
                    f"{point.count:,} of {point.total:,}",
                    (point.year, share),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    color=colour,
                    gid=f"point-{chart_id}-{venue}-{point.year}",
                )
        years = sorted({p.year for points in venues.values() for p in points})
        axes.set_xticks(years, [str(year) for year in years])
        if not years:
            axes.text(
                0.5,
                0.5,
                "(no editions with a year)",
                ha="center",
                transform=axes.transAxes,
            )
        axes.set_ylabel("share of papers (%)")
        # the axis starts at 0 (a share that starts higher overstates changes)
        # and ends a third above the highest point, so the point labels stay
        # under the title (bench/render_trends.py checks it)
        highest = max(
            (point.share for points in venues.values() for point in points),
            default=0.0,
        )
        axes.set_ylim(0, 100 * highest * 1.35 if highest > 0 else 1.0)
        axes.margins(x=0.15)
        if venues:
            axes.legend(frameon=False)
        axes.set_title(title, loc="left", fontweight="bold")
        axes.spines[["top", "right"]].set_visible(False)
        return _svg(figure, chart_id, title)
