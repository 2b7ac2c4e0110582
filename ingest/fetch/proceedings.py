"""Where a conference's papers are listed: parsing of proceedings sites.

Everything that depends on a site's HTML layout lives here, so a layout change is a
one-file fix, checked by tests/ingest/fixtures/neurips_index.html.

NeurIPS (papers.nips.cc): the per-year index ``{base}/paper_files/paper/{year}`` lists
papers as ``ul.paper-list li`` items. Each item links to the paper's page,
``/paper_files/paper/{year}/hash/{hash}-Abstract-{Track}.html``, with the title as the
link text and the authors in an ``<i>`` (newer pages: ``span.paper-authors``). The PDF
is ``/paper_files/paper/{year}/file/{hash}-Paper-{Track}.pdf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin

NEURIPS_BASE_URL = "https://papers.nips.cc"

_ABSTRACT_HREF = re.compile(
    r"/paper_files/paper/(?P<year>\d{4})/hash/(?P<hash>[^/?#]+?)"
    r"-Abstract-(?P<track>[^/?#]+?)\.html$"
)


@dataclass(frozen=True)
class Listing:
    """One paper as a proceedings index lists it."""

    key: str  # the site's own id (NeurIPS: the hash), URL-decoded, not yet safe
    title: str
    authors: str
    track: str
    page_url: str
    pdf_url: str


@dataclass(frozen=True)
class Unrecognised:
    """An index item that did not look like a paper link (reported, not guessed)."""

    text: str
    href: str | None


def neurips_index_url(year: int, base_url: str = NEURIPS_BASE_URL) -> str:
    return f"{base_url.rstrip('/')}/paper_files/paper/{year}"


def neurips_pdf_url(base_url: str, year: str, key: str, track: str) -> str:
    return (
        f"{base_url.rstrip('/')}/paper_files/paper/{year}/file/{key}-Paper-{track}.pdf"
    )


def parse_neurips_index(
    html: str, base_url: str = NEURIPS_BASE_URL
) -> tuple[list[Listing], list[Unrecognised]]:
    """The papers of one NeurIPS year index page, in page order."""
    parser = _PaperListParser()
    parser.feed(html)
    parser.close()
    listings, unrecognised = [], []
    for item in parser.items:
        match = _ABSTRACT_HREF.search(item.href or "")
        if match is None or not item.title:
            unrecognised.append(Unrecognised(item.text_summary(), item.href))
            continue
        year, raw_key, track = match["year"], match["hash"], match["track"]
        listings.append(
            Listing(
                key=unquote(raw_key),
                title=item.title,
                authors=item.authors,
                track=track,
                page_url=urljoin(base_url.rstrip("/") + "/", item.href),
                pdf_url=neurips_pdf_url(base_url, year, raw_key, track),
            )
        )
    return listings, unrecognised


@dataclass
class _Item:
    href: str | None = None
    title: str = ""
    authors: str = ""

    def text_summary(self) -> str:
        return " ".join(f"{self.title} {self.authors}".split())[:200]


class _PaperListParser(HTMLParser):
    """Collects the first link and the author text of every ``ul.paper-list li``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Item] = []
        self._list_depth = 0  # > 0 inside a ul.paper-list (lists may nest)
        self._item: _Item | None = None
        self._in_link = False
        self._in_authors = 0
        self._inline: list[bool] = []  # open <i>/<span> tags: is it an authors tag?
        self._title: list[str] = []
        self._authors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "ul":
            if self._list_depth or "paper-list" in classes:
                self._list_depth += 1
        elif not self._list_depth:
            return
        elif tag == "li" and self._list_depth == 1:
            self._item, self._title, self._authors = _Item(), [], []
            self._in_authors, self._inline = 0, []
        elif self._item is None:
            return
        elif tag == "a" and self._item.href is None:
            self._item.href = attributes.get("href")
            self._in_link = True
        elif tag in ("i", "span"):
            is_authors = tag == "i" or "paper-authors" in classes
            self._inline.append(is_authors)
            self._in_authors += is_authors

    def handle_endtag(self, tag: str) -> None:
        if not self._list_depth:
            return
        if tag == "ul":
            self._list_depth -= 1
        elif tag == "a" and self._in_link:
            self._in_link = False
        elif tag in ("i", "span") and self._inline:
            self._in_authors -= self._inline.pop()
        elif tag == "li" and self._item is not None and self._list_depth == 1:
            self._item.title = " ".join("".join(self._title).split())
            self._item.authors = " ".join("".join(self._authors).split())
            self.items.append(self._item)
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is None:
            return
        if self._in_link:
            self._title.append(data)
        elif self._in_authors:
            self._authors.append(data)
