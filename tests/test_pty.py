"""The game in a real pseudo-terminal, as a player at a keyboard meets it."""

from __future__ import annotations

import json
import os
import random
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
        terminal.stop()


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


def test_ctrl_c_then_n_in_a_reflection_keeps_the_lines_typed(
    spawn: Terminal, tmp_path: Path
) -> None:
    t = spawn
    t.wait_for("Choose 1-2 (Enter: 1) >")
    t.type("1\r")
    t.wait_for("(Enter to skip) >")
    t.type("\r")
    steps = [("Choose 1-3 >", "1"), ("Answer 1-3 >", "2"), ("Choose 1 >", "1")]
    steps += [("Press Enter to continue >", ""), ("Press Enter to finish >", "")]
    for shown, keys in steps:
        t.wait_for(shown)
        t.type(keys + "\r")
    t.wait_for("Your answer >")
    t.type("I would\rhave waited.")
    t.wait_for("have waited.")
    t.type("\x03")
    t.wait_for("Quit? progress is saved (y/n) >")
    t.type("n\r")
    t.wait_for("Playing on.")
    t.wait_for("Your answer >")
    t.settle()
    shown = "\n".join(t.display)
    assert "I would" in shown and "have waited." in shown
    t.type(" Then read it.\r\r")
    t.wait_for("Noted for your report.")
    t.wait_for("Press Enter to leave >")
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen
    saved = json.loads((tmp_path / "saves" / "autosave.json").read_text(encoding="utf-8"))
    typed = "I would\nhave waited. Then read it."
    assert saved["state"]["reflections"] == [{"reflection": "r-day", "text": typed}]


FRAGMENTS = [
    "\x1b[0m",  # styling: must never reach the screen as such
    "\x1b[<0;1",  # half an SGR mouse report
    "\x1b[<;;M",  # a report without numbers
    "\x1b[M",  # an X10 mouse report with fewer than its three bytes
    "\x1b[M!",
    "\x1b[",
    "\x1bO",
    "\x1b[1;5",
    "\x1b[5~",  # PgUp, PgDn, Home, End, arrows: scrolling mid-garbage
    "\x1b[6~",
    "\x1b[H",
    "\x1b[A",
    "\x1b]0;title\x07",
    "\x1b[200~pasted \x1b[31mred\x1b[201~",
    "\x1b",
]
SPARED = {0x03, 0x04, 0x0A, 0x0D, 0x11, 0x12, 0x13, 0x18, 0x1A, 0x1C}
"""Ctrl-C, Ctrl-D, Enter, flow control, search, Ctrl-X (an editor), suspend and quit signals:
keys with a meaning of their own, which a test of stray input must not press."""


def noise(seed: int, size: int = 1200) -> bytes:
    """Seeded stray input: bytes of every kind, invalid UTF-8 and cut-off escape sequences."""
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        roll = rng.random()
        if roll < 0.3:
            out += rng.choice(FRAGMENTS).encode()
        elif roll < 0.4:
            out += rng.choice(["é", "—", "中", "🙂"]).encode()
        else:
            out.append(rng.choice([b for b in range(256) if b not in SPARED]))
    return bytes(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_at_a_choice_never_break_the_game(
    tmp_path: Path, terminals: list[Terminal], seed: int
) -> None:
    t = start(tmp_path)
    terminals.append(t)
    t.wait_for("Choose 1-2 (Enter: 1) >")
    t.type("1\r")
    t.wait_for("(Enter to skip) >")
    t.type("\r")
    t.wait_for("Choose 1-3 >")
    data = noise(seed)
    for at in range(0, len(data), 200):
        os.write(t.child.child_fd, data[at : at + 200])
        t.settle(quiet=0.05)
    t.settle(quiet=1.0)  # a cut-off escape sequence is given up after a pause
    t.type("\x1b[F\x15")  # End, then Ctrl-U: the typed line cleared
    t.settle()
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen
