"""What the format refuses inside text values: line breaks in one-line fields, Markdown beyond
paragraphs, emphasis, quotes and lists. Every scan here is linear."""

from __future__ import annotations

import re

_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-{2,})[ \t]*$")
_REF_DEF = re.compile(r" {0,3}\[[^\]\n]{1,200}\]:")
_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>|!--|\?|!\[CDATA\[)")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>")


def line_break(text: str) -> int | None:
    """0-based offset of a line break inside `text` (one at the very end does not count)."""
    stripped = text.rstrip("\r\n")
    for mark in ("\n", "\r"):
        at = stripped.find(mark)
        if at >= 0:
            return at
    return None


def forbidden_markdown(text: str) -> tuple[int, str] | None:
    """(0-based line, what) of the first heading, link, image or raw HTML in Markdown text."""
    previous = ""
    # Every form the line scan names needs one of these: a heading's `#`, a link's `[`,
    # HTML's or an autolink's `<`, a Setext underline's `=` or `--`. Prose has none.
    marked = "#" in text or "[" in text or "<" in text or "=" in text or "--" in text
    lines = text.split("\n") if marked else ()
    for number, line in enumerate(lines):
        found = _in_line(line, previous)
        if found:
            return number, found
        previous = line
    # The line scan names the common forms; the parser the game renders with has the last
    # word (a definition inside a quote or a list, a link split over lines). Every link
    # needs one of these pairs, so most texts are never parsed twice.
    if "](" in text or "]:" in text or "][" in text or "<" in text:
        return _parsed(text)
    return None


_PARSED = {
    "link_open": "a link ('[text](address)' or '[text]' with '[text]: address')",
    "image": "an image ('![...](...)')",
    "html_inline": "raw HTML ('<...>')",
    "html_block": "raw HTML ('<...>')",
    "heading_open": "a heading ('#')",
}


def _parsed(text: str) -> tuple[int, str] | None:
    """The first forbidden token as rich's Markdown parser (markdown-it, CommonMark) reads it."""
    from markdown_it import MarkdownIt

    for block in MarkdownIt().parse(text):
        line = block.map[0] if block.map else 0
        for token in [block, *(block.children or [])]:
            if token.type in _PARSED:
                return line, _PARSED[token.type]
    return None


def _in_line(line: str, previous: str) -> str | None:
    if _ATX.match(line):
        return "a heading ('#')"
    if previous.strip() and not previous.lstrip().startswith(">") and _SETEXT.match(line):
        return "a heading (a line of '=' or '-' under text)"
    if _REF_DEF.match(line):
        return "a link definition ('[name]: address')"
    link = _link(line)
    if link:
        return link
    if _AUTOLINK.search(line):
        return "a link ('<address>')"
    if _HTML.search(line):
        return "raw HTML ('<...>')"
    return None


def _link(line: str) -> str | None:
    """An inline or reference link or an image: `[text](...)`, `[text][...]`, `![...]`."""
    if "[" not in line:
        return None
    opened = -1
    for i, char in enumerate(line):
        if char == "[":
            opened = i
        elif char == "]" and opened >= 0 and i + 1 < len(line) and line[i + 1] in "([":
            return (
                "an image ('![...](...)')"
                if opened and line[opened - 1] == "!"
                else ("a link ('[text](address)')")
            )
    return None
