"""Diagnostics: what the loader and checker report, compiler-style."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from game.story.codes import meanings, phase_rank
from game.story.model import Pos

# Every code with its meaning; codes.md (and so docs/checker-codes.md) explains each.
CODES: dict[str, str] = meanings()


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
    help: str = ""
    """How to fix it, when that is known ("use == to compare")."""

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

    def error(self, pos: Pos, code: str, message: str, help: str = "") -> None:
        self.items.append(Diagnostic(pos.file, pos.line, pos.column, "error", code, message, help))

    def warning(self, pos: Pos, code: str, message: str, help: str = "") -> None:
        self.items.append(
            Diagnostic(pos.file, pos.line, pos.column, "warning", code, message, help)
        )

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    def sorted(self) -> list[Diagnostic]:
        """In the order to fix them, duplicates dropped: errors first, each by phase (syntax,
        fields, references, graph, usage), then by file, line and column."""
        return sorted(set(self.items), key=report_order)


def report_order(item: Diagnostic) -> tuple[bool, int, str, int, int, str, str]:
    """The sort key of `Diagnostics.sorted`."""
    return (
        not item.is_error,
        phase_rank(item.code),
        item.file,
        item.line,
        item.column,
        item.code,
        item.message,
    )


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, when one is close enough to be a misspelling."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = close_match(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def summary(items: list[Diagnostic]) -> str:
    """'2 errors, 1 warning' style one-line summary."""
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
