"""The game in a real pseudo-terminal, as a player at a keyboard meets it."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])")
CPR = "\x1b[6n"
"""prompt_toolkit asks the terminal where the cursor is; a real terminal answers."""
TIMEOUT = 20.0
ROWS = 30


def plain(raw: str) -> str:
    """Terminal output without escape sequences or carriage returns."""
    return ANSI.sub("", raw).replace("\r", "")


class Terminal:
    """A child process in a pseudo-terminal, and everything it has drawn."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.raw = ""
        self.mark = 0
        self.answered = 0

    @property
    def screen(self) -> str:
        return plain(self.raw)

    def _read(self) -> None:
        with contextlib.suppress(pexpect.TIMEOUT):
            self.raw += self.child.read_nonblocking(65536, timeout=0.1)
        while self.answered < self.raw.count(CPR):
            # As a terminal whose output has scrolled to the bottom row would.
            self.child.send(f"\x1b[{ROWS};1R")
            self.answered += 1

    def wait_for(self, text: str) -> None:
        """Read until `text` appears after the last thing waited for."""
        deadline = time.monotonic() + TIMEOUT
        while (found := self.screen.find(text, self.mark)) < 0:
            if time.monotonic() > deadline:
                tail = self.screen[-1500:]
                raise AssertionError(f"{text!r} did not appear; the screen ends:\n{tail}")
            try:
                self._read()
            except pexpect.EOF:
                raise AssertionError(f"the game ended before showing {text!r}") from None
        self.mark = found + len(text)

    def type(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        """Read to the end; the exit code."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                self._read()
            except pexpect.EOF:
                break
        self.child.close()
        status: int = self.child.exitstatus
        return status


def start(tmp_path: Path, *args: str, **settings: str) -> Terminal:
    """Start `python -m game` on the mini story in a 100x30 terminal with colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SPECIAL_TASKS_SAVES")}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT))
    env.update(settings)
    story = str(ROOT / "tests" / "stories" / "mini")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "game", "--story", story, "--saves", str(tmp_path / "saves"), "--no-shuffle", *args],
        env=env,
        cwd=str(tmp_path),
        dimensions=(ROWS, 100),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    return Terminal(child)


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
    t.wait_for("Slot: mine")
    t.type("quit\r")
    t.wait_for("Your progress is saved in the slot 'mine'; resume with: --load mine")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen
    assert "\x1b[1m" in t.raw  # bold: the rich screens, not the plain protocol
    assert (tmp_path / "saves" / "mine.json").is_file()


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
