"""Diagnostics: what the loader and checker report, compiler-style (one is a `Diagnostic`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from game.story.codes import meanings, phase_rank
from game.story.diagnostic import Diagnostic
from game.story.model import Pos
from game.story.visible import quoted, visible

# Every code with its meaning; codes.md (and so docs/checker-codes.md) explains each.
CODES: dict[str, str] = meanings()
SUGGESTIONS = 50
"""A check suggests a close name for this many unknown names, then stops: each suggestion
compares the name with every id, so 2,000 broken links would cost 2,000 times that."""


class Diagnostics:
    """A collector that loader and checker append to."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        self.suggestions_left = SUGGESTIONS

    def error(self, pos: Pos, code: str, message: str, help: str = "") -> None:
        self._add(pos, "error", code, message, help)

    def warning(self, pos: Pos, code: str, message: str, help: str = "") -> None:
        self._add(pos, "warning", code, message, help)

    def _add(self, pos: Pos, severity: str, code: str, message: str, help: str) -> None:
        # A message quotes story text (ids, field names, values): whatever a check forgot to
        # quote() is made visible here, so no story can send a control character to a terminal.
        self.items.append(
            Diagnostic(
                pos.file, pos.line, pos.column, severity, code, visible(message), visible(help)
            )
        )

    def suggest(self, word: str, choices: Collection[str]) -> str:
        """did_you_mean(word, choices) for the first SUGGESTIONS names of a check, then ''."""
        meant = self.closest(word, choices)
        return f" (did you mean {quoted(meant)}?)" if meant else ""

    def closest(self, word: str, choices: Collection[str]) -> str | None:
        """close_match(word, choices) for the first SUGGESTIONS names of a check, then None."""
        if self.suggestions_left <= 0:
            return None
        self.suggestions_left -= 1
        return close_match(word, choices)

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
    import difflib  # only when a name is unknown: not at every start

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = close_match(word, choices)
    return f" (did you mean {quoted(match)}?)" if match else ""


def summary(items: list[Diagnostic]) -> str:
    """'2 errors, 1 warning' style one-line summary."""
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
