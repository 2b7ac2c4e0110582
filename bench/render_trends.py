#!/usr/bin/env python3
"""Render a report's trend chart in headless Chromium and check its lines and labels.

    python bench/render_trends.py report.html [--warehouse W.duckdb]
                                  [--screenshot docs/trends.png]

Chromium loads the report offline (file:// URL, network disabled) and the rendered
DOM is dumped. In its `chart-trend` SVG every venue must have exactly one plotted
line (a clipped matplotlib line2d whose stroke is the colour of that venue's labels)
with one marker per year, and every point a 'N of M' label inside the plot area (its
text's top below the axes' top edge, clear of the title). With --warehouse, the
labels must be the default view's `us_china_papers` and `papers` of each main-track
edition with a year in `marts.rpt_headline`, and every such edition must have one.
--screenshot renders the chart alone (the SVG taken from the rendered DOM) as a PNG.
bench/render_report.py checks the whole page; this one checks the trend chart.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-extensions",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]
POINT = re.compile(
    r'<g id="point-chart-trend-(?P<venue>.+?)-(?P<year>\d{4})">\s*'
    r"<text[^>]*font-size: (?P<size>[\d.]+)px[^>]*"
    r"fill: (?P<colour>#[0-9a-f]{6})[^>]*"
    r'y="(?P<y>[\d.]+)"[^>]*>(?P<label>[^<]*)</text>'
)
AXES = re.compile(r'<g id="patch_2">\s*<path d="(?P<d>[^"]*)"')
LINE = re.compile(r'<g id="line2d_\d+">(?P<body>.*?)</g>\s*</g>', re.S)
STROKE = re.compile(r'<path d="[^"]*" clip-path="[^"]*" style="[^"]*stroke: (#\w+)')


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("no chromium on PATH: apt-get install chromium")


def rendered_trend_chart(report: Path) -> str:
    dom = subprocess.run(
        [chromium(), *FLAGS, "--dump-dom", report.resolve().as_uri()],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    match = re.search(r'<svg id="chart-trend".*?</svg>', dom, re.S)
    if not match:
        raise SystemExit(f'{report}: no <svg id="chart-trend"> in the rendered DOM')
    return match.group(0)


def check(chart: str) -> tuple[dict[tuple[str, int], str], list[str]]:
    """The labels by (venue, year), and what is wrong with the chart."""
    points = {
        (m["venue"], int(m["year"])): (m["colour"], m["label"])
        for m in POINT.finditer(chart)
    }
    plot = chart.split('<g id="legend_1">')[0]  # legend handles are lines too
    lines = {}
    for match in LINE.finditer(plot):
        stroke = STROKE.search(match["body"])
        if stroke:  # a data line (tick marks are unclipped line2d groups)
            lines[stroke.group(1)] = match["body"].count("<use ")
    problems = []
    venues = sorted({venue for venue, _year in points})
    for venue in venues:
        colours = {c for (v, _y), (c, _l) in points.items() if v == venue}
        years = sum(1 for v, _y in points if v == venue)
        if len(colours) != 1 or next(iter(colours)) not in lines:
            problems.append(f"{venue}: no line in the colour of its labels")
        elif lines[next(iter(colours))] != years:
            problems.append(
                f"{venue}: {years} labels but a different number of markers"
            )
    if len(lines) != len(venues):
        problems.append(f"{len(lines)} plotted lines for {len(venues)} venues")
    for (venue, year), (_colour, label) in points.items():
        if not re.fullmatch(r"[\d,]+ of [\d,]+", label):
            problems.append(f"{venue} {year}: label {label!r} is not 'N of M'")
    axes = AXES.search(chart)
    top = min(float(y) for y in re.findall(r"[\d.]+ ([\d.]+)", axes["d"]))
    for match in POINT.finditer(chart):  # a label above the axes meets the title
        if float(match["y"]) - float(match["size"]) < top:
            problems.append(
                f"{match['venue']} {match['year']}: label {match['label']!r}"
                " reaches above the plot area, into the title's band"
            )
    for venue in venues:
        if f">{venue}</text>" not in chart.split('<g id="legend_1">')[-1]:
            problems.append(f"{venue}: not in the legend")
    return {key: label for key, (_colour, label) in points.items()}, problems


def expected_labels(warehouse: Path) -> dict[tuple[str, int], str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select editions.venue_name, editions.year,"
            " max(figure) filter (where metric = 'us_china_papers'),"
            " max(figure) filter (where metric = 'papers')"
            " from marts.rpt_headline as headline"
            " inner join marts.dim_editions as editions"
            " on headline.edition_id = editions.edition_id"
            " where headline.is_default_view and editions.year is not null"
            " and editions.track = 'main'"
            " group by editions.venue_name, editions.year"
        ).fetchall()
    return {
        (venue, year): f"{count:,.0f} of {total:,.0f}"
        for venue, year, count, total in rows
    }


def screenshot(chart: str, out: Path) -> None:
    width, height = (
        float(re.search(rf'{side}="([\d.]+)pt"', chart).group(1)) * 4 / 3
        for side in ("width", "height")
    )
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "trend.html"
        page.write_text(
            '<!doctype html><meta charset="utf-8">'
            "<body style='margin:0;background:#fff'>" + chart,
            encoding="utf-8",
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [chromium(), *FLAGS, "--hide-scrollbars", "--force-device-scale-factor=2",
             f"--window-size={round(width)},{round(height)}",
             f"--screenshot={out.resolve()}", page.as_uri()],
            capture_output=True,
            check=True,
            timeout=120,
        )  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--warehouse", type=Path, help="check the labels against it")
    ap.add_argument("--screenshot", type=Path)
    args = ap.parse_args()
    chart = rendered_trend_chart(args.report)
    labels, problems = check(chart)
    for (venue, year), label in sorted(labels.items()):
        print(f"point {venue} {year}: {label}")
    print(f"venues {len({venue for venue, _year in labels})}, points {len(labels)}")
    if args.warehouse:
        expected = expected_labels(args.warehouse)
        for key in sorted(expected.keys() | labels.keys()):
            if expected.get(key) != labels.get(key):
                problems.append(
                    f"{key}: chart {labels.get(key)}, warehouse {expected.get(key)}"
                )
        print(f"labels checked against {args.warehouse}: {len(expected)} editions")
    if args.screenshot:
        screenshot(chart, args.screenshot)
        print(
            f"screenshot {args.screenshot} ({args.screenshot.stat().st_size:,} bytes)"
        )
    for problem in problems:
        print(f"problem: {problem}")
    print(
        "trend chart ok" if not problems else f"trend chart: {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
