"""Errors meant for the user: one family, caught in exactly one place (cli.main)."""

from __future__ import annotations


class GameError(Exception):
    """An error a user can cause; printed as one sentence, never as a traceback."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        """Lines to show above the message (a story error's source line and caret)."""
        self.file = file
        self.line = line
        self.column = column
        self.code = code

    @property
    def where(self) -> str:
        """`file:line:col` (as much of it as is known), or an empty string."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file)
            if self.line is not None:
                parts.append(str(self.line))
                if self.column is not None:
                    parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class UsageError(GameError):
    """The command line cannot be carried out (no such folder, bad option value)."""

    exit_code = 2


class StoryError(GameError):
    """A story folder or file cannot be loaded."""


class ConditionError(GameError):
    """A condition expression is malformed, names something undeclared, or mixes types.

    `column` is 1-based inside the expression text; the loader shifts it to the file.
    `kind` is one of "syntax", "undeclared", "type".
    """

    def __init__(self, message: str, *, column: int, kind: str = "syntax") -> None:
        super().__init__(message, column=column)
        self.kind = kind


class SaveError(GameError):
    """A save slot cannot be read or written."""
