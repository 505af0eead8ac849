"""The benchmark table: one row per figure, against its floor and target."""

from __future__ import annotations

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
