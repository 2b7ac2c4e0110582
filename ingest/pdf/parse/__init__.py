"""Pure functions: page-1 layout and page texts -> title, authors, affiliations,
sections.

No I/O and no pymupdf here: ``extract.py`` hands over plain ``Line``/``Span`` records,
so every rule below is tested with small PDFs built by the test fixtures.

How the author block is read (see docs/parsing.md for the long form):

1. The title is the run of largest-font lines near the top of page 1.
2. The header zone runs from below the title to the "Abstract" heading (or the
   introduction heading). Footnotes at the foot of page 1 are read separately.
3. Each header line is a name line, an affiliation line, a contact line (emails, URLs)
   or noise ("Equal contribution", conference notices). Positions, fonts and
   superscript flags decide, never reading order alone.
4. Authors are linked to affiliations by, in order of preference: superscript markers
   (``superscript_marker``), symbol footnotes (``footnote``), the layout block under a
   name (``layout_block``), one affiliation shared by everyone (``sole_affiliation``),
   or a shared ``{a,b}@x`` email group (``shared_email``). "Work done at X" footnotes
   keep X with ``footnote_work_done``. Whatever cannot be tied to an author is kept
   with ``author_position`` null (``unlinked``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.raw.records import (
    LINK_FOOTNOTE,
    LINK_LAYOUT_BLOCK,
    LINK_SHARED_EMAIL,
    LINK_SOLE,
    LINK_SUPERSCRIPT,
    LINK_UNLINKED,
    LINK_WORK_DONE,
    Affiliation,
    Author,
    BBox,
    Line,
    ParsedPaper,
    Section,
    Span,
    join_spans,
)

# --- text clean-up ------------------------------------------------------------

# Ligatures and typographic quotes. str.translate with multi-character values takes
# CPython's slow path (it dominated parse time on 30-page papers), so the replacements
# run as plain str.replace calls, each only when its character occurs.
_REPLACEMENTS = {
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬅ": "st",
    "ﬆ": "st",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "ʼ": "'",
}
_REPLACEABLE_RE = re.compile("[" + "".join(_REPLACEMENTS) + "]")


def _replace_typographic(text: str) -> str:
    for char in set(_REPLACEABLE_RE.findall(text)):
        text = text.replace(char, _REPLACEMENTS[char])
    return text


# Old LaTeX prints accents as a separate spacing character before the letter: "R´emi".
_SPACING_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
    "˚": "\u030a",
}
_SPACING_ACCENT_RE = re.compile("([" + "".join(_SPACING_ACCENTS) + r"])\s?([A-Za-z])")


def clean_text(text: str) -> str:
    """Fix ligatures and detached accents, collapse white space."""
    text = _replace_typographic(text)
    text = _SPACING_ACCENT_RE.sub(
        lambda m: unicodedata.normalize(
            "NFC", m.group(2) + _SPACING_ACCENTS[m.group(1)]
        ),
        text,
    )
    return re.sub(r"\s+", " ", text).strip()


# --- vocabularies -------------------------------------------------------------

MARKER_SYMBOLS = "*†‡§¶∗⋆♠♣♦♥♮♯‖★☆✝✦♢♡◇□■"
_SYMBOL_RE = re.compile("[" + re.escape(MARKER_SYMBOLS) + "]")

# Vocabularies, each listed once; the three patterns below are built from them.
_UNIVERSITY_WORDS = (
    r"universit\w*|univ\.|universidad|università|université|universität|"
    r"polytechnic|politecnico|hochschule"
)
_COMPANY_WORDS = r"inc\.?|ltd\.?|llc|corp\.?|corporation|company|gmbh|hospital"
_ORGANISATIONS = (
    r"google|microsoft|meta|amazon|apple|nvidia|ibm|deepmind|openai|anthropic|"
    r"alibaba|tencent|baidu|huawei|bytedance|samsung|intel|adobe|salesforce"
)
_UNIVERSITY_ACRONYMS = r"mit|eth|epfl|kaist|hkust|cuhk|ucla|nyu|cmu"
_LAB_ACRONYMS = r"cnrs|inria|csiro|mila"
# Heads that can also name a part of an institution ("Language Technologies
# Institute", "Qwen Team").
_SUBUNIT_HEAD_WORDS = (
    r"institut\w*|college|academy|laborator\w*|labs?|foundation|research|group|team"
)
_PLACES = (
    r"usa|china|japan|germany|france|canada|korea|singapore|india|uk|italy|spain|"
    r"israel|australia|austria|belgium|belarus|brazil|chile|czech|denmark|egypt|"
    r"finland|greece|hungary|iran|ireland|netherlands|norway|pakistan|poland|"
    r"portugal|qatar|russia|sweden|switzerland|taiwan|turkey|ukraine|vietnam|"
    r"algeria|argentina|mexico|nigeria|kenya|colombia|romania|saudi arabia|"
    r"united states|united kingdom|new zealand|south africa|hong kong|macau|"
    r"california|cambridge|beijing|shanghai|shenzhen|tokyo|seoul|paris|london|"
    r"berlin|zurich|toronto|montreal|boston|seattle|pittsburgh|new york"
)


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# Words that make a line read like an institution. A name line never holds them.
_INSTITUTION_WORDS = re.compile(
    r"\b(universit\w*|univ\.?|institut\w*|college|school|academy|academia|"
    r"department|dept\.?|faculty|laborator\w*|labs?|research|inc\.?|ltd\.?|llc|"
    r"corp\.?|corporation|company|co\.|gmbh|group|cent(?:er|re)|hospital|"
    r"foundation|team|technolog\w*|polytechnic|politecnico|hochschule|ecole|école|"
    r"escuela|scuola|sciences?|engineering|informatics|council|agency|ministry|"
    r"national)\b"
    r"|@|"
    + _words(_ORGANISATIONS, _UNIVERSITY_ACRONYMS, _LAB_ACRONYMS, _PLACES).pattern,
    re.IGNORECASE,
)
# A "head" names a whole institution; a line without one ("Department of X",
# "Seattle, WA 98195, USA") continues the affiliation above it.
_TOP_HEAD_WORDS = _words(
    _UNIVERSITY_WORDS, _COMPANY_WORDS, _ORGANISATIONS, _UNIVERSITY_ACRONYMS
)
_HEAD_WORDS = _words(_TOP_HEAD_WORDS.pattern, _SUBUNIT_HEAD_WORDS, _LAB_ACRONYMS)
_NOISE_RE = re.compile(
    r"equal contribution|contributed equally|corresponding author|correspondence|"
    r"project lead|work in progress|preprint|under review|technical report|"
    r"conference on|proceedings of|workshop|published as|copyright|©|\(c\) 20|"
    r"arxiv:|first version|this version|code (is )?(available|released)|"
    r"project page|https?://|www\.|github\.com|huggingface\.co|^\s*\d{1,2}\s*$|"
    r"\b(january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+\d{1,2},?\s+\d{4}\b|^\s*(equal|core) contributors?",
    re.IGNORECASE,
)
_WORK_DONE_RE = re.compile(
    r"(?:work|research|this work was|part of this work was|done)\s+"
    r"(?:was\s+)?(?:done|performed|conducted|completed)?\s*"
    r"(?:during|while|when)\s+(?:an?\s+|the\s+author\s+was\s+an?\s+|"
    r"(?:he|she|they)\s+(?:was|were)\s+(?:an?\s+)?)?"
    r"(?:internship|intern|interning|visiting|visit|employed|working|at)\b"
    r"(?:\s+(?:at|with))?\s*(?P<org>.+)",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(
    r"(?:\{(?P<group>[^}]{1,400})\}|(?P<local>[\w.+\-]+))\s*@\s*"
    r"(?P<domain>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
)
_ABSTRACT_RE = re.compile(r"^\s*a\s?bstract\s*[:.—–-]?\s*$", re.IGNORECASE)
_ABSTRACT_INLINE_RE = re.compile(r"^\s*a\s?bstract\s*[:.—–-]\s*\S", re.IGNORECASE)
_INTRO_RE = re.compile(r"^\s*(?:(?:1|i)\s*\.?\s*)?i\s?ntroduction\s*$", re.IGNORECASE)
_REFERENCES_RE = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:references|bibliography|literature cited|r\s?eferences)\s*$",
    re.IGNORECASE,
)
_APPENDIX_RE = re.compile(
    r"^\s*(?:appendix|appendices|supplementary material|supplemental material|"
    r"technical appendices)\b",
    re.IGNORECASE,
)
_APPENDIX_LETTER_RE = re.compile(
    r"^\s*A(?:\.|\s+)?\s*$|^\s*A\.?\s+[A-Z][\w ,:-]{2,70}$"
)


def is_institutional(text: str) -> bool:
    return bool(_INSTITUTION_WORDS.search(text))


def has_head(text: str) -> bool:
    return bool(_HEAD_WORDS.search(text))


def is_noise(text: str) -> bool:
    return bool(_NOISE_RE.search(text))


# --- geometry helpers ---------------------------------------------------------


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _xrange(bbox: BBox) -> tuple[float, float]:
    return (bbox[0], bbox[2])


def _union(boxes: Iterable[BBox]) -> BBox:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _content_spans(line: Line) -> list[Span]:
    return [span for span in line.spans if span.text.strip()]


def _line_size(line: Line) -> float:
    spans = [s for s in _content_spans(line) if not s.is_superscript]
    spans = spans or _content_spans(line)
    return max((s.size for s in spans), default=0.0)


def _line_bold(line: Line) -> bool:
    spans = [s for s in _content_spans(line) if not s.is_superscript]
    chars = sum(len(s.text) for s in spans) or 1
    return sum(len(s.text) for s in spans if s.is_bold) / chars > 0.5


def _body_size(lines: Sequence[Line]) -> float:
    weights: dict[float, int] = {}
    for line in lines:
        for span in line.spans:
            weights[round(span.size)] = weights.get(round(span.size), 0) + len(
                span.text.strip()
            )
    return max(weights, key=lambda k: weights[k]) if weights else 10.0


def _is_marker_span(span: Span, main_size: float) -> bool:
    text = span.text.strip()
    if not text:
        return False
    small = span.size < main_size * 0.85
    if span.is_superscript or small:
        return bool(
            re.fullmatch(r"[\w" + re.escape(MARKER_SYMBOLS) + r",;\s.]{1,12}", text)
        )
    return False


def split_markers(text: str) -> list[str]:
    """'1,2' -> ['1','2']; '1∗' -> ['1','*']; 'a,b' -> ['a','b']."""
    out: list[str] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        for token in re.findall(r"\d+|[a-z]|[" + re.escape(MARKER_SYMBOLS) + "]", part):
            out.append("*" if token in "∗⋆" else token)
    return out


# --- title and zones ----------------------------------------------------------


@dataclass
class _Zones:
    title_lines: list[Line]
    header: list[Line]
    footnotes: list[Line]
    body_size: float


def _find_zones(lines: Sequence[Line], page_height: float) -> _Zones:
    horizontal = [ln for ln in lines if ln.is_horizontal and ln.text.strip()]
    horizontal.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    body_size = _body_size(horizontal)
    top = [
        ln
        for ln in horizontal
        if ln.bbox[1] < page_height * 0.45
        and not is_noise(ln.text)
        and len(ln.text.strip()) > 2
    ]
    title_lines: list[Line] = []
    if top:
        biggest = max(_line_size(ln) for ln in top)
        if biggest >= body_size + 1.5:
            candidates = [ln for ln in top if _line_size(ln) >= biggest - 0.8]
            first = candidates[0]
            title_lines = [first]
            for ln in candidates[1:]:
                gap = ln.bbox[1] - title_lines[-1].bbox[3]
                if gap < biggest * 1.6:
                    title_lines.append(ln)
                else:
                    break
    title_bottom = max((ln.bbox[3] for ln in title_lines), default=0.0)
    title_top = min((ln.bbox[1] for ln in title_lines), default=0.0)

    abstract_top = None
    for ln in horizontal:
        if ln.bbox[1] < title_bottom - 1:
            continue
        text = ln.text
        if _ABSTRACT_RE.match(text) or _ABSTRACT_INLINE_RE.match(text):
            abstract_top = ln.bbox[1]
            break
    if abstract_top is None:
        for ln in horizontal:
            if ln.bbox[1] > title_bottom and _INTRO_RE.match(ln.text):
                abstract_top = ln.bbox[1]
                break
    if abstract_top is not None:
        header_bottom = abstract_top
    else:
        # No heading on page 1 (long author lists push the abstract over): the header
        # ends at the first paragraph of running text, or above the footnotes.
        header_bottom = page_height * 0.86
        for block in _blocks(horizontal):
            top = min(ln.bbox[1] for ln in block)
            chars = sum(len(ln.text) for ln in block) / len(block)
            if top > title_bottom and len(block) >= 3 and chars > 60:
                header_bottom = min(header_bottom, top)
    header = [
        ln
        for ln in horizontal
        if ln.bbox[1] >= title_bottom - 1
        and ln.bbox[3] <= header_bottom + 1
        and ln.bbox[1] >= title_top
        and ln not in title_lines
    ]
    footnote_top = page_height * 0.68
    footnotes = [
        ln
        for ln in horizontal
        if ln.bbox[1] > footnote_top and _line_size(ln) < body_size - 0.4
    ]
    return _Zones(title_lines, header, footnotes, body_size)


def _blocks(lines: Sequence[Line]) -> list[list[Line]]:
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    return list(blocks.values())


# --- header lines -------------------------------------------------------------


@dataclass
class _Entry:
    """An affiliation candidate: text plus where it was printed."""

    text: str
    bbox: BBox
    marker: str | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass
class _Name:
    name: str
    bbox: BBox
    markers: list[str]
    row: int = 0


def _starts_with_marker(line: Line, main_size: float) -> bool:
    spans = _content_spans(line)
    return bool(spans) and _is_marker_span(spans[0], main_size) and len(spans) > 1


def _marker_entries(line: Line, main_size: float) -> list[_Entry]:
    """Split '¹Univ A ²Univ B' (one printed line) into marked entries."""
    groups: list[tuple[str | None, list[Span]]] = []
    for span in line.spans:
        if _is_marker_span(span, main_size):
            groups.append((span.text.strip(), []))
        elif groups:
            groups[-1][1].append(span)
        else:
            groups.append((None, [span]))
    entries: list[_Entry] = []
    for marker, spans in groups:
        text = clean_text(join_spans(spans)).strip(" ,;")
        boxes = [s.bbox for s in spans if s.text.strip()]
        if text and boxes:
            entries.append(_Entry(text, _union(boxes), marker, [line]))
    return entries


def _has_trailing_markers(line: Line, main_size: float) -> bool:
    spans = _content_spans(line)
    return any(
        _is_marker_span(span, main_size) and re.fullmatch(r"[\d,\s]+", span.text)
        for span in spans[1:]
    )


def _trailing_marker_entries(line: Line, main_size: float) -> list[_Entry]:
    """'Univ A¹, City, Country' and 'Univ B² and Lab C³, City': the marker follows
    the institution; an address after the last marker belongs to every entry."""
    groups: list[tuple[list[Span], str | None]] = [([], None)]
    for span in line.spans:
        if _is_marker_span(span, main_size) and re.fullmatch(r"[\d,\s]+", span.text):
            groups[-1] = (groups[-1][0], span.text.strip())
            groups.append(([], None))
        else:
            groups[-1][0].append(span)
    tail_spans = groups[-1][0] if groups[-1][1] is None else []
    tail = clean_text(join_spans(tail_spans)).strip(" ,;")
    entries: list[_Entry] = []
    for spans, marker in groups:
        if marker is None:
            continue
        text = clean_text(join_spans(spans))
        text = re.sub(r"^\s*(?:,|;|and\b|&)\s*", "", text).strip(" ,;")
        boxes = [s.bbox for s in spans if s.text.strip()]
        if not text or not boxes:
            continue
        full = f"{text}, {tail}" if tail else text
        entries.append(_Entry(full, _union(boxes), marker, [line]))
    return entries


_NAME_SPLIT_RE = re.compile(r"\s*(?:,\s*and\s+|,|;|\band\b|&|\s{3,})\s*")


@dataclass
class _Segment:
    """Text between two markers (or wide gaps) of a printed line."""

    text: str
    boxes: list[BBox]
    markers: list[str]


def _segments(line: Line, main_size: float) -> list[_Segment]:
    segments: list[_Segment] = [_Segment("", [], [])]
    last_right: float | None = None
    for span in line.spans:
        current = segments[-1]
        if _is_marker_span(span, main_size):
            current.markers.extend(split_markers(span.text))
            last_right = span.bbox[2]
            continue
        if not span.text.strip():
            current.text += span.text
            continue
        gap = span.bbox[0] - last_right if last_right is not None else 0.0
        if current.markers or (current.text.strip() and gap > span.size * 1.2):
            current = _Segment("", [], [])
            segments.append(current)
        current.text += span.text
        current.boxes.append(span.bbox)
        last_right = span.bbox[2]
    return [seg for seg in segments if seg.text.strip() or seg.markers]


def _name_pieces(text: str) -> list[str]:
    return [p for p in _NAME_SPLIT_RE.split(text) if p and p.strip()]


def _names_from_line(line: Line, main_size: float, row: int) -> list[_Name]:
    """Cut a printed name line into names, each with its superscript markers."""
    names: list[_Name] = []
    for segment in _segments(line, main_size):
        pieces = _name_pieces(segment.text)
        if not pieces or not segment.boxes:
            if names and segment.markers:
                names[-1].markers.extend(segment.markers)
            continue
        box = _union(segment.boxes)
        width = box[2] - box[0]
        total = sum(len(p) for p in pieces) or 1
        x = box[0]
        for i, piece in enumerate(pieces):
            # symbols typed inline ("Yanzhao Zhang*") are markers too
            inline = ["*" if s in "∗⋆" else s for s in _SYMBOL_RE.findall(piece)]
            clean = clean_text(_SYMBOL_RE.sub("", piece)).strip(" ,.")
            digits = re.search(r"(?<=[a-z])(\d[\d,]*)$", clean)
            if digits:
                inline += split_markers(digits.group(1))
                clean = clean[: digits.start()].strip()
            step = width * len(piece) / total
            piece_box = (x, box[1], x + step, box[3])
            x += step
            markers = inline + (segment.markers if i == len(pieces) - 1 else [])
            if clean and _looks_like_name(clean):
                names.append(_Name(clean, piece_box, markers, row))
            elif names and markers:
                names[-1].markers.extend(markers)
    return names


def _is_name_line(line: Line, main_size: float) -> bool:
    pieces = [
        clean_text(_SYMBOL_RE.sub("", piece))
        for segment in _segments(line, main_size)
        for piece in _name_pieces(segment.text)
    ]
    pieces = [p for p in pieces if p.strip(" ,.")]
    return (
        bool(pieces) and sum(_looks_like_name(p) for p in pieces) >= len(pieces) * 0.6
    )


def _unmarked_text(line: Line, main_size: float) -> str:
    """The line's text without its superscript marker spans."""
    return clean_text(
        "".join(s.text for s in line.spans if not _is_marker_span(s, main_size))
    )


