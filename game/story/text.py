"""Markdown and dates as plain text: shared by the plain renderer, reports and the debrief."""

from __future__ import annotations

import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
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
    """Drop Markdown emphasis markers, keeping every other character literally."""
    text = _STRONG.sub(r"\2", text)
    return _EMPH.sub(r"\2", text)


def blocks(markdown: str) -> list[str]:
    """Markdown as plain-text blocks: paragraphs joined into one line, lists and quotes kept."""
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
    return out


def plain(markdown: str) -> str:
    """Markdown as plain text, blocks separated by blank lines."""
    return "\n\n".join(blocks(markdown))


_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def short_ref(cite: str) -> str:
    """A citation shortened to author and year: 'Sudoplatov, 1994'."""
    author = re.split(r"[,.(:]", cite, maxsplit=1)[0].strip() or cite[:40]
    year = _YEAR.search(cite)
    return f"{author}, {year.group(1)}" if year else author
