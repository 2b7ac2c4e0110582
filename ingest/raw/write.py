"""Atomic, idempotent Parquet writes into ``<raw-dir>/<table>/*.parquet``.

A batch of papers is written as one file per table, all named by the batch's content
hash. The files are first written into ``<raw-dir>/_staging/<batch>/`` (each under a
``.partial`` name until complete) and a ``COMMIT`` marker is written last; only then
are they moved into the table folders. On start-up ``recover()`` finishes committed
batches and deletes uncommitted ones, so a run killed at any moment leaves either the
whole batch or nothing, and no partial file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.raw.records import SCHEMAS

log = logging.getLogger(__name__)

STAGING = "_staging"
COMMIT = "COMMIT"


def table_dir(raw_dir: Path, table: str) -> Path:
    return raw_dir / table


def recover(raw_dir: Path, staging_name: str = STAGING) -> None:
    """Finish committed batches, drop uncommitted ones (left by a killed run).
    Each shard of a sharded run has its own staging folder and recovers only it."""
    staging = raw_dir / staging_name
    if not staging.exists():
        return
    for batch in sorted(staging.iterdir()):
        if (batch / COMMIT).exists():
            log.info("finishing committed batch %s left by an earlier run", batch.name)
            _publish(raw_dir, batch)
        else:
            log.info("dropping uncommitted batch %s left by an earlier run", batch.name)
            shutil.rmtree(batch)


def write_batch(
    raw_dir: Path,
    rows: Mapping[str, list[dict]],
    batch_key: str,
    staging_name: str = STAGING,
) -> str:
    """Write one batch (rows per table) atomically; return the batch id."""
    batch_id = hashlib.sha256(batch_key.encode()).hexdigest()[:20]
    batch = raw_dir / staging_name / batch_id
    if batch.exists():
        shutil.rmtree(batch)
    batch.mkdir(parents=True)
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        arrow = pa.Table.from_pylist(table_rows, schema=SCHEMAS[table])
        # Written under a name no reader globs, renamed once complete: a kill in the
        # middle of pq.write_table leaves a ``.partial`` file, never a bad ``.parquet``.
        partial = batch / f"{table}.parquet.partial"
        pq.write_table(arrow, partial, compression="zstd")
        _fsync(partial)
        partial.replace(batch / f"{table}.parquet")
    marker = batch / COMMIT
    marker.write_text(batch_id)
    _fsync(marker)
    _publish(raw_dir, batch)
    return batch_id


EMPTY_PART = "part-00000000000000000000.parquet"


def ensure_tables(raw_dir: Path) -> None:
    """Give every raw table at least a zero-row file, so readers always find the
    schema (a folder with no files would make dbt's sources fail)."""
    for table, schema in SCHEMAS.items():
        folder = table_dir(raw_dir, table)
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.glob("*.parquet")):
            temp = folder / f".{EMPTY_PART}.{os.getpid()}.tmp"  # shards race here
            pq.write_table(schema.empty_table(), temp)
            temp.replace(folder / EMPTY_PART)


def _publish(raw_dir: Path, batch: Path) -> None:
    for staged in sorted(batch.glob("*.parquet")):
        table = staged.stem
        destination = table_dir(raw_dir, table)
        destination.mkdir(parents=True, exist_ok=True)
        staged.replace(destination / f"part-{batch.name}.parquet")
    shutil.rmtree(batch)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def read_column(raw_dir: Path, table: str, columns: Iterable[str]) -> list[dict]:
    """Read some columns of a raw table (empty list when the table has no files)."""
    folder = table_dir(raw_dir, table)
    files = sorted(folder.glob("*.parquet")) if folder.exists() else []
    if not files:
        return []
    rows: list[dict] = []
    for file in files:
        rows.extend(pq.read_table(file, columns=list(columns)).to_pylist())
    return rows


def remove_sources(raw_dir: Path, sha256s: set[str]) -> int:
    """Rewrite every raw file without the rows of these source files (for --force)."""
    removed = 0
    for table in SCHEMAS:
        folder = table_dir(raw_dir, table)
        if not folder.exists():
            continue
        for file in sorted(folder.glob("*.parquet")):
            data = pq.read_table(file)
            keep = [
                sha not in sha256s for sha in data.column("_source_sha256").to_pylist()
            ]
            if all(keep):
                continue
            removed += keep.count(False)
            kept = data.filter(pa.array(keep))
            if kept.num_rows == 0:
                file.unlink()
                continue
            temp = file.with_suffix(".parquet.tmp")
            pq.write_table(kept, temp, compression="zstd")
            _fsync(temp)
            temp.replace(file)
    return removed
