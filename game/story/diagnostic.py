"""One diagnostic: its place, severity, code and message.

Apart from `game.story.diagnostics` (the collector, and every code's meaning read from
codes.md) so that a start from the story cache can rebuild a story's verdicts without them.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.story.visible import visible


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
        # The file name is kept as it is (the snippet reads that file) and shown visible.
        where = f"{visible(self.file)}:{self.line}:{self.column}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"
