"""The rows of what a player feels: keypress to screen with saving, and the story cache
(start-up is benchmarks/startup.py).

Each figure is a ratio against a floor measured in the same run (see BENCHMARKS.md).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_story
from benchmarks.keypress import measure
from benchmarks.lockstep import pooled_rows
from benchmarks.table import Row, summary

ROOT = Path(__file__).resolve().parents[1]
KEYPRESS_SCENES = 1_000


def keypress_rows(base: Path, steps: int, repeat: int) -> list[Row]:
    """Enter to next screen, saving on against off, and the last ten steps of a long game
    against its first ten: `repeat` games of `steps` steps each (in lockstep, see keypress.py),
    stopping before the story's ending, whose debrief is a screen of another kind."""
    story = write_story(base / f"keypress-{KEYPRESS_SCENES}", KEYPRESS_SCENES)
    return pooled_rows(
        lambda: measure(story, steps),
        repeat,
        "plain",
        "  the save after it, done by the '> ' ({kb} kB at the end)",
    )


def cache_row(story: Path, repeat: int) -> Row:
    """Warm load of the shipped story (from the story cache) against a cold one (check_folder)."""
    from game.story.cache import checked
    from game.story.checker import check_folder

    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        cold_result = checked(story, check_folder)  # writes the cache
        warm: list[float] = []
        cold: list[float] = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = checked(story, check_folder)
            warm.append(time.perf_counter() - start)
            start = time.perf_counter()
            check_folder(story)
            cold.append(time.perf_counter() - start)
        if result[1] != cold_result[1] or result[0] != cold_result[0]:
            raise RuntimeError("the warm load differs from the cold one")
    ratio = statistics.median(cold) / statistics.median(warm)
    return Row(
        "story cache: warm load vs cold (shipped)",
        summary(warm),
        summary(cold),
        f"{ratio:.1f}x faster",
        ">= 5x",
        ratio >= 5,
    )
