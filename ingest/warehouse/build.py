"""Run the dbt project and read its headline, for the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ingest.warehouse.connect import open_warehouse


class RawDirError(ValueError):
    """A raw dir that dbt could not read: missing, unreadable or never ingested."""


def check_raw_dir(raw_dir: Path) -> None:
    """Raise RawDirError, naming the path, unless raw_dir holds ingested tables."""
    if not raw_dir.exists():
        raise RawDirError(
            f"raw dir {raw_dir} does not exist; run 'paperscope ingest' or"
            " 'paperscope ingest-metadata' first, or pass --raw-dir"
        )
    if not raw_dir.is_dir():
        raise RawDirError(f"raw dir {raw_dir} is not a folder")
    if not os.access(raw_dir, os.R_OK | os.X_OK):
        raise RawDirError(f"raw dir {raw_dir} is not readable")
    if not (raw_dir / "papers").is_dir():
        raise RawDirError(
            f"raw dir {raw_dir} has no raw tables (no papers/ folder); run"
            " 'paperscope ingest' first"
        )


def dbt_build(
    project_dir: Path,
    raw_dir: Path,
    warehouse: Path,
    target: str = "dev",
    extra_args: tuple[str, ...] = (),
) -> bool:
    """`dbt build` with the raw dir and warehouse passed through env vars.

    target "dev" builds the DuckDB file `warehouse`; target "spark" builds with
    PySpark in the dbt process, with tables and metastore under the folder
    `warehouse` (profiles.yml, docs/scale-out.md). dbt runs in a child process, so
    its connection is closed when it returns.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["PAPERSCOPE_RAW_DIR"] = str(raw_dir.resolve())
    if target == "spark":
        env["PAPERSCOPE_SPARK_DIR"] = str(warehouse.resolve())
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    else:
        env["PAPERSCOPE_WAREHOUSE"] = str(warehouse.resolve())
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt) if dbt.exists() else "dbt",
        "build",
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target",
        target,
        *extra_args,
    ]
    return (
        subprocess.run(command, env=env, cwd=project_dir, check=False).returncode == 0
    )


def headline_table(warehouse: Path) -> str:
    """The headline mart's default view (dbt vars) as an aligned text table: one row
    per figure, one column per edition (all first, then by venue, year and track),
    each cell the figure and its bounds ("312 (low 298, high 341)")."""
    with open_warehouse(warehouse) as con:
        editions = [
            row[0]
            for row in con.execute(
                "select edition_id from marts.dim_editions"
                " order by venue, year nulls last, track, edition_id"
            ).fetchall()
        ]
        figures = con.execute(
            "select metric, territory_policy, mention_scope, counting,"
            " evidence_basis, edition_id, figure, figure_low, figure_high"
            " from marts.rpt_headline where is_default_view"
            " order by sort_order, metric"
        ).fetchall()
    columns = ["metric", "territory_policy", "mention_scope", "counting"]
    columns += ["evidence_basis", "all"]
    columns += [e for e in editions if e != "all"]
    by_row: dict[tuple, dict[str, str]] = {}
    for *key, edition, figure, low, high in figures:
        by_row.setdefault(tuple(key), {})[edition] = figure_with_bounds(
            figure, low, high
        )
    rows = [
        [*key, *(cells.get(edition, "") for edition in columns[5:])]
        for key, cells in by_row.items()
    ]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows
    )
    return "\n".join(line.rstrip() for line in lines)


def figure_with_bounds(figure: object, low: object, high: object) -> str:
    """ "312 (low 298, high 341)", or "312" when both bounds print as the figure."""
    shown, shown_low, shown_high = _fmt(figure), _fmt(low), _fmt(high)
    if shown_low == shown_high == shown:
        return shown
    return f"{shown} (low {shown_low}, high {shown_high})"


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.4f}"
    return str(value)
