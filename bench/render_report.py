#!/usr/bin/env python3
"""Render a paperscope report in headless Chromium and check that its charts are there.

    python bench/render_report.py report.html [--screenshot docs/report.png]

Chromium loads the file offline (file:// URL, network disabled), the rendered DOM is
dumped and checked for the three bar charts with at least one bar each (matplotlib
gives each bar an id="bar-..." group) and the editions' trend chart (with its
points when an edition has a year), and a screenshot is written. `make report-check`
installs Debian's chromium when it is missing and runs this on the sample corpus's
report.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

CHARTS = ("chart-collaborations", "chart-mentions", "chart-coverage")
TREND = "chart-trend"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("no chromium on PATH: run `make report-check` to install it")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--screenshot", type=Path)
    args = ap.parse_args()
    url = args.report.resolve().as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions"]
    flags += ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
    dom = subprocess.run(
        [chromium(), *flags, "--dump-dom", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    missing = []
    for chart in CHARTS:
        match = re.search(rf'<svg id="{chart}".*?</svg>', dom, re.S)
        if not match or 'id="bar-' not in match.group(0):
            missing.append(chart)
    trend = re.search(rf'<svg id="{TREND}".*?</svg>', dom, re.S)
    if not trend:
        missing.append(TREND)
    else:
        points = trend.group(0).count('id="point-')
        print(f"trend points: {points}")
    if args.screenshot:
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [chromium(), *flags, "--window-size=1280,1800", "--hide-scrollbars",
             f"--screenshot={args.screenshot.resolve()}", url],
            capture_output=True,
            check=True,
            timeout=120,
        )  # fmt: skip
        print(f"screenshot {args.screenshot}")
    print(f"charts rendered: {len(CHARTS) + 1 - len(missing)}/{len(CHARTS) + 1}")
    if missing:
        print(f"missing or empty: {', '.join(missing)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
