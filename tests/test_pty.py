"""The game in a real pseudo-terminal, as a player at a keyboard meets it."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.pty_terminal import Terminal, spawn_game  # noqa: E402

ROWS = 30


def start(tmp_path: Path, *args: str, **settings: str) -> Terminal:
    """Start `python -m game` on the mini story in a 100x30 terminal with colour."""
    story = ROOT / "tests" / "stories" / "mini"
    return spawn_game(
        story, tmp_path / "saves", "--no-shuffle", *args, rows=ROWS, columns=100, **settings
    )


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    """Terminals started by a test, stopped afterwards if the game is still running."""
    started: list[Terminal] = []
    yield started
    for terminal in started:
        if terminal.child.isalive():
            terminal.child.terminate(force=True)


@pytest.fixture
def spawn(tmp_path: Path, terminals: list[Terminal]) -> Terminal:
    terminals.append(start(tmp_path))
    return terminals[0]


def test_a_new_game_played_at_a_real_terminal(spawn: Terminal, tmp_path: Path) -> None:
    t = spawn
    t.wait_for("The Letter")
    t.wait_for("1. New game")
    t.wait_for("Choose 1-2 (Enter: 1) >")
    t.type("1\r")
    t.wait_for("Your name, for the class report (Enter to skip) >")
    t.type("Ada\r")
    t.wait_for("│ Chapter 1 of 2 · Morning")
    t.wait_for("the [postmark] is smudged.")
    t.wait_for("╭─ New fact note")
    t.wait_for("Certainty: rests on the memoir's word.")
    t.wait_for("3. Ask the guard first.")
    t.wait_for("Choose 1-3 >")
    t.wait_for("Chapter 1 of 2 · Progress 25% · Facts 1 of 2 · Slot: autosave")
    t.type("2\r")
    t.wait_for("Answer 1-3 >")
    t.type("2\r")
    t.wait_for("Right.")
    t.wait_for("Press Enter to continue >")
    t.type("\r")
    t.wait_for("What really happened")
    t.wait_for("The letter was opened and read aloud.")
    t.wait_for("Choose 1 >")
    t.type("jou\t")
    t.wait_for("journal")
    t.type("\r")
    t.wait_for("Journal: 2 of 2 fact notes found.")
    t.wait_for("Other account: The paper says it listed places.")
    t.wait_for("Choose 1 >")
    t.type("back\r")
    t.wait_for("Went back one step, to: burn.")
    t.wait_for("Press Enter to continue >")
    t.type("\x03")
    t.wait_for("Quit? progress is saved (y/n) >")
    t.type("n\r")
    t.wait_for("Playing on.")
    t.type("save mine\r")
    t.wait_for("Saved in the slot 'mine'")
    t.wait_for("Slot: autosave")  # the checkpoint stays; the autosave follows the game
    t.type("quit\r")
    t.wait_for("Your progress is saved in the slot 'autosave'; resume with: --load autosave")
    t.wait_for("--name Ada")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen
    assert re.search(r"\x1b\[(?:\d+;)*1(?:;\d+)*m", t.raw)  # bold: the rich screens, not plain
    assert (tmp_path / "saves" / "ada" / "mine.json").is_file()  # Ada's own folder


def test_ctrl_d_saves_and_quits_at_a_real_terminal(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = start(tmp_path, "--width", "60")
    terminals.append(t)
    t.wait_for("Choose 1-2 (Enter: 1) >")
    t.type("1\r")
    t.wait_for("(Enter to skip) >")
    t.type("\r")
    t.wait_for("╰" + "─" * 58 + "╯")  # --width 60, in a terminal 100 wide
    t.wait_for("Choose 1-3 >")
    t.type("3\r")
    t.wait_for("Answer 1-3 >")
    t.type("\x04")
    t.wait_for("Your progress is saved in the slot 'autosave'")
    assert t.finish() == 0
    assert "Traceback" not in t.screen
    assert (tmp_path / "saves" / "autosave.json").is_file()


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "dumb"])
def test_no_color_or_a_dumb_terminal_gets_the_plain_protocol(
    tmp_path: Path, terminals: list[Terminal], setting: dict[str, str]
) -> None:
    t = start(tmp_path, **setting)
    terminals.append(t)
    t.wait_for("Type help at any choice for the commands.")
    t.wait_for("== Chapter 1 of 2: Morning ==")
    t.wait_for("  3. Ask the guard first.")
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "\x1b" not in t.raw
    assert not re.search("[\u2500-\u257f]", t.raw)  # no box drawing
