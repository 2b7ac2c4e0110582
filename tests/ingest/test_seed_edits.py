"""A bad seed edit fails `dbt build`, and the message names the offending row."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, folder / name)
    for name in ("models", "macros", "seeds"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copytree(REPO / "tests" / "dbt", folder / "tests" / "dbt")
    return folder


def _build_seeds(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PAPERSCOPE_WAREHOUSE=str(project / "w.duckdb"))
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "build", "--select", "resource_type:seed"]
    command += ["--indirect-selection", "cautious"]
    return subprocess.run(
        [*command, "--profiles-dir", ".", "--project-dir", "."],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@pytest.mark.parametrize(
    ("seed", "row", "message"),
    [
        (
            "institution_aliases.csv",
            "Tsinghua University,peking-university,phrase,false,curated",
            '"tsinghua university" names peking-university, tsinghua-university',
        ),
        (
            "institutions.csv",
            "acme-lab,Acme Lab,UK,site,lab,,curated",
            'institutions.country_code = "UK" is not a country_code',
        ),
        (
            "institution_aliases.csv",
            "Acme Robotics,acme-robotics,phrase,false,curated",
            'institution_aliases.institution_id = "acme-robotics" is not',
        ),
        (
            "institution_aliases.csv",
            "Tsinghua University,tsinghua-university,phrase,false,curated",
            "(alias, institution_id) = (Tsinghua University, tsinghua-university)"
            " occurs 2 times",
        ),
        (
            "institutions.csv",
            "acme-lab,Acme Lab,US,site,lab,acme-holdings,curated",
            'institutions.parent_institution_id = "acme-holdings" is not',
        ),
        (
            "countries.csv",
            "XX,Nowhere,curated,extra field",
            "has 4 values, but Table only has 3 columns",
        ),
    ],
)
def test_bad_seed_row_fails_the_build_naming_the_row(
    project: Path, seed: str, row: str, message: str
):
    path = project / "seeds" / seed
    original = path.read_text(encoding="utf-8")
    try:
        _append(path, row)
        result = _build_seeds(project)
        assert result.returncode != 0
        assert message in result.stdout
    finally:
        path.write_text(original, encoding="utf-8")
