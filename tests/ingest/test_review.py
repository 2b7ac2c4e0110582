"""The review loop (#17): export a worksheet, fill decisions, apply them to the
seed review_decisions, rebuild; the headline, the review coverage and
`paperscope diff` move by exactly what the decisions imply, and applying the
same worksheet again changes nothing. Plus apply's checks, on a tiny warehouse
made by hand (no dbt build): each bad row is named and exits 2."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.pdf.pipeline import run_ingest
from ingest.raw.editions import Edition
from ingest.warehouse.build import dbt_build
from tests.ingest.conftest import SHARED

REPO = Path(__file__).resolve().parents[2]
VENUE = SHARED / "dev" / "typeset" / "colm2025"
NO_UNIT_TESTS = ("--exclude", "resource_type:unit_test")
COUNT_PDFS, COUNT_US_CHINA = 60, 15


def _copy_project(folder: Path) -> Path:
    """The dbt project in a folder of its own: apply writes its seed there."""
    folder.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, folder / name)
    for name in ("models", "macros", "seeds"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copytree(REPO / "tests" / "dbt", folder / "tests" / "dbt")
    return folder


def _subset(pdfs: Path) -> None:
    """60 PDFs of the venue, the first 15 US-China papers of its gold set (by
    paper_id) among them, the rest the first others by paper_id."""
    gold = [
        json.loads(line)
        for line in (VENUE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold.sort(key=lambda paper: paper["paper_id"])
    both = {"United States", "China"}
    us_china = [p for p in gold if both <= set(p["countries"])][:COUNT_US_CHINA]
    others = [p for p in gold if p not in us_china]
    pdfs.mkdir()
    for paper in [*us_china, *others][:COUNT_PDFS]:
        shutil.copy(VENUE / "pdf" / paper["file"], pdfs / paper["file"])


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _headline(warehouse: Path) -> dict[str, float]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = {
            name
            for (name,) in con.execute(
                "select column_name from information_schema.columns"
                " where table_name = 'rpt_headline'"
            ).fetchall()
        }
        bounds = "figure_low, figure_high" if "figure_low" in columns else "null, null"
        figure, low, high = con.execute(
            f"select figure, {bounds} from marts.rpt_headline where is_default_view"
            " and metric = 'us_china_papers' and edition_id = 'all'"
        ).fetchone()
    return {"figure": figure, "low": low, "high": high}


def _coverage(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        result = con.execute(
            "select * from marts.rpt_review_coverage where edition_id = 'all'"
        )
        names = [column[0] for column in result.description]
        return dict(zip(names, result.fetchone(), strict=True))


def _targets(warehouse: Path) -> dict[str, dict[str, set[tuple]]]:
    """Per US-China paper, its US and CN targets (author_position, string)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select paper_id, reporting_country_code, author_position,"
            " affiliation_raw from marts.rpt_us_china_papers"
        ).fetchall()
    papers: dict[str, dict[str, set[tuple]]] = {}
    for paper_id, country, position, raw in rows:
        sides = papers.setdefault(paper_id, {"US": set(), "CN": set()})
        sides[country].add(("" if position is None else str(position), raw))
    return papers


def _fill(worksheet: Path, decisions: dict[tuple, tuple[str, str, str]]) -> Path:
    """Fill decision, value and scope in the first row of each key: (paper,
    author_position, string), or (paper,) for any row of the paper."""
    with worksheet.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    assert fields
    for key, (decision, value, scope) in decisions.items():
        row = next(
            row
            for row in rows
            if (row["paper_id"], row["author_position"], row["affiliation_raw"])[
                : len(key)
            ]
            == key
        )
        row.update(decision=decision, value=value, scope=scope)
        row.update(reviewer="pytest", note="round trip")
    out = worksheet.with_name("filled.csv")
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out


