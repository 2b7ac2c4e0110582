"""A local stand-in for a proceedings site: real HTTP on 127.0.0.1, in a thread.

It serves the NeurIPS year index (``ul.paper-list li`` items, as
ingest/fetch/proceedings.py expects) and PDFs built by ingest.samples, with byte-range
support, an optional delay per chunk (so a test can kill a client mid-download),
faults queued per path, and a log of every request.
"""

from __future__ import annotations

import html
import threading
import time
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
class Site:
    resources: dict[str, Resource] = field(default_factory=dict)
    faults: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    seconds_per_chunk: float = 0.0
    chunk: int = 8192
    log: list[Served] = field(default_factory=list)
    papers: list[dict] = field(default_factory=list)
    base_url: str = ""

    def requests_for(self, path: str) -> list[Served]:
        return [entry for entry in self.log if entry.path == path]


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
            self._send(path, wanted, status, body, headers, resource.content_type)

        def _send(self, path, wanted, status, body, headers, content_type) -> None:
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
                for offset in range(0, len(body), site.chunk):
                    piece = body[offset : offset + site.chunk]
                    self.wfile.write(piece)
                    self.wfile.flush()
                    entry.bytes_sent += len(piece)
                    if site.seconds_per_chunk:
                        time.sleep(site.seconds_per_chunk)
                entry.completed = True
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


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
        self.httpd.shutdown()
        self.httpd.server_close()
