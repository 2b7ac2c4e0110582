#!/usr/bin/env python3
"""Leave one venue out: how well do the seeds place a venue they never learned from?

    python bench/leave_one_venue_out.py [VENUE ...] [--shared DIR] [--ref REV]
        [--no-full] [--keep DIR]

The generated seed rows (aliases learned from paperlists email domains) come from
the same dev paperlists files the scores are taken on, so scoring a venue with
seeds that saw it flatters them. For each venue (a paperlists file stem minus the
year: ``colm`` is colm2024 + colm2025; default colm aistats uai corl wacv):

1. the dbt project (dbt_project.yml, profiles.yml, models, macros, seeds,
   tests/dbt) is copied to a scratch dir: from the working tree, or with ``--ref``
   from a git revision (``git archive``, which touches neither index nor tree);
2. its seeds are regenerated without the venue:
   ``paperscope seeds bootstrap --shared DIR --seeds TMP/seeds --exclude VENUE``.
   When that command does not exist, the copied seeds are used unchanged and the
   table says ``seeds: as committed``: those numbers are NOT left-one-out;
3. the venue's paperlists files are loaded with ``paperscope ingest-metadata``;
4. ``dbt build`` runs on the copy (its target/ and logs/ stay in the scratch dir);
5. bench/score_vs_paperlists.py's functions score the build: occurrence coverage
   (all occurrences, and without strings the warehouse marks unplaceable), share of
   papers with at least one affiliation without a country, and US/CN paper-flag
   precision / recall / F1 against Paper Copilot's ``aff_country_unique`` (HK/MO/TW
   folded into CN on both sides; records where Paper Copilot names no country are
   not scored; venues with no countries at all, like ICML, get no flag scores).

Unless ``--no-full``, each venue is also built with the full seeds (bootstrap
without ``--exclude``, or the copied seeds when bootstrap is missing) for
comparison. Prints one markdown table. Targets: coverage >= 0.97 and US/CN F1
>= 0.97 per venue. Curated and review seed rows (people's decisions) are kept in
both runs: if a person added a row after reading a venue's strings, that leak
stays.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.score_vs_paperlists import (
    Coverage,
    FlagScore,
    coverage,
    our_flags,
    read_records,
    score_flags,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PAPERLISTS = Path("dev") / "paperlists"
VENUES = ("colm", "aistats", "uai", "corl", "wacv")
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds")
TARGET = 0.97


@dataclass
class Result:
    venue: str
    seeds: str  # "left out", "full", "as committed"
    files: list[str]
    papers: int
    cover: Coverage
    flags: dict[str, FlagScore]
    scored: int
    seconds: float


def _bin(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else name


def _run(command: list[str], env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-6000:] + result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(command)}")


def venue_files(shared: Path, venue: str) -> list[Path]:
    """paperlists files whose stem minus its trailing year is the venue."""
    return [
        path
        for path in sorted((shared / PAPERLISTS).glob("*.json"))
        if path.stem.rstrip("0123456789").lower() == venue.lower()
    ]


def copy_project(folder: Path, ref: str | None) -> Path:
    project = folder / "project"
    project.mkdir(parents=True)
    names = [*PROJECT_FILES, "tests/dbt"]
    if ref:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, *names],
            capture_output=True,
            check=True,
        )
        subprocess.run(
            ["tar", "-x", "-C", str(project)], input=archive.stdout, check=True
        )
        return project
    for name in names:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    return project


def has_bootstrap() -> bool:
    result = subprocess.run(
        [_bin("paperscope"), "seeds", "bootstrap", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and "--exclude" in result.stdout


def bootstrap(project: Path, shared: Path, exclude: list[str], env: dict) -> None:
    """Regenerate the copied seeds; a seed file the copied project did not have
    (places.csv, from a bootstrap newer than --ref) is removed again."""
    seeds = project / "seeds"
    before = {path.name for path in seeds.iterdir()}
    command = [_bin("paperscope"), "seeds", "bootstrap", "--shared", str(shared)]
    command += ["--seeds", str(seeds)]
    for venue in exclude:
        command += ["--exclude", venue]
    _run(command, env, project)
    for path in seeds.iterdir():
        if path.name not in before:
            path.unlink()


def build_and_score(
    venue: str,
    files: list[Path],
    folder: Path,
    args: argparse.Namespace,
    leave_out: bool,
    can_bootstrap: bool,
) -> Result:
    started = time.perf_counter()
    project = copy_project(folder, args.ref)
    env = dict(
        os.environ,
        DBT_TARGET_PATH=str(folder / "target"),
        DBT_LOG_PATH=str(folder / "logs"),
        PAPERSCOPE_RAW_DIR=str(folder / "raw"),
        PAPERSCOPE_WAREHOUSE=str(folder / "warehouse.duckdb"),
    )
    if can_bootstrap:
        bootstrap(project, args.shared, [venue] if leave_out else [], env)
        seeds = "left out" if leave_out else "full"
    else:
        seeds = "as committed"
    raw = folder / "raw"
    _run(
        [
            _bin("paperscope"),
            "ingest-metadata",
            *map(str, files),
            "--raw-dir",
            str(raw),
        ],
        env,
        project,
    )
    dbt = [_bin("dbt"), "build", "--project-dir", str(project)]
    _run([*dbt, "--profiles-dir", str(project), "--quiet"], env, project)
    records = read_records(files)
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as con:
        cover = coverage(con, records)
        flags, _, scored = score_flags(records, our_flags(con))
    return Result(
        venue,
        seeds,
        [path.stem for path in files],
        len(records),
        cover,
        flags,
        scored,
        time.perf_counter() - started,
    )


def _mark(value: float, target: float = TARGET) -> str:
    return f"{value:.3f}" + ("" if value >= target else " ✗")


def table(results: list[Result]) -> str:
    header = [
        "venue",
        "seeds",
        "papers",
        "occurrences",
        "coverage",
        "coverage excl. unplaceable",
        "papers ≥1 unresolved",
        "flag papers",
        "US P / R / F1",
        "CN P / R / F1",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        flags = []
        for flag in ("US", "CN"):
            score = r.flags[flag]
            flags.append(
                f"{score.precision:.3f} / {score.recall:.3f} / {_mark(score.f1)}"
                if r.scored
                else "n/a"
            )
        cells = [
            f"{r.venue} ({', '.join(r.files)})",
            r.seeds,
            str(r.papers),
            f"{r.cover.total} ({r.cover.unplaceable} unplaceable)",
            _mark(r.cover.share),
            _mark(r.cover.share_placeable),
            f"{r.cover.share_papers_unresolved:.3f}"
            f" ({r.cover.share_papers_unresolved_placeable:.3f} placeable)",
            str(r.scored),
            *flags,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("venues", nargs="*", default=list(VENUES))
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--ref", help="copy the dbt project from this git revision")
    ap.add_argument("--no-full", action="store_true", help="skip full-seed builds")
    ap.add_argument("--keep", type=Path, help="keep the scratch dirs here")
    args = ap.parse_args()
    args.shared = args.shared.resolve()
    if args.ref:  # pinned once: others may commit while the builds run
        args.ref = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--verify", args.ref],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        print(f"dbt project from commit {args.ref}", file=sys.stderr)
    can_bootstrap = has_bootstrap()
    if not can_bootstrap:
        print(
            "paperscope seeds bootstrap --exclude is not available: every build"
            " uses the seeds as committed (NOT left-one-out)",
            file=sys.stderr,
        )
    modes = [True] if can_bootstrap else [False]
    if can_bootstrap and not args.no_full:
        modes.append(False)
    results = []
    with tempfile.TemporaryDirectory(prefix="lovo-") as scratch:
        root = args.keep or Path(scratch)
        for venue in args.venues:
            files = venue_files(args.shared, venue)
            if not files:
                raise SystemExit(f"no paperlists files for venue {venue!r}")
            for leave_out in modes:
                name = f"{venue}-{'out' if leave_out else 'full'}"
                folder = root / name
                if folder.exists():
                    shutil.rmtree(folder)
                result = build_and_score(
                    venue, files, folder, args, leave_out, can_bootstrap
                )
                print(f"{name}: {result.seconds:.0f} s", file=sys.stderr)
                results.append(result)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