def _open_papers(warehouse: Path) -> set[str]:
    """Papers with an open row (no country): such a paper may still be US-China."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct paper_id from marts.fct_affiliations"
            " where country_code is null"
        ).fetchall()
    return {paper_id for (paper_id,) in rows}


def _choose(
    papers: dict[str, dict[str, set[tuple]]], open_papers: set[str]
) -> dict[tuple, tuple]:
    """One paper whose one CN string goes to SG (it drops its flag, and with no
    open row it leaves the high bound too), two confirmed, one whose second US
    string goes to GB (the flag stays)."""
    ids = sorted(papers)
    drop = next(p for p in ids if len(papers[p]["CN"]) == 1 and p not in open_papers)
    # a US string that is not also a CN one, beside another US string
    fix = next(
        p
        for p in ids
        if p != drop and len(papers[p]["US"]) > 1 and papers[p]["US"] - papers[p]["CN"]
    )
    confirmed = [p for p in ids if p not in (drop, fix)][:2]
    ((cn_position, cn_string),) = papers[drop]["CN"]
    us_position, us_string = sorted(papers[fix]["US"] - papers[fix]["CN"])[0]
    return {
        (drop, cn_position, cn_string): ("set_country", "SG", ""),
        (confirmed[0],): ("confirm", "", "paper"),
        (confirmed[1],): ("confirm", "", "paper"),
        (fix, us_position, us_string): ("set_country", "GB", ""),
    }


def _open_target(warehouse: Path, flagged: set[str]) -> tuple[str, str, str]:
    """The open row (unresolved, or ambiguous across countries) of a paper that
    is not US-China but could be, and has no other open row: resolving it to a
    third country takes the paper out of the high bound."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        possible = {
            paper_id
            for (paper_id,) in con.execute(
                "select paper_id from intermediate.int_paper_country_bounds"
                " where policy_id = 'iso' and evidence_basis = 'broad'"
                " and is_us_china_possible and not is_us_china"
            ).fetchall()
        }
        rows = con.execute(
            "select paper_id, author_position, affiliation_raw"
            " from marts.fct_affiliations where country_code is null"
            " order by paper_id, author_position, affiliation_raw"
        ).fetchall()
    by_paper: dict[str, list[tuple[str, str, str]]] = {}
    for paper_id, position, raw in rows:
        target = (paper_id, "" if position is None else str(position), raw)
        by_paper.setdefault(paper_id, []).append(target)
    return next(
        targets[0]
        for paper_id, targets in sorted(by_paper.items())
        if paper_id in possible - flagged and len(set(targets)) == 1
    )


