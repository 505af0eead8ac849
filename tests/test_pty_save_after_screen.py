"""Draw first, save right after, in the full-screen game at a real terminal: a step's next
screen is on the terminal before its autosave is written, a kill in the middle of that save
leaves the save of the step before, and a key typed while the save is being written is acted
on only once it is done (none lost, none out of order)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.paused_saves import (
    MINI,
    SHOW_CURSOR,
    at_the_question,
    go_on,
    paused_game,
    saved,
    shown,
    until_stopped,
)
from tests.pty_terminal import spawn_game


def test_the_next_screen_is_on_the_terminal_before_the_save_and_a_kill_in_it_keeps_the_old(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    before = at_the_question(saves)
    t = paused_game(saves)
    with t:
        t.wait_for("Answer 1-3 >")
        t.type("2\r")  # the right answer: on to the letter's scene
        until_stopped(t)
        # Stopped half-way through the step's autosave: its next screen is all drawn, from
        # the verdict and the scene to the prompt and the status bar, the cursor back.
        screen = shown(t)
        assert "Right." in screen and "It is a list of names." in screen, screen
        assert "1. File it." in screen and "Choose 1 >" in screen, screen
        assert "Slot: autosave" in screen.splitlines()[-1], screen
        assert t.raw.endswith(SHOW_CURSOR)
        t.child.kill(signal.SIGKILL)  # stopped in the save: killed there, never let go on
    # Killed in the middle of that save: the save of the step before is whole.
    assert saved(saves) == before
    after = run_cli("--story", str(MINI), "--saves", str(saves), "--load", "autosave", input="2\n")
    assert after.returncode == 0, after.stderr
    assert saved(saves).scene == "open"


def test_a_key_typed_during_the_save_is_acted_on_once_it_is_written(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    before = at_the_question(saves)
    t = paused_game(saves)
    with t:
        t.wait_for("Answer 1-3 >")
        t.type("2\r")
        until_stopped(t)
        answered = shown(t)
        assert "Choose 1 >" in answered, answered
        # Typed while the answer's save is half-written: nothing happens until it is done.
        t.type("1\r")
        assert saved(saves) == before
        go_on(t)
        until_stopped(t)  # ... in the save of the step that key took
        filed = shown(t)
        assert "The afternoon passes." in filed and "Press Enter to continue >" in filed, filed
        # The answer's save was whole on disk before that key was acted on.
        answer_saved = saved(saves)
        assert answer_saved.scene == "open" and answer_saved.path[:-1] == before.path
        # Ctrl-D: the game saves once more and leaves; every step is in its save, in order.
        t.type("\x04")
        go_on(t)
        until_stopped(t)
        go_on(t)
        assert t.finish() == 0
    last = saved(saves)
    assert last.scene == "afternoon" and last.path[:-1] == answer_saved.path
    assert "Traceback" not in t.screen


def test_sigterm_in_the_middle_of_that_save_still_saves_the_step_and_exits_143(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    at_the_question(saves)
    t = paused_game(saves)
    with t:
        t.wait_for("Answer 1-3 >")
        t.type("2\r")
        until_stopped(t)
        assert "Choose 1 >" in shown(t), shown(t)
        t.child.kill(signal.SIGTERM)  # handled once the game goes on, inside its save
        go_on(t)
        until_stopped(t)  # the game saves again as it leaves
        go_on(t)
        t.wait_for("Goodbye.")
        assert t.finish() == 143
    assert "Traceback" not in t.screen
    assert saved(saves).path == ("desk", "open")


def test_a_save_that_fails_after_the_screen_is_drawn_says_so_at_once(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    # The game starts in the folder around `saves`; the later --saves (a file's) is the one used.
    t = spawn_game(MINI, tmp_path / "saves", "--saves", str(blocker / "saves"), "--no-shuffle")
    with t:
        t.wait_for("Choose 1-2 (Enter: 1) >")
        t.type("1\r")
        t.wait_for("(Enter to skip) >")
        t.type("\r")
        t.wait_for("Slot: autosave")
        t.type("1\r")
        # No key pressed since: the screen is drawn again with what the failed save said,
        # in the notice and on the status bar.
        t.wait_for("Slot: saving is off")
        assert "Saving is off: cannot create the save folder" in shown(t), shown(t)
        t.type("\x04")
        assert t.finish() == 0
