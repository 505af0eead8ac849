"""A game at a real terminal that stops itself inside each autosave write (the test-only
pause of game/saves/files.py): what it drew before the save, a key typed during it, a signal
that lands in it. Shared by the tests of drawing first and saving right after."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from game.engine.engine import Engine, GameState
from game.saves.files import PAUSE_ENV
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import STORIES, run_cli
from tests.pty_terminal import TIMEOUT, Terminal, spawn_game

MINI = STORIES / "mini"
SHOW_CURSOR = "\x1b[?25h"
"""The last thing a drawing of the full screen writes: the cursor, back at the input line."""


def saved(saves: Path) -> GameState:
    return SaveStore(saves).load("autosave", Engine(load_story(MINI))).state


def at_the_question(saves: Path) -> GameState:
    """A save of one step (the letter opened), at the question that follows the desk."""
    first = run_cli("--story", str(MINI), "--saves", str(saves), input="1\n")
    assert first.returncode == 0, first.stderr
    return saved(saves)


def paused_game(saves: Path) -> Terminal:
    """The saved game resumed at a real terminal, stopping itself inside each autosave write."""
    return spawn_game(
        MINI, saves, "--no-shuffle", "--load", "autosave", **{PAUSE_ENV: "autosave.json"}
    )


def until_stopped(t: Terminal) -> None:
    """Read what the game draws until it has stopped itself in a save (SIGSTOP), then all of
    what it drew before it stopped (reading on meanwhile, so a full terminal never blocks it)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        pid, status = os.waitpid(t.child.pid, os.WNOHANG | os.WUNTRACED)
        if pid and os.WIFSTOPPED(status):
            break
        assert not pid, "the game ended before it saved"
        assert time.monotonic() < deadline, "the game never reached its save:\n" + shown(t)
        t._read()
    before = None
    while before != len(t.raw):  # the game is stopped: what is left to read is all there
        before = len(t.raw)
        t._read()


def shown(t: Terminal) -> str:
    return "\n".join(t.display)


def go_on(t: Terminal) -> None:
    os.kill(t.child.pid, signal.SIGCONT)
