"""Untrusted text made safe to print inside a message: invisible and control characters shown."""

from __future__ import annotations

import re
import unicodedata

# C0 controls (tab and newline included: a quoted value is one line), DEL, C1 controls,
# the bidirectional embeddings, overrides and isolates, zero-width characters and marks, and
# lone surrogates (a byte that was not UTF-8, read from a terminal or a file name).
_HIDDEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
BIDI_RE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
INVISIBLE_RE = re.compile(r"[\u200b-\u200f]")
UNSAFE_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
"""What untrusted text loses before it is kept (a save's texts): the above but tab and newline."""


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation: ESC is ^[, NUL is ^@
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every control, bidi and zero-width character written out (ESC as ^[)."""
    if text.isascii() and text.isprintable():  # none of them: most text, told in C
        return text
    return _HIDDEN.sub(_shown, text)


def quoted(text: object, limit: int = 80) -> str:
    """A value as quoted in a diagnostic: made visible, and cut to `limit` characters."""
    shown = visible(str(text))
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


def width(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters 2, combining marks 0."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total