_NAME_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "da",
    "di",
    "du",
    "la",
    "le",
    "del",
    "bin",
    "binti",
    "al",
    "el",
    "ter",
    "zu",
    "y",
    "dos",
    "das",
    "e",
}


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if re.search(r"\d|@|http|[()/]", text):
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper() and word[0].isalpha():
            return False
        if not word[0].isalpha():
            return False
        # "ods.ai" is a domain; "J." and "S.Y." are initials
        if "." in word.rstrip(".") and not re.fullmatch(
            r"(?:[^\W\d_]\.)+[^\W\d_]?\.?|[^\W\d_]+\.", word
        ):
            return False
    return True


def _classify(
    header: list[Line], main_size: float
) -> tuple[list[Line], list[Line], list[Line]]:
    """Return (name lines, affiliation lines, contact lines); noise is dropped."""
    names: list[Line] = []
    affiliations: list[Line] = []
    contacts: list[Line] = []
    name_style: tuple[bool, float] | None = None
    for line in header:
        text = clean_text(line.text)
        if not text:
            continue
        if "@" in text or all(s.is_mono for s in _content_spans(line)):
            contacts.append(line)
            continue
        if is_noise(text) and not has_head(text):
            continue
        style = (_line_bold(line), round(_line_size(line)))
        starts_marked = _starts_with_marker(line, main_size)
        plain = _SYMBOL_RE.sub("", _unmarked_text(line, main_size))
        if name_style is None and not starts_marked and not is_institutional(plain):
            name_style = style
        if (
            not starts_marked
            and style == name_style
            and not is_institutional(plain)
            and _is_name_line(line, main_size)
        ):
            names.append(line)
        else:
            affiliations.append(line)
    # A name-like line printed right under an affiliation line of the same style
    # ("Ukrainian Catholic University" / "Lviv, Ukraine") continues that affiliation.
    for line in sorted(names, key=lambda ln: ln.bbox[1]):
        for above in affiliations:
            gap = line.bbox[1] - above.bbox[3]
            height = line.bbox[3] - line.bbox[1]
            if (
                -1 <= gap < height * 0.6
                and _overlap(_xrange(above.bbox), _xrange(line.bbox)) > 0
                and (_line_bold(above), round(_line_size(above)))
                == (_line_bold(line), round(_line_size(line)))
                and not _starts_with_marker(above, main_size)
            ):
                names.remove(line)
                affiliations.append(line)
                break
    affiliations.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return names, affiliations, contacts


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines that share a baseline band into rows, top to bottom."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        if rows:
            last = rows[-1]
            band = (min(ln.bbox[1] for ln in last), max(ln.bbox[3] for ln in last))
            height = line.bbox[3] - line.bbox[1]
            if _overlap(band, (line.bbox[1], line.bbox[3])) > height * 0.5:
                last.append(line)
                continue
        rows.append([line])
    return rows


