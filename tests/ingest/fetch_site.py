"""A local stand-in for a proceedings site: real HTTP on 127.0.0.1, in a thread.

It serves the NeurIPS year index (``ul.paper-list li`` items, as
ingest/fetch/proceedings.py expects) and PDFs built by ingest.samples, with byte-range
support, faults queued per path, holds (a response that stops mid-body until the
test releases it, so a test can kill a client at a known point of a download: no
sleeps, no timing) and a log of every request.
"""

from __future__ import annotations

import html
import itertools
import select
import socket
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ingest.samples import sample_specs, write_pdf

YEAR = 2025


@dataclass
class Served:
    path: str
    range: str | None
    status: int
    bytes_sent: int
    completed: bool


@dataclass
class Resource:
    body: bytes
    content_type: str = "application/pdf"


@dataclass
class Hold:
    """Stop the next response for a path after ``after`` bytes of its body.

    The server sends the headers and the first ``after`` bytes, sets ``reached``
    and then waits until the test sets ``release`` (the rest of the body is then
    sent) or the client drops the connection (``dropped`` is set). A hold applies
    to one request only; later requests for the path are served normally."""

    after: int
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    dropped: threading.Event = field(default_factory=threading.Event)
    used: bool = False


@dataclass
class Site:
    resources: dict[str, Resource] = field(default_factory=dict)
    faults: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    holds: dict[str, Hold] = field(default_factory=dict)
    chunk: int = 8192
    log: list[Served] = field(default_factory=list)
    papers: list[dict] = field(default_factory=list)
    base_url: str = ""

    def requests_for(self, path: str) -> list[Served]:
        return [entry for entry in self.log if entry.path == path]

    def hold(self, path: str, after: int) -> Hold:
        self.holds[path] = hold = Hold(after)
        return hold


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path, wanted = self.path, self.headers.get("Range")
            faults = site.faults.get(path)
            if faults:
                status, headers = faults.popleft()
                self._send(path, wanted, status, b"try again", headers, "text/plain")
                return
            resource = site.resources.get(path)
            if resource is None:
                self._send(path, wanted, 404, b"not found", {}, "text/plain")
                return
            body, status, headers = resource.body, 200, {}
            if wanted and wanted.startswith("bytes="):
                start = int(wanted[6:].split("-")[0])
                if start >= len(body):
                    headers["Content-Range"] = f"bytes */{len(body)}"
                    self._send(path, wanted, 416, b"", headers, "text/plain")
                    return
                headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
                body, status = body[start:], 206
            hold = site.holds.get(path)
            if hold is not None and hold.used:
                hold = None
            elif hold is not None:
                hold.used = True
            self._send(path, wanted, status, body, headers, resource.content_type, hold)

        def _dropped(self) -> bool:
            """True once the client has closed (or reset) the connection."""
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def _wait(self, hold: Hold) -> bool:
            """Block until released (True) or the client is gone (False)."""
            hold.reached.set()
            while not hold.release.is_set():
                if self._dropped():
                    hold.dropped.set()
                    return False
                hold.release.wait(0.02)  # a poll interval, not a deadline
            return True

        def _send(
            self, path, wanted, status, body, headers, content_type, hold=None
        ) -> None:
            entry = Served(path, wanted, status, 0, False)
            site.log.append(entry)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                stops = [hold.after] if hold and 0 < hold.after < len(body) else []
                for start, end in _pieces(len(body), site.chunk, stops):
                    if start in stops and not self._wait(hold):
                        self.close_connection = True
                        return
                    self.wfile.write(body[start:end])
                    self.wfile.flush()
                    entry.bytes_sent += end - start
                entry.completed = True
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                if hold:
                    hold.dropped.set()

    return Handler


def _pieces(size: int, chunk: int, stops: list[int]) -> list[tuple[int, int]]:
    """(start, end) slices of a body of size bytes, at most chunk long, with a cut at
    every offset in stops."""
    cuts = sorted({*range(0, size, chunk), *stops, size})
    return list(itertools.pairwise(cuts))


def index_html(papers: list[dict]) -> str:
    items = "\n".join(
        f'<li class="conference"><a title="paper title" href="{p["href"]}">'
        f"{html.escape(p['title'])}</a> <i>{html.escape(p['authors'])}</i></li>"
        for p in papers
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>NeurIPS</title>"
        "</head><body><div class='container-fluid'><ul class='nav'><li>"
        f"<a href='/'>Home</a></li></ul><ul class='paper-list'>\n{items}\n</ul>"
        "</div></body></html>"
    )


def build_site(pdf_dir: Path, count: int = 30) -> Site:
    """count sample papers (hash = paper-NN in hex), listed in one index page."""
    site = Site()
    for number, (_, spec) in enumerate(sample_specs(count, seed=31)):
        key = f"{number:02d}".encode().hex().ljust(32, "0")
        pdf = write_pdf(spec, pdf_dir / f"{key}.pdf")
        paper = {
            "key": key,
            "title": spec.title,
            "authors": ", ".join(a.name for a in spec.authors),
            "href": f"/paper_files/paper/{YEAR}/hash/{key}-Abstract-Conference.html",
            "pdf_path": f"/paper_files/paper/{YEAR}/file/{key}-Paper-Conference.pdf",
        }
        site.papers.append(paper)
        site.resources[paper["pdf_path"]] = Resource(pdf.read_bytes())
    return site


def publish_index(site: Site) -> None:
    site.resources[f"/paper_files/paper/{YEAR}"] = Resource(
        index_html(site.papers).encode(), "text/html; charset=utf-8"
    )


class Server:
    """``with Server(site) as base_url:`` serves the site until the block ends."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        self.httpd.daemon_threads = True

    def __enter__(self) -> str:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        host, port = self.httpd.server_address[:2]
        self.site.base_url = f"http://{host}:{port}"
        return self.site.base_url

    def __exit__(self, *exc) -> None:
        for hold in self.site.holds.values():
            hold.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
