"""SIGTERM (a closed window, `kill`, a lab logging out) saves, restores the terminal, exits 143."""

from __future__ import annotations

import json
import signal
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.pty_terminal import Terminal, spawn_game  # noqa: E402

MINI = ROOT / "tests" / "stories" / "mini"


def ended(t: Terminal) -> tuple[int | None, int, str]:
    """Read to the end: (exit status, the terminal's local modes left behind, all text)."""
    t.read_to_end()
    modes = termios.tcgetattr(t.child.child_fd)[3]
    t.child.close()
    return t.child.exitstatus, modes, t.screen


def saved_player(saves: Path) -> tuple[str | None, int]:
    """The player and step count of the one autosave under `saves` (in the player's folder)."""
    (autosave,) = saves.rglob("autosave.json")
    record = json.loads(autosave.read_text(encoding="utf-8"))
    return record["player"], len(record["state"]["log"])


def test_sigterm_in_the_interactive_game_saves_and_gives_the_terminal_back(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    t = spawn_game(MINI, saves, "--no-shuffle", rows=30, columns=100)
    t.wait_for("Choose 1-2 (Enter: 1) >")
    t.type("1\r")
    t.wait_for("Your name, for the class report (Enter to skip) >")
    t.type("Ada\r")
    t.wait_for("Choose 1-3 >")
    t.type("1\r")  # one decision taken, so the save has a step to keep
    t.wait_for("Answer 1-3")
    t.child.kill(signal.SIGTERM)
    status, modes, text = ended(t)
    assert status == 143
    # Raw mode undone: the shell gets a terminal that echoes and reads lines again.
    assert modes & termios.ECHO and modes & termios.ICANON
    assert "Traceback" not in text
    assert saved_player(saves / "ada") == ("Ada", 1)


def test_sigterm_in_the_plain_protocol_saves_and_says_goodbye(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    t = spawn_game(MINI, saves, "--plain", "--no-shuffle", "--name", "Ben", rows=30, columns=100)
    t.wait_for("3. Ask the guard first.")
    t.type("1\r")
    t.wait_for("3. A map")
    t.child.kill(signal.SIGTERM)
    status, _, text = ended(t)
    assert status == 143
    assert "Goodbye." in text and "Traceback" not in text
    assert saved_player(saves / "ben") == ("Ben", 1)
