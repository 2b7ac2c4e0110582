"""paperscope fetch against a local proceedings site (tests/ingest/fetch_site.py).

Real HTTP over 127.0.0.1 with the real client: no mocks. Faults are injected by the
server: a 500 that succeeds on retry, a 429 with Retry-After, an HTML page behind a PDF
link, a hostile file name, and a kill of the fetch process while the server holds
three downloads mid-body (a known state, not a moment picked by a timer).
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import duckdb
import pytest

from ingest.fetch.client import Client, FetchOptions, parse_retry_after
from ingest.fetch.download import (
    Target,
    fetch_all,
    read_manifest,
    safe_name,
    targets_from_neurips,
    targets_from_urls,
)
from tests.ingest.fetch_site import YEAR, Resource, Server, build_site, publish_index

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOSTILE_KEY = "..%2F..%2Fescape%00"
PAPERS = f"/paper_files/paper/{YEAR}"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def site(tmp_path: Path):
    """30 papers plus the injected faults; paths of the special ones in site.special."""
    site = build_site(tmp_path / "served", count=31)
    papers = site.papers
    last = papers.pop()  # served again below under a hostile name
    body = site.resources.pop(last["pdf_path"])
    site.special = {
        "flaky": papers[3]["pdf_path"],
        "limited": papers[5]["pdf_path"],
        "html": papers[7]["pdf_path"],
    }
    site.faults[papers[3]["pdf_path"]] = deque([(500, {})])
    site.faults[papers[5]["pdf_path"]] = deque([(429, {"Retry-After": "1"})])
    site.resources[papers[7]["pdf_path"]] = Resource(
        b"<html><body>Rate limit exceeded. Please log in.</body></html>", "text/html"
    )
    hostile = {
        "key": HOSTILE_KEY,
        "title": last["title"],
        "authors": last["authors"],
        "href": f"{PAPERS}/hash/{HOSTILE_KEY}-Abstract-Conference.html",
        "pdf_path": f"{PAPERS}/file/{HOSTILE_KEY}-Paper-Conference.pdf",
    }
    papers.append(hostile)
    site.resources[hostile["pdf_path"]] = body
    site.special["hostile"] = hostile["pdf_path"]
    publish_index(site)
    return site


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _options(**overrides) -> FetchOptions:
    # a generous socket timeout: a timed-out read would add a retry to the request log
    base = {"concurrency": 4, "delay": 0.0, "backoff": 0.05, "timeout": 120.0}
    return FetchOptions(**{**base, **overrides})


def test_fetch_neurips_downloads_every_pdf_and_records_each_fault(site, tmp_path):
    out = tmp_path / "out"
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(min(seconds, 0.05))

    server = Server(site)
    base_url = server.__enter__()
    client = Client(_options(), sleep=sleep)
    targets, unrecognised = targets_from_neurips(client, YEAR, base_url)
    summary = fetch_all(targets, out, _options(), client)

    assert unrecognised == 0 and len(targets) == 31
    assert summary.downloaded == 30 and dict(summary.failed) == {"not_pdf": 1}
    manifest = read_manifest(out)
    assert len(manifest) == 31
    by_url = {row["url"]: row for row in manifest.values()}
    for paper in site.papers:
        row = by_url[base_url + paper["pdf_path"]]
        assert row["title"] == paper["title"] and row["authors"] == paper["authors"]
        if paper["pdf_path"] == site.special["html"]:
            assert (row["status"], row["error"], row["file"]) == (
                "failed",
                "not_pdf",
                "",
            )
            continue
        body = site.resources[paper["pdf_path"]].body
        assert row["status"] == "ok" and row["fetched_at"]
        assert (row["bytes"], row["sha256"]) == (str(len(body)), _sha(body))
        assert (out / row["file"]).read_bytes() == body
    # the 500 was retried, the 429 waited exactly what Retry-After said
    assert [e.status for e in site.requests_for(site.special["flaky"])] == [500, 200]
    assert [e.status for e in site.requests_for(site.special["limited"])] == [429, 200]
    assert 1.0 in slept
    # the hostile name stayed inside the folder; the HTML page was not saved
    assert by_url[base_url + site.special["hostile"]]["file"] == "escape.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "served"]
    assert len(list(out.glob("*.pdf"))) == 30
    assert not list(out.glob(".*"))  # no .part or temp files left

    # a second run downloads nothing that is already complete
    served_before = len(site.log)
    try:
        targets, _ = targets_from_neurips(client, YEAR, base_url)
        again = fetch_all(targets, out, _options(), client)
    finally:
        server.__exit__()
    assert again.already_present == 30 and again.downloaded == 0
    pdf_requests = [e.path for e in site.log[served_before:] if e.path.endswith(".pdf")]
    assert pdf_requests == [site.special["html"]]  # only the failed one is retried
    assert len(read_manifest(out)) == 31


def _wait_for(condition, what: str, seconds: float = 120.0) -> None:
    """Poll a state the other side is sure to reach; the deadline is only a safety net
    against a hang, never what decides the outcome."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def test_kill_mid_run_then_restart_completes_every_file_once(site, tmp_path):
    """The server holds papers 8, 9 and 10 mid-body. The client (3 threads, targets
    taken in order) can only have all three threads stuck in those once papers 0-7
    are finished, so the kill lands at a known state, whatever the machine's speed:
    papers 0-6 done (7 is the HTML page), three half-downloaded .part files."""
    out = tmp_path / "out"
    out.mkdir()
    # more than the client's write buffer is sent before the hold, so bytes reach
    # the .part file (open() buffers st_blksize bytes)
    after = 2 * max(io.DEFAULT_BUFFER_SIZE, out.stat().st_blksize, 16384)
    held = [paper["pdf_path"] for paper in site.papers[8:11]]
    holds = []
    for path in held:
        body = site.resources[path].body
        if len(body) < 2 * after:  # pad after %%EOF so a hold is truly mid-body
            body += b"\n%" + b"x" * (2 * after - len(body))
            site.resources[path] = Resource(body)
        holds.append(site.hold(path, after))
    with Server(site) as base_url:
        command = [str(BIN / "paperscope"), "fetch", "neurips", "--year", str(YEAR)]
        command += ["--base-url", base_url, "--out", str(out), "--delay", "0"]
        command += ["--concurrency", "3", "--timeout", "3600"]  # holds never time out
        env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            for hold in holds:
                _wait_for(
                    lambda h=hold: h.reached.is_set() or process.poll() is not None,
                    "the client to reach a held file",
                )
                assert process.poll() is None, "the client exited before the kill"
            parts = [out / f".{p.rsplit('/', 1)[1][:32]}.pdf.part" for p in held]
            for part in parts:
                _wait_for(
                    lambda f=part: f.exists() and f.stat().st_size > 0,
                    f"bytes in {part.name}",
                )
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        for hold in holds:  # the server saw the connection go: its log is final
            _wait_for(hold.dropped.is_set, "the server to see the client gone")
        finished = {
            r["url"] for r in read_manifest(out).values() if r["status"] == "ok"
        }
        assert finished == {base_url + p["pdf_path"] for p in site.papers[:7]}
        assert {p.name for p in out.glob(".*.part")} == {p.name for p in parts}
        partial = {p.name for p in parts}
        for path in held:
            (entry,) = site.requests_for(path)
            assert (entry.bytes_sent, entry.completed) == (after, False)
        killed_at = len(site.log)

        client = Client(_options())
        targets, _ = targets_from_neurips(client, YEAR, base_url)
        summary = fetch_all(targets, out, _options(), client)

    after = site.log[killed_at:]
    # nothing finished before the kill was requested again
    assert not {base_url + e.path for e in after} & finished
    # an unfinished .part was resumed with a Range request, not started over
    for name in partial:
        key = name[1:].removesuffix(".pdf.part")
        resumed = [e for e in after if key in e.path and e.path.endswith(".pdf")]
        assert resumed and resumed[0].range and resumed[0].status == 206
    assert summary.already_present + summary.downloaded == 30
    manifest = read_manifest(out)
    assert len(manifest) == 31
    for row in manifest.values():
        path = row["url"].removeprefix(base_url)
        if path == site.special["html"]:
            assert row["status"] == "failed"
            continue
        body = site.resources[path].body
        assert row["status"] == "ok" and row["sha256"] == _sha(body)
        assert (out / row["file"]).read_bytes() == body
    assert not list(out.glob(".*"))


