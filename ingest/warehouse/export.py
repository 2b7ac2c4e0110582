"""Every mart as a Parquet file, for BI tools that prefer files to a DuckDB database."""

from __future__ import annotations

from pathlib import Path

from ingest.warehouse.connect import open_warehouse


def export_marts(warehouse: Path, out_dir: Path) -> list[Path]:
    """Write ``out_dir/<mart>.parquet`` for every table in the marts schema."""
    written = []
    with open_warehouse(warehouse) as con:
        out_dir.mkdir(parents=True, exist_ok=True)
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        for name in tables:
            target = out_dir / f"{name}.parquet"
            temp = out_dir / f".{name}.parquet.tmp"
            con.execute(
                f"copy marts.\"{name}\" to '{temp.as_posix()}' (format parquet)"
            )
            temp.replace(target)
            written.append(target)
    return written
