"""Emails in the header ('a@x.edu', '{a,b}@x.edu') and the author each belongs to."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.pdf.parse.names import _Name
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import _EMAIL_RE
from ingest.raw.records import BBox, Line


@dataclass
class _Email:
    address: str
    local: str
    domain: str
    group: tuple[str, ...]
    bbox: BBox


def _emails(lines: Iterable[Line]) -> list[_Email]:
    found: list[_Email] = []
    for line in lines:
        text = clean_text(line.text).replace(" ", "")
        for match in _EMAIL_RE.finditer(text):
            domain = match.group("domain").lower().strip(".")
            if match.group("group"):
                locals_ = tuple(
                    p.strip()
                    for p in re.split(r"[,;|]", match.group("group"))
                    if p.strip()
                )
            else:
                locals_ = (match.group("local").strip(".,"),)
            for local in locals_:
                found.append(
                    _Email(f"{local}@{domain}", local, domain, locals_, line.bbox)
                )
    return found


def _name_tokens(name: str) -> list[str]:
    plain = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    return [t for t in re.split(r"[^a-z]+", plain) if len(t) > 1]


def _email_owner(email: _Email, names: list[_Name]) -> int | None:
    local = re.sub(r"[^a-z]", "", email.local.lower())
    hits = []
    for index, name in enumerate(names):
        tokens = _name_tokens(name.name)
        if not tokens:
            continue
        score = 0
        if tokens[-1] in local:
            score += 2
        if tokens[0] in local:
            score += 1
        if (
            score == 0
            and len(tokens) >= 2
            and local
            in (
                tokens[0][0] + tokens[-1],
                tokens[0] + tokens[-1][0],
            )
        ):
            score = 1
        if score:
            hits.append((score, index))
    if not hits:
        return None
    hits.sort(reverse=True)
    if len(hits) > 1 and hits[0][0] == hits[1][0]:
        return None
    return hits[0][1]


def _email_of(emails: list[_Email], names: list[_Name]) -> dict[int, _Email]:
    """Author index -> the first email that belongs to them."""
    email_of: dict[int, _Email] = {}
    for email in emails:
        owner = _email_owner(email, names)
        if owner is not None and owner not in email_of:
            email_of[owner] = email
    return email_of
