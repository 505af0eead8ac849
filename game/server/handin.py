"""The student's hand-in, written by the class server beside their saves when a game ends.

`DIR/<student>/report.html` is the same one-file report `special-tasks report --format html`
makes (a page to read and print, with the JSON report inside for `class`), so the class
folder holds each student's saves and report without anyone typing a command.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from game.classroom.formats import render
from game.classroom.report import Playthrough
from game.engine.clock import utc_now
from game.engine.session import Session
from game.errors import GameError
from game.saves import files

REPORT = "report.html"


def write_report(session: Session, folder: Path) -> Path | None:
    """Write the report of `session` into `folder` atomically; None if it could not be."""
    play = Playthrough(
        session.story,
        session.state,
        session.player,
        session.started_at,
        utc_now(),
        session.played_seconds,
    )
    target = folder / REPORT
    if files.kind_of(target) not in (None, "file"):
        return None  # a link or a folder planted there is never written through
    with contextlib.suppress(OSError, GameError, ValueError):
        files.write_atomic(target, render(play, "html").encode("utf-8"))
        return target
    return None
