#!/usr/bin/env python3
"""Score the string-to-country step on hand-labelled affiliation strings.

    python bench/score_strings.py [--labels CSV] [--real GOLD.jsonl | --no-real]
        [--warehouse WAREHOUSE.duckdb] [--show-wrong N] [--keep DIR]

Each labelled string becomes one paperlists record (one author, the string as
``aff``), the records are loaded with ``paperscope ingest-metadata`` into a scratch
raw dir and built as ``paperscope build`` builds (``dbt_build``, of the dbt project
this script belongs to) into a scratch warehouse (or, with
``--warehouse``, an existing build of the same file is read). The countries of a
string are those of every ``marts.fct_affiliations`` row of its record (ingest cuts
``+``-joined parts into several rows), with HK, MO and TW kept apart as the labels
keep them. A string is

- correct: at least one country given, and every country given is in its label;
- wrong: some country given is not in its label (an empty label and any country is
  wrong);
- unresolved: no country given (shown apart: how many of these have an empty label,
  i.e. the labeller found no country either, and the share correct if they counted).

Two sets are scored apart: ``dev/affiliation_strings/labels.csv`` (500 strings) and
the printed organisations of ``dev/real/gold.jsonl`` (country ``null`` = empty
label). Targets: correct >= 0.95 and wrong <= 0.01 on each.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "dev"
LABELS = DATA / "affiliation_strings" / "labels.csv"
REAL = DATA / "real" / "gold.jsonl"
TARGET_CORRECT = 0.95
TARGET_WRONG = 0.01


@dataclass
class LabelledString:
    record_id: str
    affiliation: str
    countries: frozenset[str]


@dataclass
class Score:
    name: str
    wrong: list[tuple[LabelledString, set[str]]] = field(default_factory=list)
    unresolved: list[LabelledString] = field(default_factory=list)
    correct: int = 0

    @property
    def n(self) -> int:
        return self.correct + len(self.wrong) + len(self.unresolved)

    @property
    def abstained(self) -> int:
        """Unresolved strings whose label is empty too: no country given where the
        labeller found none. Counted as unresolved, not correct; shown apart."""
        return sum(1 for item in self.unresolved if not item.countries)

    def line(self) -> str:
        n = max(self.n, 1)
        return (
            f"{self.name:<8} n={self.n:<4} correct={self.correct} "
            f"({self.correct / n:.3f})  wrong={len(self.wrong)} "
            f"({len(self.wrong) / n:.3f})  unresolved={len(self.unresolved)} "
            f"({len(self.unresolved) / n:.3f}; of them {self.abstained} with an "
            f"empty label, correct {(self.correct + self.abstained) / n:.3f} if "
            "counted)"
        )

    def meets_targets(self) -> bool:
        n = max(self.n, 1)
        return (
            self.correct / n >= TARGET_CORRECT and len(self.wrong) / n <= TARGET_WRONG
        )


def read_labels(path: Path) -> list[LabelledString]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        LabelledString(
            f"labels-{number:04d}",
            row["affiliation"],
            frozenset(c.strip() for c in row["countries"].split("|") if c.strip()),
        )
        for number, row in enumerate(rows, start=1)
    ]


def read_real(path: Path) -> list[LabelledString]:
    """Distinct printed organisations; a string labelled twice keeps every country."""
    countries: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        for organisation in json.loads(line).get("organisations") or []:
            affiliation = (organisation.get("affiliation") or "").strip()
            if not affiliation:
                continue
            found = countries.setdefault(affiliation, set())
            if organisation.get("country"):
                found.add(organisation["country"])
    return [
        LabelledString(f"real-{number:04d}", affiliation, frozenset(codes))
        for number, (affiliation, codes) in enumerate(sorted(countries.items()), 1)
    ]


def paperlists_records(strings: list[LabelledString]) -> list[dict]:
    """One record per string. ';' would cut the string into two authors' fields."""
    return [
        {
            "id": item.record_id,
            "title": f"Scored string {item.record_id}",
            "author": "Scored Author",
            "aff": item.affiliation.replace(";", ","),
            "aff_domain": "",
        }
        for item in strings
    ]


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(command)}")