def _starts_new_affiliation(so_far: str, line_text: str) -> bool:
    """Does this line start a new affiliation, or continue the text above it?

    A line naming an institution starts a new one when the text so far already names
    a whole institution ("Univ. of Maryland" / "School of CS, CMU"). A sub-unit above
    its parent ("Language Technologies Institute" / "Carnegie Mellon University") and
    address lines ("Seattle, WA 98195, USA") continue it.
    """
    if not has_head(line_text):
        return False
    if _TOP_HEAD_WORDS.search(so_far):
        return True
    return has_head(so_far) and not _TOP_HEAD_WORDS.search(line_text)


def _split_by_heads(lines: list[Line]) -> list[_Entry]:
    """Stack of unmarked lines in one column -> affiliations.

    A new affiliation starts at a line that names a whole institution when the text
    gathered so far already names one; other lines continue the one above.
    """
    entries: list[_Entry] = []
    for line in lines:
        text = clean_text(line.text).strip(" ,;")
        if not text:
            continue
        if entries and not _starts_new_affiliation(entries[-1].text, text):
            prev = entries[-1]
            joiner = "" if prev.text.endswith("-") else ", "
            prev.text = (prev.text.rstrip(",") + joiner + text).strip()
            prev.bbox = _union([prev.bbox, line.bbox])
            prev.lines.append(line)
        else:
            entries.append(_Entry(text=text, bbox=line.bbox, lines=[line]))
    return entries


