"""Team papers: page 1 names only a team ("Qwen Team, Alibaba Group", "DeepSeek-AI");
the people are in a contributor list printed later ("Contributors", "Core
Contributors", "Authors", "Contributions and Acknowledgments").

The list is read from the plain text of the later pages: after its heading, every
line (or comma-separated piece of one) that reads as a person's name is a
contributor, until the next section heading or a run of prose. Role sub-headings
("Pretraining", "Data Pipeline & Model Training", "Project Lead") are skipped by
their words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.pdf.parse.names import _looks_like_name
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import _REFERENCES_RE, _SYMBOL_RE, is_institutional

_CONTRIBUTORS_RE = re.compile(
    r"^\s*(?:(?:appendix\s+)?[A-Z]\.?\s+|\d+(?:\.\d+)*\.?\s*)?"
    r"(?P<head>(?:core\s+|key\s+|additional\s+|other\s+|main\s+)?contributors|"
    r"contributions?(?:\s+and\s+acknowledge?ments?)?|list\s+of\s+(?:contributors|authors)|"
    r"authors?(?:\s+list)?)"
    r"\s*[*†‡★]?\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# Numbered section headings ("8 Conclusion", "A.2 Training details") end the list.
_SECTION_RE = re.compile(r"^\s*(?:[A-Z]|\d+)(?:\.\d+)*\.?\s+[A-Z][a-z]+")


def _word_set(*texts: str) -> frozenset[str]:
    return frozenset(word for text in texts for word in text.split())


# Words of role sub-headings and notes inside a contributor list.
_ROLE_WORDS = _word_set(
    "lead leads leadership contributor contributors core additional project team "
    "management pretraining pre-training post-training training data pipeline model "
    "models evaluation infrastructure support quality filter code code-related "
    "high-quality fim long-context instruct reasoning research engineering "
    "business product safety alignment multimodal vision language and & of the "
    "acknowledgments acknowledgements sponsors advisors advisor technical "
    "inference serving systems system optimization tokenizer architecture",
)


def _is_person(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or is_institutional(text):
        return False
    if sum(w.lower().strip(",.:") in _ROLE_WORDS for w in words) > 0:
        return False
    return _looks_like_name(text)


def _names_in(line: str) -> list[str]:
    text = clean_text(_SYMBOL_RE.sub(" ", line))
    text = re.sub(r"(?<=[a-z])\d+(?:,\d+)*\b", "", text)
    pieces = [p.strip(" .;") for p in re.split(r",|;|\band\b", text)]
    pieces = [p for p in pieces if p]
    # a line of the list holds names only; "John Smith designed it" is prose
    return pieces if pieces and all(_is_person(p) for p in pieces) else []


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 7 and sum(w[:1].islower() for w in words) >= 3


def _list_after(lines: list[str], start: int, first: str | None) -> list[str]:
    """The names printed after a contributor heading."""
    names: list[str] = _names_in(first) if first else []
    prose = 0
    for line in lines[start:]:
        if _REFERENCES_RE.match(line) or (
            _SECTION_RE.match(line) and not _names_in(line)
        ):
            break
        found = _names_in(line)
        if found:
            names.extend(found)
            prose = 0
        elif _is_prose(line):
            prose += 1
            if prose >= 3 and names:
                break
    return names


def _join_wrapped_lists(lines: list[str]) -> list[str]:
    """A comma-separated list wraps at spaces, even inside a name ("..., Chengyuan" /
    "Li, Dayiheng Liu, ..."): a line of two or more commas that does not end the
    sentence is joined with the line after it."""
    joined: list[str] = []
    for line in lines:
        open_list = (
            joined and joined[-1].count(",") >= 2 and not joined[-1].endswith(".")
        )
        if open_list and ("," in line or line.endswith(".")):
            joined[-1] = f"{joined[-1]} {line}"
            continue
        joined.append(line)
    return joined


def contributor_names(page_texts: Sequence[str]) -> list[str]:
    """The people of the paper's contributor list(s), in order of first appearance,
    each once; [] when the paper prints none after page 1."""
    lines = [ln.strip() for text in page_texts[1:] for ln in text.splitlines()]
    lines = _join_wrapped_lists([ln for ln in lines if ln])
    names: list[str] = []
    for index, line in enumerate(lines):
        match = _CONTRIBUTORS_RE.match(line)
        if not match:
            continue
        found = _list_after(lines, index + 1, match.group("rest"))
        if len(found) >= 2:
            names.extend(found)
    return list(dict.fromkeys(names))
