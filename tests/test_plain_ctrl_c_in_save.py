"""The plain protocol at a terminal: a Ctrl-C that lands while a step's autosave is being
written (after its screen, before the `> `) asks before quitting, as one at the prompt does,
and the save it interrupted is written again; none is lost, the old one stays whole meanwhile."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from game.saves.files import PAUSE_ENV

if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.paused_saves import MINI, at_the_question, go_on, saved, until_stopped
from tests.pty_terminal import spawn_game


def test_ctrl_c_during_the_save_asks_first_and_the_save_is_written_after(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    before = at_the_question(saves)
    t = spawn_game(
        MINI,
        saves,
        "--no-shuffle",
        "--load",
        "autosave",
        NO_COLOR="1",
        **{PAUSE_ENV: "autosave.json"},
    )
    with t:
        t.wait_for("What lay on the desk?")
        t.wait_for("> ")
        t.type("2\r")  # the right answer: on to the letter's scene, then its autosave
        until_stopped(t)  # half-way through that save, its screen out
        assert "1. File it." in t.screen
        os.kill(t.child.pid, signal.SIGINT)  # Ctrl-C, handled once the game goes on
        go_on(t)
        t.wait_for("Quit? progress is saved (y/n)")
        assert saved(saves) == before  # the interrupted write left the old save whole
        t.type("n\r")
        until_stopped(t)  # the step's save, written again
        go_on(t)
        t.wait_for("Playing on.")
        t.wait_for("> ")
        answered = saved(saves)
        assert answered.scene == "open" and answered.path[:-1] == before.path
        t.type("\x04")  # end of input: every step is saved already
        t.wait_for("End of input.")
        assert t.finish() == 0
    assert "Traceback" not in t.screen
    assert saved(saves).path == ("desk", "open")