def _merge_row_pieces(lines: list[Line]) -> list[Line]:
    """PyMuPDF cuts one printed line at wide word gaps ("Tongyi Lab  Alibaba Group");
    glue pieces of the same row that stand closer than two font sizes."""
    merged: list[Line] = []
    for row in _rows(lines):
        row = sorted(row, key=lambda ln: ln.bbox[0])
        current = row[0]
        for line in row[1:]:
            size = _line_size(line) or 10.0
            if line.bbox[0] - current.bbox[2] < 2 * size:
                current = Line(
                    bbox=_union([current.bbox, line.bbox]),
                    spans=(*current.spans, *line.spans),
                    block=current.block,
                )
            else:
                merged.append(current)
                current = line
        merged.append(current)
    return merged


def _columns(lines: list[Line]) -> list[list[Line]]:
    """Cluster lines whose x-ranges overlap into columns (left to right)."""
    columns: list[list[Line]] = []
    for line in sorted(_merge_row_pieces(lines), key=lambda ln: ln.bbox[0]):
        for column in columns:
            span = (min(ln.bbox[0] for ln in column), max(ln.bbox[2] for ln in column))
            if _overlap(span, _xrange(line.bbox)) > 0:
                column.append(line)
                break
        else:
            columns.append([line])
    for column in columns:
        column.sort(key=lambda ln: ln.bbox[1])
    return columns


