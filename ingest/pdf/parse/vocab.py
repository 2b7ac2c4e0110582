"""Vocabularies and patterns: marker symbols, institution words, noise, headings.

Each word list is written once; the patterns that read institutions, heads and noise
are built from them.
"""

from __future__ import annotations

import re

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
    + _words(_ORGANISATIONS, _UNIVERSITY_ACRONYMS, _LAB_ACRONYMS).pattern
    # a place inside a hyphenated surname ("Harel-Canada") names no institution
    + r"|(?<!-)\b(?:"
    + _PLACES
    + r")\b(?!-)",
    re.IGNORECASE,
)
# A "head" names a whole institution; a line without one ("Department of X",
# "Seattle, WA 98195, USA") continues the affiliation above it.
_TOP_HEAD_WORDS = _words(
    _UNIVERSITY_WORDS, _COMPANY_WORDS, _ORGANISATIONS, _UNIVERSITY_ACRONYMS
)
_HEAD_WORDS = _words(_TOP_HEAD_WORDS.pattern, _SUBUNIT_HEAD_WORDS, _LAB_ACRONYMS)
# Text that ends with a country or city is a whole affiliation ("..., United States").
_ENDS_WITH_PLACE_RE = re.compile(r"\b(?:" + _PLACES + r")\s*[.,;]?\s*$", re.IGNORECASE)
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


def is_institutional(text: str) -> bool:
    return bool(_INSTITUTION_WORDS.search(text))


def has_head(text: str) -> bool:
    return bool(_HEAD_WORDS.search(text))


def is_noise(text: str) -> bool:
    return bool(_NOISE_RE.search(text))
