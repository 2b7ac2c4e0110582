#!/usr/bin/env python3
"""Render a paperscope report in headless Chromium and check its charts and crops.

    python bench/render_report.py report.html [--screenshot docs/report.png]
        [--evidence-screenshot docs/evidence.png] [--warehouse W.duckdb]

Chromium loads the file offline (file:// URL, network disabled), the rendered DOM is
dumped and checked for the three bar charts with at least one bar each (matplotlib
gives each bar an id="bar-..." group) and the editions' trend chart (with its
points when an edition has a year), and a screenshot is written.

The evidence section is checked on a copy of the report with a probe script added
(the report itself has none): after the page's load event the probe writes, for
each listed PDF paper (div.evidence), how many crops it has and how many loaded
(complete, naturalWidth > 0), into the DOM that Chromium dumps. Every listed paper
must have at least one crop and every crop must have loaded; with --warehouse the
listed papers must also be exactly the PDF papers of marts.rpt_us_china_papers.
--evidence-screenshot renders the evidence section alone. `make report-check`
installs Debian's chromium when it is missing and runs this on the sample corpus's
report.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHARTS = ("chart-collaborations", "chart-mentions", "chart-coverage")
TREND = "chart-trend"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions"]
FLAGS += ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
PROBE = """<script>
addEventListener("load", () => {
  const lines = [...document.querySelectorAll("div.evidence")].map((paper) => {
    const crops = [...paper.querySelectorAll("img.crop")];
    const loaded = crops.filter((img) => img.complete && img.naturalWidth > 0);
    return [paper.dataset.paperId, crops.length, loaded.length].join("\\t");
  });
  const out = document.createElement("pre");
  out.id = "crop-probe";
  out.textContent = lines.join("\\n");
  document.body.append(out);
});
</script>"""
ONLY_EVIDENCE = """<script>
addEventListener("DOMContentLoaded", () => {
  const section = document.getElementById("evidence");
  if (section) document.body.replaceChildren(section);
});
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("no chromium on PATH: run `make report-check` to install it")


def render(args: list[str], url: str) -> str:
    return subprocess.run(
        [chromium(), *FLAGS, *args, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def with_script(report: Path, script: str, folder: Path) -> str:
    """The URL of a copy of ``report`` with ``script`` before </body>."""
    text = report.read_text(encoding="utf-8")
    copy = folder / report.name
    copy.write_text(text.replace("</body>", script + "</body>", 1), encoding="utf-8")
    return copy.resolve().as_uri()


def check_charts(dom: str) -> list[str]:
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
    print(f"charts rendered: {len(CHARTS) + 1 - len(missing)}/{len(CHARTS) + 1}")
    return missing


def listed_pdf_papers(warehouse: Path) -> set[str]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            paper_id
            for (paper_id,) in con.execute(
                "select distinct papers.paper_id from marts.rpt_us_china_papers"
                " as listed inner join marts.dim_papers as papers"
                " on listed.paper_id = papers.paper_id where papers.has_pdf"
            ).fetchall()
        }


def check_crops(dom: str, warehouse: Path | None) -> list[str]:
    """Problems with the evidence section of the probed DOM (empty when none)."""
    section = re.search(r'<section id="evidence" data-listed-pdf-papers="(\d+)"', dom)
    probe = re.search(r'<pre id="crop-probe">(.*?)</pre>', dom, re.S)
    if not section or not probe:
        return ["no evidence section" if not section else "the probe did not run"]
    rows = [line.split("\t") for line in probe.group(1).splitlines() if line]
    papers = {html.unescape(paper_id): (int(n), int(ok)) for paper_id, n, ok in rows}
    problems = [
        f"{paper_id}: {ok} of {n} crops loaded" if n else f"{paper_id}: no crop"
        for paper_id, (n, ok) in sorted(papers.items())
        if not n or ok < n
    ]
    if len(papers) != int(section.group(1)):
        problems.append(f"{len(papers)} papers shown, {section.group(1)} listed")
    if warehouse is not None:
        expected = listed_pdf_papers(warehouse)
        problems += [f"{p}: listed, not shown" for p in sorted(expected - set(papers))]
        problems += [f"{p}: shown, not listed" for p in sorted(set(papers) - expected)]
    crops = sum(n for n, _ in papers.values())
    loaded = sum(ok for _, ok in papers.values())
    with_crop = sum(1 for n, ok in papers.values() if n and ok == n)
    print(f"listed PDF papers with every crop loaded: {with_crop}/{len(papers)}")
    print(f"crops loaded (naturalWidth > 0): {loaded}/{crops}")
    return problems


def screenshot(url: str, path: Path, height: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [chromium(), *FLAGS, f"--window-size=1280,{height}", "--hide-scrollbars",
         f"--screenshot={path.resolve()}", url],
        capture_output=True,
        check=True,
        timeout=300,
    )  # fmt: skip
    print(f"screenshot {path} ({path.stat().st_size} bytes)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--evidence-screenshot", type=Path)
    ap.add_argument("--warehouse", type=Path, help="cross-check the listed papers")
    args = ap.parse_args()
    url = args.report.resolve().as_uri()
    missing = check_charts(render(["--dump-dom"], url))
    with tempfile.TemporaryDirectory() as folder:
        probed = with_script(args.report, PROBE, Path(folder))
        problems = check_crops(render(["--dump-dom"], probed), args.warehouse)
        if args.evidence_screenshot:
            alone = with_script(args.report, ONLY_EVIDENCE, Path(folder))
            screenshot(alone, args.evidence_screenshot, 1000)
    if args.screenshot:
        screenshot(url, args.screenshot, 1800)
    if missing:
        print(f"missing or empty: {', '.join(missing)}")
    for problem in problems:
        print(f"evidence: {problem}")
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
