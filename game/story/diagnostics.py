"""Diagnostics: what the loader and checker report, compiler-style."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from game.story.model import Pos

# One table of every code; README and docs/checker-codes.md repeat it for authors.
CODES: dict[str, str] = {
    "E100": "YAML syntax error",
    "E101": "unknown field",
    "E102": "missing required field",
    "E103": "wrong type",
    "E104": "goto/next/start/after names no scene",
    "E105": "facts/sources/exhibits names nothing",
    "E106": "duplicate id (or an exhibit listed twice)",
    "E107": "undeclared variable",
    "E108": "condition syntax or type error",
    "E109": "answer index out of range",
    "E110": "scene without exactly one of choices/next/end",
    "E111": "historical decision point without exactly one history: true",
    "E112": "what-if scene without reality",
    "E113": "what-if path does not return to the historical path within three steps",
    "E114": "unreachable scene",
    "E115": "no ending reachable from scene",
    "E116": "duplicate choice id in a scene",
    "E117": "disputed fact without dispute",
    "E118": "unsafe or oversized input (file size, nesting, aliases, tags, encoding)",
    "E119": "terminal control character in text",
    "E120": "ending off the historical path",
    "E121": "invalid value (id, date, enumeration, empty text)",
    "E122": "missing or unreadable story file",
    "W201": "fact never unlocked",
    "W202": "source never cited",
    "W203": "variable never used",
    "W204": "question or reflection whose after scene no path reaches",
    "W205": "path checks skipped because scene links are broken (fix E104 first)",
    "W206": "exhibit never shown",
    "W207": "exhibit text over about 150 words",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, with its place, severity and code."""

    file: str
    line: int
    column: int
    severity: str
    """"error" or "warning"."""
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        )


class Diagnostics:
    """A collector that loader and checker append to."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos.file, pos.line, pos.column, "error", code, message))

    def warning(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos.file, pos.line, pos.column, "warning", code, message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    def sorted(self) -> list[Diagnostic]:
        """Sorted by file, line and column; duplicates dropped."""
        return sorted(set(self.items))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def summary(items: list[Diagnostic]) -> str:
    """'2 errors, 1 warning' style one-line summary."""
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
