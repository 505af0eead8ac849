"""Markdown and dates as plain text: shared by the plain renderer, reports and the debrief."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_LIST = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


def human_date(date: str | None) -> str:
    """'1940-08-20' -> '20 August 1940'; '1939-03' -> 'March 1939'; '1939' -> '1939'."""
    if not date:
        return ""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def date_key(date: str | None) -> str:
    """A sort key that orders partial dates chronologically, undated last.

    A month-only or year-only date sorts after the precise dates inside it ("1940-08" after
    "1940-08-17"; "1960" after "1960-05-06"), where it reads as "later that month/year".
    """
    return f"{date}~" if date else "9999~"


def inline(text: str) -> str:
    """Drop Markdown emphasis markers, keeping every other character literally.

    Strong (`**x**`, `__x__`) first, then emphasis (`*x*`, `_x_`): a marker opens before a
    non-space and closes, at the nearest matching marker on the same line, after one; `*`
    and `_` of emphasis do not touch a letter, digit or `*` on their outer side. A scan with a
    sorted list of closers, so unclosed markers cost linear time (a backtracking regex took
    seconds on 32 KB of `**a `).
    """
    text = _pair(text, ("**", "__"), lambda t, i: True, lambda t, j: True)
    return _pair(text, ("*", "_"), _emphasis_opens, _emphasis_closes)


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "*"


def _emphasis_opens(text: str, i: int) -> bool:
    return i == 0 or not _word(text[i - 1])


def _emphasis_closes(text: str, j: int) -> bool:
    return j + 1 >= len(text) or not _word(text[j + 1])


_MARKER = re.compile(r"[*_]")


def _pair(
    text: str,
    marks: tuple[str, ...],
    opens: Callable[[str, int], bool],
    closes: Callable[[str, int], bool],
) -> str:
    """`text` with each marked span's two markers removed, first opener to nearest closer.

    Only the places where a `*` or `_` stands can open or close a span, so the scan visits
    those alone (text with no marker at all is returned as it is).
    """
    if "*" not in text and "_" not in text:
        return text
    places = [m.start() for m in _MARKER.finditer(text)]
    width = len(marks[0])
    n = len(text)
    closers: dict[str, list[int]] = {m: [] for m in marks}
    for j in places:
        if 1 <= j <= n - width:
            mark = text[j : j + width]
            if mark in closers and not text[j - 1].isspace() and closes(text, j):
                closers[mark].append(j)
    out: list[str] = []
    last = 0
    k = 0
    while k < len(places):
        i = places[k]
        start = i + width
        if start >= n:
            break
        mark = text[i:start]
        if mark in closers and not text[start].isspace() and opens(text, i):
            found = closers[mark]
            c = bisect_left(found, start + 1)
            line_end = text.find("\n", start)
            if c < len(found) and found[c] <= (n if line_end < 0 else line_end):
                j = found[c]
                out += [text[last:i], text[start:j]]
                last = j + width
                k = bisect_left(places, last)
                continue
        k += 1
    out.append(text[last:])
    return "".join(out)


def blocks(markdown: str) -> list[str]:
    """Markdown as plain-text blocks: paragraphs joined into one line, lists and quotes kept."""
    return list(_blocks(markdown))


@lru_cache(maxsize=4096)
def _blocks(markdown: str) -> tuple[str, ...]:
    """`blocks`, remembered: a scene's text is shown again at every visit, `back` and view."""
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(inline(" ".join(paragraph)))
            paragraph.clear()

    for raw in markdown.strip("\n").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith(">"):
            flush()
            quote = inline(line.lstrip("> ").strip())
            if out and out[-1].startswith("> ") and not raw.startswith("\n"):
                out[-1] += " " + quote
            else:
                out.append("> " + quote)
            continue
        if _LIST.match(raw) and not line.startswith("**"):
            flush()
            out.append(inline(line))
            continue
        if line.startswith("#"):
            flush()
            out.append(inline(line.lstrip("#").strip()))
            continue
        paragraph.append(line)
    flush()
    return tuple(out)


def plain(markdown: str) -> str:
    """Markdown as plain text, blocks separated by blank lines."""
    return "\n\n".join(blocks(markdown))
