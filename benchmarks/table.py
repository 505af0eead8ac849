"""The benchmark table: one row per figure, against its floor and target."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    name: str
    measured: str
    floor: str
    figure: str
    target: str
    ok: bool


def summary(times: list[float]) -> str:
    """A measured or floor cell: the median of `times` (seconds) in ms, and the minimum."""
    return f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f})"


def table(rows: list[Row]) -> str:
    head = ("benchmark", "measured", "floor", "ratio", "target", "result")
    body = [
        (r.name, r.measured, r.floor, r.figure, r.target, "ok" if r.ok else "MISSED") for r in rows
    ]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_table(rows: list[Row], notes: list[str]) -> int:
    """Print the table, then each line of `notes` after a blank line; the exit code: 1 if a
    target is missed, else 0."""
    print(table(rows))
    if notes:
        print()
        print("\n".join(notes))
    return 0 if all(r.ok for r in rows) else 1
