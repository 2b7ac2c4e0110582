"""Text clean-up: ligatures, typographic quotes, detached accents, white space."""

from __future__ import annotations

import re
import unicodedata

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
