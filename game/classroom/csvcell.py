"""CSV cells a spreadsheet will not run: text that would start a formula is quoted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and
# carriage return, strips them and then reads what follows): '=HYPERLINK(...)' in a
# student's name would run when the teacher opens the class sheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def neutral(cell: Any) -> Any:
    """A text cell that would start a formula, prefixed with an apostrophe; others unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class SafeWriter:
    """A csv writer whose rows have every text cell neutralised."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutral(cell) for cell in row])