def test_review_round_trip_moves_the_headline_by_the_decisions(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    if not (VENUE / "gold.jsonl").exists():
        pytest.skip("shared typeset dev set not there")
    project = _copy_project(tmp_path / "project")
    _subset(tmp_path / "pdfs")
    raw = tmp_path / "raw"
    run_ingest(tmp_path / "pdfs", raw, workers=2, edition=Edition("colm", 2025, None))
    before, after = tmp_path / "before.duckdb", tmp_path / "after.duckdb"
    assert dbt_build(project, raw, before, extra_args=NO_UNIT_TESTS)
    headline_before = _headline(before)
    papers = _targets(before)
    assert len(papers) == headline_before["figure"] >= 4

    worksheet, seed = (
        tmp_path / "worksheet.csv",
        project / "seeds" / "review_decisions.csv",
    )
    result = _invoke(
        "review", "export", "--flag", "us_china", "--warehouse", str(before),
        "--out", str(worksheet), "--seed", str(seed),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with worksheet.open(newline="", encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    assert set(papers) <= {row["paper_id"] for row in listed}
    assert all(row["decision"] == "" for row in listed)
    ranks = [int(row["review_rank"]) for row in listed]
    assert ranks == sorted(ranks)  # papers whose flag could change come first

    decisions = _choose(papers, _open_papers(before))
    # and one open row of an unflagged paper resolved to a third country: the
    # high bound loses that paper, so the bounds tighten
    opened = _open_target(before, set(papers))
    decisions[opened] = ("set_country", "FR", "")
    filled = _fill(worksheet, decisions)
    apply = ("review", "apply", str(filled), "--seed", str(seed))
    result = _invoke(*apply, "--warehouse", str(before))
    assert result.exit_code == 0, result.output
    assert "decisions added 5, already in the seed 0" in result.output
    applied = seed.read_bytes()

    assert dbt_build(project, raw, after, extra_args=NO_UNIT_TESTS)
    headline_after = _headline(after)
    assert headline_after["figure"] == headline_before["figure"] - 1
    if headline_before["low"] is not None:  # bounds of #17 part 1
        # the dropped paper leaves both bounds, the opened one the high bound
        assert headline_after["low"] == headline_before["low"] - 1
        assert headline_after["high"] == headline_before["high"] - 2
        width = headline_before["high"] - headline_before["low"]
        assert headline_after["high"] - headline_after["low"] == width - 1
        assert headline_after["low"] <= headline_after["figure"]
        assert headline_after["figure"] <= headline_after["high"]
    coverage = _coverage(after)
    assert coverage["count_us_china_papers"] == headline_after["figure"]
    assert coverage["count_reviewed_us_china_papers"] == 3
    assert coverage["count_decisions"] == 5
    assert coverage["count_flags_changed"] == coverage["count_flags_dropped"] == 1

    drop = next(key[0] for key, value in decisions.items() if value[1] == "SG")
    with duckdb.connect(str(after), read_only=True) as con:
        listed_after = dict(
            con.execute(
                "select distinct paper_id, is_reviewed from marts.rpt_us_china_papers"
            ).fetchall()
        )
        (review_rows,) = con.execute(
            "select count(*) from marts.fct_affiliations where match_method ="
            " 'review' and evidence_basis = 'site' and candidate_countries is null"
        ).fetchone()
    assert drop not in listed_after
    assert sum(listed_after.values()) == 3
    assert review_rows >= 2

    result = _invoke("diff", str(before), str(after))
    assert result.exit_code == 0
    assert f"  {drop}: -us_china  [review: set_country SG" in result.output
    assert "papers whose US-China flag changed: 1" in result.output
    for paper_id in {key[0] for key in decisions}:
        assert f"\n  {paper_id}: " in result.output

    result = _invoke(*apply, "--warehouse", str(after))
    assert result.exit_code == 0, result.output
    assert "decisions added 0, already in the seed 5" in result.output
    assert seed.read_bytes() == applied

    # a bad row of each kind fails the seed's data tests, each naming its row
    confirmed = sorted(key[0] for key, value in decisions.items() if len(key) == 1)
    bad = [
        ("nosuchpaper,,,confirm", 'paper_id "nosuchpaper" is not a paper'),
        (f"{confirmed[0]},,,set_country,XX", 'value "XX" is not a country_code'),
        (
            f"{confirmed[1]},99,,not_an_affiliation",
            "99, , not_an_affiliation): matches",
        ),
        (f"{drop},,,exclude_paper", f"paper {drop} has conflicting decisions"),
    ]
    with seed.open("a", encoding="utf-8") as handle:
        for row, _ in bad:
            cells = row.split(",")
            cells += [""] * (5 - len(cells))
            cells += ["pytest", "2026-12-01 10:00:00", ""]
            handle.write(",".join(cells) + "\n")
    capfd.readouterr()
    selected = ("--select", "review_decisions int_review_decisions_matched")
    assert not dbt_build(project, raw, after, extra_args=selected)
    output = capfd.readouterr().out
    for _, message in bad:
        assert message in output


# -- apply's checks, on a warehouse made by hand ---------------------------------


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse with two papers and their affiliations, and a seeds folder."""
    warehouse = tmp_path / "tiny.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_papers as select * from (values"
                    " ('p1'), ('p2')) as papers(paper_id)")  # fmt: skip
        con.execute(
            "create table marts.fct_affiliations as select * from (values"
            " ('p1', 1, 'Tsinghua University', 'pdf:p1:1:1'),"
            " ('p1', 2, 'Google', 'pdf:p1:2:2'),"
            " ('p2', 1, 'MIT', 'pdf:p2:1:1'))"
            " as affiliations(paper_id, author_position, affiliation_raw,"
            " affiliation_id)"
        )
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "countries.csv").write_text(
        "country_code,country_name,source\nCN,China,curated\nUS,United States,curated"
        "\nSG,Singapore,curated\n",
        encoding="utf-8",
    )
    (seeds / "institutions.csv").write_text(
        "institution_id,institution_name\nmit,MIT\n", encoding="utf-8"
    )
    seed = seeds / "review_decisions.csv"
    seed.write_text(
        "paper_id,author_position,affiliation_raw,decision,value,reviewer,"
        "reviewed_at,note\n",
        encoding="utf-8",
    )
    return warehouse, seed


HEADER = "paper_id,author_position,affiliation_raw,scope,decision,value,reviewer"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["p1,1,Tsinghua University,,set_country,XX,ann"],
         "worksheet.csv row 2: unknown country code 'XX'"),
        (["p1,1,Tsinghua University,,confirm,,ann",
          "p9,1,MIT,,confirm,,ann"],
         "worksheet.csv row 3: unknown paper_id 'p9'"),
        (["p2,1,MIT,,set_institution,mit-x,ann"],
         "worksheet.csv row 2: unknown institution_id 'mit-x'"),
        (["p2,1,MIT,,set_countyr,US,ann"],
         "worksheet.csv row 2: unknown decision 'set_countyr'"),
        (["p2,1,MIT,,confirm,,"], "worksheet.csv row 2: reviewer is empty"),
        (["p2,2,MIT,,not_an_affiliation,,ann"],
         "worksheet.csv row 2: matches no affiliation of paper p2"),
        (["p1,1,Tsinghua University,,set_country,SG,ann",
          "p1,1,Tsinghua University,,set_country,US,ann"],
         "worksheet.csv row 3: set_country US conflicts with worksheet.csv row 2"),
        (["p1,,,paper,set_country,SG,ann",
          "p1,2,Google,,not_an_affiliation,,ann"],
         "worksheet.csv row 2: set_country SG conflicts with worksheet.csv row 3"),
        (["p1,,,,exclude_paper,,ann", "p1,1,Tsinghua University,,confirm,,ann"],
         "worksheet.csv row 2: exclude_paper conflicts with worksheet.csv row 3"),
        (["p2,1,MIT,,confirm,US,ann"], "worksheet.csv row 2: confirm takes no value"),
    ],
)  # fmt: skip
def test_apply_names_the_bad_worksheet_row_and_exits_2(
    tiny: tuple[Path, Path], tmp_path: Path, rows: list[str], message: str
):
    warehouse, seed = tiny
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    original = seed.read_bytes()
    result = CliRunner().invoke(
        main,
        ["review", "apply", str(worksheet), "--seed", str(seed),
         "--warehouse", str(warehouse)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert seed.read_bytes() == original


def test_apply_adds_sorted_rows_and_a_rerun_changes_nothing(
    tiny: tuple[Path, Path], tmp_path: Path
):
    warehouse, seed = tiny
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "\n".join([
            HEADER,
            "p2,1,MIT,,set_institution,mit,ann",
            "p1,2,Google,,not_an_affiliation,,ann",
            "p1,1,Tsinghua University,,,,",
            "p1,,,paper,confirm,,ann",
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    command = ["review", "apply", str(worksheet), "--seed", str(seed)]
    command += ["--warehouse", str(warehouse)]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "decisions added 3" in result.output
    lines = seed.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["p1", "", "", "confirm", ""],
        ["p1", "2", "Google", "not_an_affiliation", ""],
        ["p2", "1", "MIT", "set_institution", "mit"],
    ]
    written = seed.read_bytes()
    result = CliRunner().invoke(main, command)
    assert "decisions added 0, already in the seed 3" in result.output
    assert seed.read_bytes() == written