# --- emails -------------------------------------------------------------------


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


# --- footnotes ----------------------------------------------------------------


def _footnote_entries(footnotes: list[Line], body_size: float) -> list[_Entry]:
    """Footnote lines at the page foot -> entries keyed by their leading marker."""
    entries: list[_Entry] = []
    for line in sorted(footnotes, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        spans = _content_spans(line)
        if not spans:
            continue
        size = _line_size(line)
        first = spans[0]
        for position, entry in enumerate(_marker_entries(line, size)):
            if entry.marker is None and position == 0:
                symbol = _SYMBOL_RE.match(entry.text)
                if symbol and first.size <= size:
                    entry.marker = symbol.group(0)
                    entry.text = entry.text[1:].strip()
                elif entries and line.bbox[1] - entries[-1].bbox[3] < size * 1.5:
                    entries[-1].text = _join_wrapped(entries[-1].text, entry.text)
                    entries[-1].bbox = _union([entries[-1].bbox, entry.bbox])
                    continue
                else:
                    continue
            entries.append(entry)
    for entry in entries:
        if entry.marker:
            entry.marker = (split_markers(entry.marker) or [entry.marker])[0]
    return entries


def _join_wrapped(first: str, second: str) -> str:
    """Join a line wrapped inside a footnote, undoing 'Cal-' + 'ifornia'."""
    if first.endswith("-") and second[:1].islower():
        return clean_text(first[:-1] + second)
    return clean_text(first + " " + second)


def _affiliation_parts(text: str) -> list[str]:
    """ICML-style footnote '¹Dept A, Univ B, City, Country. Correspondence to: …'."""
    text = re.split(r"\b(?:correspondence to|contact)\s*:", text, flags=re.IGNORECASE)[
        0
    ]
    text = re.sub(
        r"^\s*(?:current|present|now at|also with|also at|permanent)\s*"
        r"(?:affiliation|address)?\s*:?\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.split(r"\bproceedings of\b", text, flags=re.IGNORECASE)[0]
    return [text.strip(" .;,")] if text.strip(" .;,") else []


# --- the author block ---------------------------------------------------------


@dataclass
class AuthorBlock:
    authors: list[Author]
    affiliations: list[Affiliation]


def parse_author_block(
    lines: Sequence[Line], page_height: float
) -> tuple[str, AuthorBlock]:
    zones = _find_zones(lines, page_height)
    title = clean_text(" ".join(ln.text for ln in zones.title_lines))
    main_size = max(
        (
            _line_size(ln)
            for ln in zones.header
            if not _starts_with_marker(ln, zones.body_size)
        ),
        default=zones.body_size,
    )
    name_lines, aff_lines, contact_lines = _classify(zones.header, main_size)

    names: list[_Name] = []
    row_of: dict[int, int] = {}
    for row_index, row in enumerate(_rows(name_lines)):
        for line in sorted(row, key=lambda ln: ln.bbox[0]):
            row_of[id(line)] = row_index
            names.extend(
                _names_from_line(line, _line_size(line) or main_size, row_index)
            )

    emails = _emails(contact_lines + aff_lines)
    # Contact text that slipped into affiliation lines ("{a,b}@x.edu") is not one.
    aff_lines = [ln for ln in aff_lines if "@" not in ln.text]

    marked: list[_Entry] = []
    unmarked_lines: list[Line] = []
    for line in aff_lines:
        if _starts_with_marker(line, _line_size(line)):
            marked.extend(_marker_entries(line, _line_size(line)))
        elif _has_trailing_markers(line, _line_size(line)):
            marked.extend(_trailing_marker_entries(line, _line_size(line)))
        elif marked and _continues(marked[-1], line):
            marked[-1].text = _wrap_join(marked[-1].text, clean_text(line.text))
            marked[-1].bbox = _union([marked[-1].bbox, line.bbox])
        else:
            unmarked_lines.append(line)

    footnotes = _footnote_entries(zones.footnotes, zones.body_size)

    links: list[tuple[int | None, _Entry, str]] = []
    used_markers = {m for n in names for m in n.markers}
    by_marker: dict[str, list[_Entry]] = {}
    for entry in marked:
        if entry.marker:
            for m in split_markers(entry.marker) or [entry.marker]:
                by_marker.setdefault(m, []).append(entry)
    for entry in footnotes:
        if entry.marker and entry.marker in used_markers:
            for part in _affiliation_parts(entry.text):
                work = _WORK_DONE_RE.search(part)
                if work:
                    org = work.group("org").strip(" .;,")
                    by_marker.setdefault(entry.marker, []).append(
                        _Entry(org, entry.bbox, entry.marker + "#work")
                    )
                elif (
                    entry.marker.isdigit() or is_institutional(part)
                ) and not is_noise(part):
                    by_marker.setdefault(entry.marker, []).append(
                        _Entry(part, entry.bbox, entry.marker + "#foot")
                    )

    linked_entries: set[int] = set()
    for index, name in enumerate(names):
        markers = list(name.markers)
        expanded: list[str] = []
        for m in markers:
            if m in by_marker or not m.isdigit() or len(m) == 1:
                expanded.append(m)
            else:  # '23' printed for '2,3'
                expanded.extend(m)
        for m in expanded:
            for entry in by_marker.get(m, []):
                method = LINK_SUPERSCRIPT
                if entry.marker and entry.marker.endswith("#work"):
                    method = LINK_WORK_DONE
                elif entry.marker and entry.marker.endswith("#foot"):
                    method = LINK_FOOTNOTE
                links.append((index, entry, method))
                linked_entries.add(id(entry))
    for entry in marked:
        if id(entry) not in linked_entries:
            links.append((None, entry, LINK_UNLINKED))

    # Unmarked affiliation lines: link by layout.
    if unmarked_lines:
        owners_linked = {
            i for i, _, m in links if i is not None and m == LINK_SUPERSCRIPT
        }
        links.extend(_layout_links(names, name_lines, unmarked_lines, owners_linked))

    # Shared {a,b}@x groups: an author with nothing else takes the affiliation of the
    # group-mates printed with them.
    email_of: dict[int, _Email] = {}
    for email in emails:
        owner = _email_owner(email, names)
        if owner is not None and owner not in email_of:
            email_of[owner] = email
    has_aff = {i for i, _, m in links if i is not None and m != LINK_WORK_DONE}
    for index in range(len(names)):
        if index in has_aff or index not in email_of:
            continue
        group = email_of[index].group
        if len(group) < 2:
            continue
        mates = [
            i
            for i, e in email_of.items()
            if i != index and e.group == group and i in has_aff
        ]
        mate_entries = {
            id(entry): entry
            for i, entry, m in links
            if i in mates and m != LINK_WORK_DONE
        }
        if len(mate_entries) == 1:
            links.append((index, next(iter(mate_entries.values())), LINK_SHARED_EMAIL))

    authors = [
        Author(
            position=i + 1,
            name=n.name,
            email=email_of[i].address if i in email_of else None,
            markers=tuple(n.markers),
        )
        for i, n in enumerate(names)
    ]
    affiliations: list[Affiliation] = []
    counters: dict[int | None, int] = {}
    seen: set[tuple[int | None, str]] = set()
    for author_index, entry, method in links:
        text = clean_text(entry.text).strip(" ,;.")
        if not text:
            continue
        position = None if author_index is None else author_index + 1
        if (position, text) in seen:
            continue
        seen.add((position, text))
        counters[position] = counters.get(position, 0) + 1
        domain = email_of[author_index].domain if author_index in email_of else None
        affiliations.append(
            Affiliation(
                author_position=position,
                affiliation_position=counters[position],
                text=text,
                page=1,
                bbox=_rounded(entry.bbox),
                link_method=method,
                email_domain=domain,
            )
        )
    affiliations.sort(
        key=lambda a: (
            a.author_position is None,
            a.author_position or 0,
            a.affiliation_position,
        )
    )
    return title, AuthorBlock(authors, affiliations)


def _wrap_join(text: str, more: str) -> str:
    """Join a wrapped name with a space ("Carnegie" + "Mellon University") and an
    address line with a comma ("Univ X" + "Seattle, USA")."""
    if text.endswith("-") and more[:1].islower():
        return text[:-1] + more
    if _TOP_HEAD_WORDS.search(text) and not re.search(r"\b(?:of|and|for|the)$", text):
        return f"{text.rstrip(',')}, {more}"
    return f"{text} {more}"


def _continues(entry: _Entry, line: Line) -> bool:
    """An unmarked line right under the last marked entry that wraps it.

    "³Carnegie" / "Mellon University" and "²Institute of" / "Automation, CAS" wrap;
    "Seattle, WA, USA" under its entry is its address. A line naming a whole
    institution under an entry that already names one is not a continuation.
    """
    gap = line.bbox[1] - entry.bbox[3]
    height = line.bbox[3] - line.bbox[1]
    if not -height * 0.5 <= gap < height * 0.8:
        return False
    text = clean_text(line.text)
    unfinished = bool(
        re.search(r"(?:\b(?:of|and|for|the|de|di|du)|[,&-])$", entry.text)
    )
    return (
        unfinished
        or text[:1].islower()
        or not has_head(text)
        or not _TOP_HEAD_WORDS.search(entry.text)
    )


def _layout_links(
    names: list[_Name],
    name_lines: list[Line],
    aff_lines: list[Line],
    already_linked: set[int],
) -> list[tuple[int | None, _Entry, str]]:
    """Link unmarked affiliation lines to the names printed above them."""
    links: list[tuple[int | None, _Entry, str]] = []
    name_rows = _rows(name_lines)
    row_tops = [min(ln.bbox[1] for ln in row) for row in name_rows]
    # Each affiliation line belongs to the last name row above it.
    groups: dict[int, list[Line]] = {}
    orphans: list[Line] = []
    for line in aff_lines:
        above = [i for i, top in enumerate(row_tops) if top < line.bbox[1]]
        if above:
            groups.setdefault(above[-1], []).append(line)
        else:
            orphans.append(line)
    # Consecutive name rows with no affiliation between them form one name group
    # ("Alice, Bob / Carol, Dan / Univ X": all four share it).
    owners_of_row: dict[int, list[int]] = {}
    pending: list[int] = []
    for row_index in range(len(name_rows)):
        pending.append(row_index)
        if row_index in groups:
            owners_of_row[row_index] = list(pending)
            pending = []
    only_group = len(groups) == 1
    for row_index, lines in groups.items():
        rows = owners_of_row[row_index]
        candidates = [
            i for i, n in enumerate(names) if n.row in rows and i not in already_linked
        ]
        columns = _columns(lines)
        for column in columns:
            entries = _split_by_heads(column)
            if len(columns) == 1:
                owners = candidates
            else:
                span = (
                    min(ln.bbox[0] for ln in column),
                    max(ln.bbox[2] for ln in column),
                )
                owners = [
                    i
                    for i in candidates
                    if _overlap(span, _xrange(names[i].bbox)) > 0
                    and names[i].row == rows[-1]
                ]
                if not owners and candidates:
                    centre = (span[0] + span[1]) / 2
                    owners = [
                        min(
                            candidates,
                            key=lambda i: abs(
                                (names[i].bbox[0] + names[i].bbox[2]) / 2 - centre
                            ),
                        )
                    ]
            method = (
                LINK_SOLE
                if only_group and len(columns) == 1 and len(entries) == 1
                else LINK_LAYOUT_BLOCK
            )
            for entry in entries:
                if owners:
                    links.extend((i, entry, method) for i in owners)
                else:
                    links.append((None, entry, LINK_UNLINKED))
    for entry in _split_by_heads(orphans):
        links.append((None, entry, LINK_UNLINKED))
    return links


def _rounded(bbox: BBox) -> BBox:
    """Bounding boxes are reported to 0.01 pt; finer digits are noise."""
    x0, y0, x1, y1 = bbox
    return (round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2))


# --- sections -----------------------------------------------------------------


def split_sections(title: str, page_texts: Sequence[str]) -> tuple[str, list[Section]]:
    """Split the full text into title / abstract / body / references.

    Text after the references heading is references, until an appendix heading, after
    which it is body again. Returns the abstract text and the sections.
    """
    lines: list[tuple[int, str]] = []
    for page_number, text in enumerate(page_texts, start=1):
        lines.extend((page_number, ln) for ln in text.splitlines())

    def joined(chunk: list[tuple[int, str]]) -> str:
        text = _replace_typographic("\n".join(ln for _, ln in chunk))
        text = re.sub(r"-\n(?=[a-z])", "", text)
        return clean_text(text)

    abstract_start = abstract_end = None
    for i, (page, ln) in enumerate(lines):
        if page > 2:
            break
        if _ABSTRACT_RE.match(ln) or _ABSTRACT_INLINE_RE.match(ln):
            abstract_start = i
            break
    if abstract_start is not None:
        for j in range(abstract_start + 1, len(lines)):
            page, ln = lines[j]
            if page > 2:
                break
            nxt = lines[j + 1][1] if j + 1 < len(lines) else ""
            if _INTRO_RE.match(ln) or (
                re.fullmatch(r"\s*(1|I)\.?\s*", ln) and re.match(r"\s*[A-Z]", nxt)
            ):
                abstract_end = j
                break
        if abstract_end is None:
            # no numbered heading found: take the abstract's paragraph on page 1
            abstract_end = abstract_start + 1
            while (
                abstract_end < len(lines)
                and lines[abstract_end][0] == lines[abstract_start][0]
                and abstract_end - abstract_start < 40
            ):
                abstract_end += 1

    # the first references heading after the abstract
    references_start = None
    for i in range(abstract_end or 0, len(lines)):
        if _REFERENCES_RE.match(lines[i][1]):
            references_start = i
            break
    appendix_start = None
    if references_start is not None:
        for i in range(references_start + 1, len(lines)):
            ln = lines[i][1]
            nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
            if (
                _APPENDIX_RE.match(ln)
                or (
                    re.fullmatch(r"\s*A\.?\s*", ln)
                    and re.match(r"\s*[A-Z][a-z]", nxt)
                    and len(nxt) < 80
                )
                or (
                    re.fullmatch(r"\s*A\.?\s+[A-Z][A-Za-z ,:-]{2,60}", ln)
                    and not re.search(r"\d{4}|,\s*[A-Z]\.", ln)
                )
            ):
                appendix_start = i
                break

    sections: list[Section] = []
    if title:
        sections.append(Section("title", title, 1, 1))
    abstract = ""
    if abstract_start is not None and abstract_end is not None:
        chunk = lines[abstract_start:abstract_end]
        first_line = re.sub(
            r"^\s*a\s?bstract\s*[:.—–-]?\s*", "", chunk[0][1], flags=re.I
        )
        abstract = joined([(chunk[0][0], first_line), *chunk[1:]])
        if abstract:
            sections.append(Section("abstract", abstract, chunk[0][0], chunk[-1][0]))
        body_from = abstract_end
    else:
        body_from = 0
    body_to = references_start if references_start is not None else len(lines)
    body_chunks = [lines[body_from:body_to]]
    if appendix_start is not None:
        body_chunks.append(lines[appendix_start:])
    body_lines = [ln for chunk in body_chunks for ln in chunk]
    if body_lines:
        sections.append(
            Section("body", joined(body_lines), body_lines[0][0], body_lines[-1][0])
        )
    if references_start is not None:
        ref_lines = lines[references_start + 1 : appendix_start or len(lines)]
        if ref_lines:
            sections.append(
                Section(
                    "references", joined(ref_lines), ref_lines[0][0], ref_lines[-1][0]
                )
            )
    return abstract, sections


# --- the whole paper ----------------------------------------------------------


def parse_paper(
    lines: Sequence[Line], page_texts: Sequence[str], page_height: float
) -> ParsedPaper:
    title, block = parse_author_block(lines, page_height)
    abstract, sections = split_sections(title, page_texts)
    paper = ParsedPaper(
        title=title,
        abstract=abstract,
        authors=block.authors,
        affiliations=block.affiliations,
        sections=sections,
    )
    if not block.authors:
        paper.problems.append(
            (
                "no_author_block",
                "no author names found on page 1; run `paperscope inspect` on the file "
                "to see the layout",
            )
        )
    return paper