def test_fetch_then_run_end_to_end(site, tmp_path):
    out, raw, warehouse = tmp_path / "pdfs", tmp_path / "raw", tmp_path / "w.duckdb"
    with Server(site) as base_url:
        script = (
            f"{BIN / 'paperscope'} fetch neurips --year {YEAR} --base-url {base_url}"
            f" --out {out} --delay 0 && {BIN / 'paperscope'} run {out}"
            f" --raw-dir {raw} --warehouse {warehouse} --workers 2"
        )
        env = dict(os.environ, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
        result = subprocess.run(
            script, shell=True, cwd=REPO, env=env, capture_output=True, text=True
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "failed: 1 (not_pdf 1)" in result.stderr
    lines = result.stdout.splitlines()
    header = next(x for x in lines if x.startswith("metric "))
    papers_line = next(x for x in lines if x.startswith("papers "))
    # the headline's paper count, in its column "all"
    assert papers_line.split()[header.split().index("all")] == "30"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        papers = con.execute("select count(*) from marts.dim_papers").fetchone()[0]
        editions = con.execute(
            "select edition_id, count_papers from marts.dim_editions"
        ).fetchall()
    assert papers == 30  # 29 sample papers + the hostile-named one
    assert editions == [("neurips2025", 30)]  # from fetch's manifest.csv


def test_list_mode_names_caps_and_errors(tmp_path):
    site = build_site(tmp_path / "served", count=3)
    first = site.papers[0]["pdf_path"]
    site.resources["/files/..%2F..%2Fevil%00.pdf"] = site.resources[first]
    site.resources["/big/paper.pdf"] = Resource(b"%PDF-1.7\n" + b"0" * 300_000)
    site.resources["/a/paper.pdf"] = site.resources[site.papers[1]["pdf_path"]]
    site.resources["/b/paper.pdf"] = site.resources[site.papers[2]["pdf_path"]]
    site.faults["/slow/down.pdf"] = deque([(429, {"Retry-After": "3600"})])
    with Server(site) as base_url:
        lines = [
            "# a comment, then a blank line",
            "",
            f"{base_url}/files/..%2F..%2Fevil%00.pdf\tEvil Title",
            f"{base_url}/big/paper.pdf",
            f"{base_url}/a/paper.pdf",
            f"{base_url}/b/paper.pdf",
            f"{base_url}/slow/down.pdf",
            f"{base_url}/missing.pdf",
        ]
        targets = targets_from_urls(lines)
        summary = fetch_all(targets, tmp_path / "out", _options(max_bytes=200_000))
    ids = [t.paper_id for t in targets]
    assert ids[0] == "evil" and targets[0].title == "Evil Title"
    assert ids[1] == "paper" and ids[2].startswith("paper--") and len(set(ids)) == 6
    rows = read_manifest(tmp_path / "out")
    assert [rows[pid]["error"] for pid in ids] == [
        "",
        "too_large",
        "",
        "",
        "rate_limited",
        "http_404",
    ]
    assert summary.downloaded == 3
    assert dict(summary.failed) == {"too_large": 1, "rate_limited": 1, "http_404": 1}
    assert not (tmp_path / "evil.pdf").exists() and not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("/absolute/path.pdf", "absolute_path"),
        ("a\x00b.pdf", "a_b"),
        ("..", "paper"),
        ("Über Größe.PDF", "Uber_Groe"),
        ("x" * 300, "x" * 120),
    ],
)
def test_safe_name(raw, safe):
    assert safe_name(raw) == safe


def test_retry_after_takes_seconds_or_an_http_date():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_a_torn_manifest_line_is_dropped_and_the_run_goes_on(tmp_path):
    site = build_site(tmp_path / "served", count=2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.csv").write_text(
        "paper_id,title,authors,url,file,sha256,bytes,status,error,fetched_at\n"
        "p0,,,http://x/p0.pdf,p0.pdf,abc,12,ok,,2026-01-01\n"
        "p1,,,http://x/p1.pdf,p1.p"  # killed mid-append
    )
    with Server(site) as base_url:
        targets = [
            Target(f"p{n}", base_url + paper["pdf_path"])
            for n, paper in enumerate(site.papers)
        ]
        summary = fetch_all(targets, out, _options())
    assert summary.downloaded == 2  # p0's old row had another URL, so it is redone
    rows = read_manifest(out)
    assert sorted(rows) == ["p0", "p1"]
    assert all(r["status"] == "ok" for r in rows.values())
    with duckdb.connect() as con:  # the manifest is plain CSV for any tool
        assert con.execute(
            f"select count(*) from read_csv('{out / 'manifest.csv'}')"
        ).fetchone() == (2,)
