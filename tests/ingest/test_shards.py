"""`paperscope ingest --shard K/N`: N shards at once into one raw dir == one run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pdf.pipeline import Shard, run_ingest
from ingest.raw import write
from tests.ingest.conftest import comparable_raw

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path, hostile: Path) -> Path:
    """The sample corpus plus the hostile files, a byte copy and a stem clash."""
    pdfs = tmp_path / "pdfs"
    shutil.copytree(REPO / "data" / "sample" / "pdf", pdfs)
    for path in hostile.glob("*.pdf"):
        shutil.copy(path, pdfs / path.name)
    first, second = sorted(pdfs.glob("sample-*.pdf"))[:2]
    shutil.copy(first, pdfs / "zz-copy-of-first.pdf")  # duplicate_content
    (pdfs / "sub").mkdir()
    shutil.copy(second, pdfs / "sub" / first.name)  # same stem, other content
    return pdfs


def test_three_shards_at_once_write_what_one_run_writes(corpus: Path, tmp_path: Path):
    single, sharded = tmp_path / "single", tmp_path / "sharded"
    run_ingest(corpus, single, workers=1)

    command = [sys.executable, "-m", "ingest.cli", "ingest", str(corpus)]
    command += ["--raw-dir", str(sharded), "--workers", "1", "--batch-size", "3"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    shards = [
        subprocess.Popen(
            [*command, "--shard", f"{k}/3"], cwd=REPO, env=env, stderr=subprocess.PIPE
        )
        for k in (1, 2, 3)
    ]
    try:
        for process in shards:
            # a safety net against a hang only: no outcome depends on how long it takes
            _, stderr = process.communicate(timeout=1800)
            assert process.returncode == 0, stderr.decode()[-2000:]
    finally:
        for process in shards:
            if process.poll() is None:
                process.kill()
                process.communicate()

    assert comparable_raw(sharded) == comparable_raw(single)
    tables = comparable_raw(single)
    assert len(tables["papers"]) >= 20 and tables["ingest_errors"]
    # every shard had work, and none left staging behind
    owners = {Shard(k, 3).owns(sha) for k in (1, 2, 3) for sha in _shas(single)}
    assert owners == {True, False}
    assert not [p for p in sharded.glob("_staging*/*")]
    # a shard run again skips everything it already did
    again = run_ingest(corpus, sharded, workers=1, shard=Shard(2, 3))
    assert again.files_read == 0 and again.files_skipped == again.files_found > 0


def _shas(raw: Path) -> set[str]:
    rows = write.read_column(raw, "papers", ["_source_sha256"])
    return {row["_source_sha256"] for row in rows}


@pytest.mark.parametrize("text", ["3", "0/3", "4/3", "a/b"])
def test_a_bad_shard_is_refused_clearly(text: str):
    with pytest.raises(ValueError, match="--shard"):
        Shard.parse(text)


def test_force_is_refused_with_shards(corpus: Path, tmp_path: Path):
    with pytest.raises(ValueError, match="--force"):
        run_ingest(corpus, tmp_path / "raw", workers=0, force=True, shard=Shard(1, 2))
