"""The parser against the shared dev sets, scored like
../shared/bench/eval_warehouse.py.

Targets from issue #2: typeset affiliation_recall >= 0.97 and link_f1 >= 0.93; real
PDFs affiliation_recall >= 0.85.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from bench.score_parse import parse_one, score
from tests.ingest.conftest import SHARED


def _score(folder: Path) -> dict:
    if not (folder / "gold.jsonl").exists():
        pytest.skip(f"{folder} is not there")
    gold = {}
    for line in (folder / "gold.jsonl").open():
        record = json.loads(line)
        gold[record["file"].rsplit(".", 1)[0]] = record
    paths = [str(folder / "pdf" / g["file"]) for g in gold.values()]
    with ProcessPoolExecutor(2) as pool:
        parsed = dict(pool.map(parse_one, paths, chunksize=8))
    return score(gold, parsed)


@pytest.mark.parametrize("venue", ["colm2025", "aistats2025"])
def test_typeset_dev_set_affiliations_and_links(venue: str):
    result = _score(SHARED / "dev" / "typeset" / venue)
    assert result["affiliation_recall"] >= 0.97
    assert result["link_f1"] >= 0.93


def test_real_dev_set_affiliation_recall():
    result = _score(SHARED / "dev" / "real")
    assert result["affiliation_recall"] >= 0.85
