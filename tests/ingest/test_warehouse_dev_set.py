"""The whole pipeline (ingest + dbt build) on the real dev PDFs, scored by
../shared/bench/eval_warehouse.py with --separate (HK/MO/TW apart).

Target from issue #3: us_f1 and cn_f1 >= 0.90 on dev/real.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pdf.pipeline import run_ingest
from ingest.warehouse.build import dbt_build
from tests.ingest.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]


def test_real_dev_set_us_and_china_flags(tmp_path: Path):
    real = SHARED / "dev" / "real"
    evaluator = SHARED.parent / "bench" / "eval_warehouse.py"
    if not (real / "gold.jsonl").exists() or not evaluator.exists():
        pytest.skip("shared dev set not there")
    raw, warehouse = tmp_path / "raw", tmp_path / "paperscope.duckdb"
    run_ingest(real / "pdf", raw, workers=2)
    assert dbt_build(REPO, raw, warehouse)
    command = [sys.executable, str(evaluator), str(warehouse), str(real / "gold.jsonl")]
    output = subprocess.run(
        [*command, "--separate"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    scores = {k: float(v) for k, v in (line.split() for line in output.splitlines())}
    assert scores["us_f1"] >= 0.90
    assert scores["cn_f1"] >= 0.90
