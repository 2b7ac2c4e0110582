"""Bad input to any command: one clear line on stderr naming the path, exit status 2,
never a traceback. The commands run as real subprocesses (the installed
`paperscope` script), exactly as a user would see them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PAPERSCOPE = Path(sys.executable).with_name("paperscope")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PAPERSCOPE), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def _assert_one_line_exit_2(result: subprocess.CompletedProcess, path: Path) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0], lines[0]


@pytest.fixture
def junk(tmp_path: Path) -> dict[str, Path]:
    """A set of bad inputs: missing paths, an empty folder, files of the wrong
    kind."""
    empty = tmp_path / "empty_dir"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "notes.txt").write_text("no pdf here\n")
    not_json = tmp_path / "dict.json"
    not_json.write_text('{"papers": {"id": 1}}\n')  # neither format's shape
    not_pdf = tmp_path / "page.pdf"
    not_pdf.write_text("<html>404</html>\n")
    not_duckdb = tmp_path / "not.duckdb"
    not_duckdb.write_text("plain text\n")
    a_file = tmp_path / "a_file"
    a_file.write_text("x\n")
    return {
        "missing": tmp_path / "missing",
        "empty": empty,
        "not_json": not_json,
        "not_pdf": not_pdf,
        "not_duckdb": not_duckdb,
        "a_file": a_file,
        "raw": tmp_path / "raw",
    }


def test_ingest_of_a_folder_without_pdfs_exits_2(junk, tmp_path):
    result = _run(
        "ingest", str(junk["empty"]), "--raw-dir", str(junk["raw"]), cwd=tmp_path
    )
    _assert_one_line_exit_2(result, junk["empty"])


def test_ingest_of_a_missing_folder_exits_2(junk, tmp_path):
    result = _run("ingest", str(junk["missing"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["missing"])


def test_ingest_into_a_raw_dir_that_is_a_file_exits_2(junk, tmp_path):
    (junk["empty"] / "paper.pdf").write_bytes(junk["not_pdf"].read_bytes())
    result = _run(
        "ingest", str(junk["empty"]), "--raw-dir", str(junk["a_file"]), cwd=tmp_path
    )
    _assert_one_line_exit_2(result, junk["a_file"])


def test_ingest_metadata_of_json_of_the_wrong_shape_exits_2_and_keeps_an_error_row(
    junk, tmp_path
):
    result = _run(
        "ingest-metadata",
        str(junk["not_json"]),
        "--raw-dir",
        str(junk["raw"]),
        cwd=tmp_path,
    )
    _assert_one_line_exit_2(result, junk["not_json"])
    errors = list((junk["raw"] / "ingest_errors").glob("*.parquet"))
    assert errors, "the bad file must still be recorded as an error row"


def test_inspect_of_a_file_that_is_not_a_pdf_exits_2(junk, tmp_path):
    result = _run("inspect", str(junk["not_pdf"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["not_pdf"])


def test_build_with_a_missing_raw_dir_exits_2(junk, tmp_path):
    result = _run(
        "build",
        "--raw-dir",
        str(junk["missing"]),
        "--warehouse",
        str(tmp_path / "wh.duckdb"),
        cwd=tmp_path,
    )
    _assert_one_line_exit_2(result, junk["missing"])


def test_build_with_a_raw_dir_that_was_never_ingested_exits_2(junk, tmp_path):
    result = _run(
        "build",
        "--raw-dir",
        str(junk["empty"]),
        "--warehouse",
        str(tmp_path / "wh.duckdb"),
        cwd=tmp_path,
    )
    _assert_one_line_exit_2(result, junk["empty"])


def test_run_on_a_folder_without_pdfs_exits_2(junk, tmp_path):
    result = _run(
        "run", str(junk["empty"]), "--raw-dir", str(junk["raw"]), cwd=tmp_path
    )
    _assert_one_line_exit_2(result, junk["empty"])


def test_report_on_a_missing_warehouse_exits_2(junk, tmp_path):
    result = _run("report", "--warehouse", str(junk["missing"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["missing"])


def test_report_on_a_file_that_is_not_duckdb_exits_2(junk, tmp_path):
    result = _run("report", "--warehouse", str(junk["not_duckdb"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["not_duckdb"])


def test_diff_of_a_missing_warehouse_exits_2(junk, tmp_path):
    result = _run("diff", str(junk["missing"]), str(junk["not_duckdb"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["missing"])


def test_diff_of_a_file_that_is_not_duckdb_exits_2(junk, tmp_path):
    result = _run(
        "diff", str(junk["not_duckdb"]), str(junk["not_duckdb"]), cwd=tmp_path
    )
    _assert_one_line_exit_2(result, junk["not_duckdb"])


def test_export_of_a_missing_warehouse_exits_2(junk, tmp_path):
    out = tmp_path / "out"
    result = _run("export", str(out), "--warehouse", str(junk["missing"]), cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["missing"])
    assert not out.exists(), "nothing may be written for a bad warehouse"


def test_fetch_list_of_a_missing_urls_file_exits_2(junk, tmp_path):
    result = _run(
        "fetch",
        "list",
        str(junk["missing"]),
        "--out",
        str(tmp_path / "o"),
        cwd=tmp_path,
    )
    _assert_one_line_exit_2(result, junk["missing"])


def test_fetch_into_an_out_dir_that_is_a_file_exits_2(junk, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/paper.pdf\n")
    result = _run(
        "fetch", "list", str(urls), "--out", str(junk["a_file"]), "--retries", "0",
        cwd=tmp_path,
    )  # fmt: skip
    _assert_one_line_exit_2(result, junk["a_file"])


def test_make_samples_into_a_file_exits_2(junk, tmp_path):
    result = _run("make-samples", str(junk["a_file"]), "--count", "1", cwd=tmp_path)
    _assert_one_line_exit_2(result, junk["a_file"])