def build(records: list[dict], folder: Path) -> Path:
    """ingest-metadata + the build `paperscope build` runs, of the dbt project this
    script belongs to, into folder; dbt's target/ and logs stay there too."""
    metadata = folder / "scored_strings.json"
    metadata.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    raw, warehouse = folder / "raw", folder / "scored.duckdb"
    env = dict(
        os.environ,
        DBT_TARGET_PATH=str(folder / "target"),
        DBT_LOG_PATH=str(folder / "logs"),
    )
    paperscope = Path(sys.executable).with_name("paperscope")
    command = str(paperscope) if paperscope.exists() else "paperscope"
    run([command, "ingest-metadata", str(metadata), "--raw-dir", str(raw)], env)
    log = folder / "build.log"
    with log.open("w", encoding="utf-8") as out:
        built = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path;"
                " from ingest.warehouse.build import dbt_build;"
                " sys.exit(0 if dbt_build(*map(Path, sys.argv[1:4])) else 1)",
                str(REPO),
                str(raw),
                str(warehouse),
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if built.returncode != 0:
        sys.stderr.write(log.read_text(encoding="utf-8")[-4000:])
        raise SystemExit(f"dbt build failed; see {log}")
    return warehouse


def given_countries(warehouse: Path) -> tuple[dict[str, set[str]], dict[str, list]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select paper_id, country_code, match_method, evidence, affiliation_raw"
        " from marts.fct_affiliations where source = 'metadata'"
    ).fetchall()
    con.close()
    countries: dict[str, set[str]] = {}
    details: dict[str, list] = {}
    for paper_id, country, method, evidence, affiliation in rows:
        found = countries.setdefault(paper_id, set())
        if country:
            found.add(country)
        details.setdefault(paper_id, []).append(
            (affiliation, country, method, evidence)
        )
    return countries, details


def score(
    name: str, strings: list[LabelledString], given: dict[str, set[str]]
) -> Score:
    result = Score(name)
    for item in strings:
        ours = given.get(item.record_id, set())
        if not ours:
            result.unresolved.append(item)
        elif ours <= item.countries:
            result.correct += 1
        else:
            result.wrong.append((item, ours))
    return result


def show(result: Score, details: dict[str, list], limit: int) -> None:
    print(f"\n{result.name}: wrong ({len(result.wrong)})")
    for item, ours in result.wrong[:limit]:
        label = "|".join(sorted(item.countries)) or "-"
        print(f"  {item.affiliation!r}: label {label}, given {'|'.join(sorted(ours))}")
        for _, country, method, evidence in details.get(item.record_id, []):
            print(f"      {method} {country or '-'} [{evidence or ''}]")
    print(f"{result.name}: unresolved ({len(result.unresolved)})")
    for item in result.unresolved[:limit]:
        label = "|".join(sorted(item.countries)) or "-"
        methods = sorted(
            {f"{m} [{e or ''}]" for _, _, m, e in details.get(item.record_id, [])}
        )
        print(f"  {item.affiliation!r}: label {label}; {', '.join(methods)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--real", type=Path, default=REAL)
    ap.add_argument("--no-real", action="store_true", help="score labels.csv only")
    ap.add_argument(
        "--warehouse",
        type=Path,
        help="read this build of the same strings instead of building (see --keep)",
    )
    ap.add_argument("--keep", type=Path, help="build here and keep raw and warehouse")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="N")
    args = ap.parse_args()
    sets = {"labels": read_labels(args.labels)}
    if not args.no_real and args.real.exists():
        sets["real"] = read_real(args.real)
    strings = [item for items in sets.values() for item in items]
    if args.warehouse:
        warehouse = args.warehouse
        given, details = given_countries(warehouse)
    else:
        with tempfile.TemporaryDirectory(prefix="score_strings_") as scratch:
            folder = args.keep or Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            warehouse = build(paperlists_records(strings), folder)
            given, details = given_countries(warehouse)
    results = [score(name, items, given) for name, items in sets.items()]
    for result in results:
        print(result.line())
    if args.show_wrong:
        for result in results:
            show(result, details, args.show_wrong)
    return 0 if all(r.meets_targets() for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
