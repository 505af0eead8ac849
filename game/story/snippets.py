"""Diagnostics as an author reads them: the place and message, the source line, a caret, help."""

from __future__ import annotations

from pathlib import Path

from game.story.diagnostic import Diagnostic
from game.story.visible import visible, width

MAX_SOURCE_BYTES = 2_000_000
WINDOW = 100
"""At most this many characters of a source line are shown, around the column."""
_STOP = set(" \t,]}#")


class SourceLines:
    """The lines of the story files that diagnostics point into, read once each."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        """Line `number` (1-based) of `file`, or None when it cannot be shown."""
        if file not in self._files:
            self._files[file] = _read_lines(Path(file))
        lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def _read_lines(path: Path) -> list[str] | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data.decode("utf-8-sig", errors="replace").splitlines()


def _span(line: str, start: int) -> int:
    """How many characters from `start` the caret underlines: a word or a quoted string."""
    if start >= len(line):
        return 1
    first = line[start]
    if first in "\"'":
        end = line.find(first, start + 1)
        return end - start + 1 if end > start else 1
    if first in "[{":
        return 1
    end = start
    while end < len(line) and line[end] not in _STOP:
        end += 1
    if end > start + 1 and line[end - 1] == ":":
        end -= 1
    return max(1, end - start)


def _show(text: str) -> str:
    # Tabs as four spaces, as rustc does; every other hidden character written out.
    return visible(text.replace("\t", "    "))


def snippet(line: str, column: int) -> tuple[str, str]:
    """The shown source line and the caret line under `column` (1-based)."""
    start = min(max(column - 1, 0), len(line))
    span = _span(line, start)
    cut_left = max(0, start - WINDOW // 2)
    cut_right = min(len(line), max(cut_left + WINDOW, start + min(span, WINDOW)))
    span = max(1, min(span, cut_right - start))
    left = "…" if cut_left else ""
    right = "…" if cut_right < len(line) else ""
    before = left + _show(line[cut_left:start])
    marked = _show(line[start : start + span]) or " "
    shown = before + marked + _show(line[start + span : cut_right]) + right
    caret = " " * width(before) + "^" * max(1, width(marked))
    return shown.rstrip(), caret


def render(item: Diagnostic, sources: SourceLines) -> list[str]:
    """The lines that report one diagnostic."""
    out = [str(item)]
    source = sources.line(item.file, item.line) if item.line >= 1 else None
    gutter = " " * len(str(item.line))
    if source is not None and source.strip():
        shown, caret = snippet(source, item.column)
        out += [f"{gutter} |", f"{item.line} | {shown}", f"{gutter} | {caret}"]
    if item.help:
        out.append(f"{gutter} = help: {item.help}")
    return out


def render_all(items: list[Diagnostic]) -> list[str]:
    """Every diagnostic with its snippet, a blank line between them."""
    sources = SourceLines()
    out: list[str] = []
    for item in items:
        if out:
            out.append("")
        out.extend(render(item, sources))
    return out
