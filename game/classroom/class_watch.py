"""`special-tasks class DIR --watch`: a live table for the teacher while the class plays.

Who is playing now (their game holds its lock), where each student stands, how often they
followed the record and their score, redrawn whenever a save or report lands in the folder.
"""

from __future__ import annotations

import functools
import textwrap
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from game.classroom.class_entries import Entry
from game.classroom.class_folder import MAX_FILES, StoryFor
from game.classroom.class_summary import summarise
from game.classroom.class_text import WIDTH, layout
from game.saves import files
from game.saves.slots import local_time

HEADER = ["student", "now", "where", "followed the record", "score", "last saved"]
CLEAR = "\x1b[H\x1b[2J"
Plays = Callable[[Path], bool]
"""Whether some game is being played from a folder (files.someone_plays, or a round's memo)."""


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a save or report lands: every file's name, size and time."""
    found: list[tuple[str, int, int]] = []
    try:
        for n, path in enumerate(sorted(folder.rglob("*"))):
            if n >= MAX_FILES * 2:
                break
            if path.name.startswith(".") and not path.name.startswith(".game-"):
                continue
            info = path.lstat()
            found.append((str(path.relative_to(folder)), info.st_size, info.st_mtime_ns))
    except OSError:
        pass
    return tuple(found)


def rows(folder: Path, entries: list[Entry], plays: Plays = files.someone_plays) -> list[list[str]]:
    """One row per student, those playing now first, then by name."""
    out = []
    for e in entries:
        playing = e.kind == "save" and plays((folder / e.file).parent)
        where = "finished" if e.finished else e.stopped_at
        decisions = len(e.decisions)
        followed = f"{e.matched} of {decisions}" if decisions else "-"
        score = f"{e.right} of {len(e.answers)}" if e.answers else "-"
        saved = local_time(e.saved_at) if e.saved_at else ""
        out.append([e.name, "playing" if playing else "", where, followed, score, saved])
    return sorted(out, key=lambda r: (r[1] != "playing", r[0].casefold()))


def screen(
    folder: Path, story_for: StoryFor, width: int = WIDTH, plays: Plays = files.someone_plays
) -> list[str]:
    """The live view as lines, at most `width` wide."""
    summary = summarise(folder, story_for)
    now = datetime.now().strftime("%H:%M:%S")
    if not summary.entries:
        return textwrap.wrap(f"No games yet in '{folder}' ({now}; Ctrl-C stops).", width)
    table = rows(folder, summary.entries, plays)
    playing = sum(1 for r in table if r[1] == "playing")
    done = sum(1 for e in summary.entries if e.finished)
    head = (
        f"{summary.story_title}: {len(table)} students, {playing} playing now, {done} finished"
        f" ({now}; Ctrl-C stops)"
    )
    return [*textwrap.wrap(head, width), "", *layout([HEADER, *table], width)]


def watch(
    folder: Path,
    story_for: StoryFor,
    out: TextIO,
    *,
    every: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> int:
    """Redraw the live view whenever the folder changes, until Ctrl-C (exit 0)."""
    clear = out.isatty()
    last: object = None
    done = 0
    try:
        while rounds is None or done < rounds:
            # Each folder's locks are probed once a round: the table shows what it saw.
            plays = functools.cache(files.someone_plays)
            state = (fingerprint(folder), _playing(folder, plays))
            if state != last:
                last = state
                lines = screen(folder, story_for, plays=plays)
                out.write((CLEAR if clear else "") + "\n".join(lines) + "\n")
                if not clear:
                    out.write("\n")
                out.flush()
            done += 1
            sleep(every)
    except KeyboardInterrupt:
        out.write("Stopped watching.\n")
        out.flush()
    return 0


def _playing(folder: Path, plays: Plays) -> tuple[bool, ...]:
    """Whether each student folder's game is being played (a game's end changes no file)."""
    try:
        subs = sorted(p for p in folder.iterdir() if p.is_dir())[: MAX_FILES // 10]
    except OSError:
        return ()
    return tuple(plays(p) for p in subs)
