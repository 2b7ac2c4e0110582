"""Open a built warehouse read-only, or say in one line why it cannot be opened.

Every command that reads a warehouse (report, diff, export, the headline of `run`,
`seeds suggest`) opens it here, so a missing file, a file that is not DuckDB, or a
warehouse that was never built all give the same clear message instead of a
traceback.
"""

from __future__ import annotations

from pathlib import Path

import duckdb


class WarehouseError(ValueError):
    """A warehouse path that cannot be read as a built paperscope warehouse."""


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the built warehouse at ``path``."""
    if not path.exists():
        raise WarehouseError(
            f"warehouse {path} does not exist; build it with 'paperscope build'"
            " or pass --warehouse"
        )
    if not path.is_file():
        raise WarehouseError(f"warehouse {path} is not a file")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise WarehouseError(
            f"warehouse {path} cannot be opened as DuckDB: {first_line}"
        ) from None
    (count_marts,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts'"
    ).fetchone()
    if not count_marts:
        con.close()
        raise WarehouseError(
            f"warehouse {path} has no marts: run 'paperscope build' on it first"
        )
    return con
