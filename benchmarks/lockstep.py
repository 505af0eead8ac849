"""What the two keypress benchmarks share (plain: `keypress.py`, pty: `keypress_pty.py`): the
per-step seconds of one pair of games played in lockstep, and how `repeat` pairs are pooled into
the table's three rows (saving on against off, the last ten steps of each game against its first
ten, and the save after each step)."""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.table import Row, summary


@dataclass(frozen=True)
class Lockstep:
    """Per-step seconds of both games, in step order."""

    saving: list[float]
    off: list[float]
    saved: list[float]
    """Saving on: seconds from the key typed until the step's save was done (plain: the `> `
    after it; pty: the autosave replaced and the folder's lock free again)."""
    save_bytes: int


def pooled_rows(
    measure: Callable[[], Lockstep], repeat: int, kind: str, saved_row: str
) -> list[Row]:
    """`repeat` pairs of games from `measure`, pooled. `kind` names the front end in the first
    row; `saved_row` is the third row's name, with `{kb}` for the size of the last save."""
    saving: list[float] = []
    unsaved: list[float] = []
    saved: list[float] = []
    first: list[float] = []
    last: list[float] = []
    size = 0
    for _ in range(repeat):
        found = measure()
        saving += found.saving
        unsaved += found.off
        saved += found.saved
        first += found.saving[:10]
        last += found.saving[-10:]
        size = found.save_bytes
    on, off = statistics.median(saving), statistics.median(unsaved)
    growth = statistics.median(last) / statistics.median(first)
    return [
        Row(
            f"Enter to next screen, saving on ({kind}, {repeat}x{len(saving) // repeat} steps)",
            summary(saving),
            summary(unsaved) + " off",
            f"{on / off:.2f}x",
            "<= 1.3x",
            on / off <= 1.3,
        ),
        Row(
            f"  same games: last 10 steps vs first 10 (x{repeat})",
            summary(last),
            summary(first),
            f"{growth:.2f}x",
            "<= 1.3x",
            growth <= 1.3,
        ),
        Row(saved_row.format(kb=size // 1000), summary(saved), "", "", "(not waited for)", True),
    ]


def main(measure: Callable[[Path, int], Lockstep], saved: str) -> None:
    """Run as `python -m benchmarks.<module> SCENES STEPS`: one pair of games of a generated
    story of SCENES scenes, up to STEPS steps; `saved` names the third figure."""
    from benchmarks.generate import write_story

    with tempfile.TemporaryDirectory() as tmp:
        found = measure(write_story(Path(tmp) / "story", int(sys.argv[1])), int(sys.argv[2]))
    print("saving on ", summary(found.saving))
    print("saving off", summary(found.off))
    print("first ten ", summary(found.saving[:10]), "last ten", summary(found.saving[-10:]))
    print(saved, summary(found.saved))
    print("steps", len(found.saving), "save bytes", found.save_bytes)
