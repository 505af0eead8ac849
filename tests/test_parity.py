"""The same line typed in both modes has the same effect: the plain protocol in a subprocess,
the interactive game in a real pseudo-terminal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import ROOT, run_cli
from tests.pty_terminal import TIMEOUT, Terminal, spawn_game

pexpect = pytest.importorskip("pexpect")

MINI = ROOT / "tests" / "stories" / "mini"

# (what is typed, what must then appear): the same words in both modes.
HINT = "Type a number from 1 to 3, or a command (help lists them)."
SCRIPT: list[tuple[str, str]] = [
    ("jurnal", f"Did you mean journal? {HINT}"),
    ("dance", HINT),
    ("9", "There is no 9 here: type a number from 1 to 3."),
    ("²", "There is no ² here: type a number from 1 to 3."),
    ("timeline", "Timeline: the dated scenes and facts you have met, in order."),
    ("sources", "Sources: 2 in this story's bibliography."),
    ("2", "What lay on the desk?"),
    # A command at a question shows its view; the question is still waiting.
    ("journal", "Journal: 1 of 2 fact notes found."),
    ("timelin", f"Did you mean timeline? {HINT}"),
    ("2", "Right."),
    # A command at a Continue step shows its view and does not continue.
    ("journal", "Journal: 1 of 2 fact notes found."),
    ("go", "Press Enter to go on, or type a command (help lists them)."),
    ("", "It is a list of names."),
]


def spawn(tmp_path: Path, columns: int = 100, **settings: str) -> Terminal:
    return spawn_game(
        MINI, tmp_path / "saves", "--no-shuffle", rows=30, columns=columns, **settings
    )


@pytest.fixture
def terminals() -> list[Terminal]:
    return []


@pytest.fixture(autouse=True)
def _stop(terminals: list[Terminal]) -> object:
    yield None
    for t in terminals:
        t.stop()


def test_the_script_has_the_same_effect_in_the_plain_protocol(tmp_path: Path) -> None:
    typed = "".join(line + "\n" for line, _ in SCRIPT) + "quit\n\n"
    result = run_cli("play", "--story", str(MINI), "--saves", str(tmp_path), input=typed)
    assert result.returncode == 0, result.stderr
    at = 0
    for line, expected in SCRIPT:
        found = result.stdout.find(expected, at)
        assert found >= 0, f"after typing {line!r}, {expected!r} did not follow"
        at = found + len(expected)
    # The question was asked once more after the journal, and never answered twice.
    assert result.stdout.count("Right.") == 1


def test_the_script_has_the_same_effect_at_a_real_terminal(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = spawn(tmp_path)
    terminals.append(t)
    t.wait_for("Choose 1-")
    t.type("1\r")
    t.wait_for("Your name")
    t.type("\r")
    t.wait_for("3. Ask the guard first.")
    for line, expected in SCRIPT:
        t.type(line + "\r")
        t.wait_for(expected)
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    # The full screen redraws the verdict while it stays on screen, so count what was saved.
    saved = SaveStore(tmp_path / "saves").load("autosave", Engine(load_story(MINI)))
    assert [a.question for a in saved.state.answers] == ["q-letter"]


def test_width_folds_plain_lines_at_spaces_and_never_splits_a_word(tmp_path: Path) -> None:
    typed = "journal\nsources\nhelp\n2\n2\n\n"
    wide = run_cli("play", "--story", str(MINI), "--saves", str(tmp_path / "a"), input=typed)
    narrow = run_cli(
        "play", "--story", str(MINI), "--saves", str(tmp_path / "b"), "--width", "40", input=typed
    )
    assert narrow.returncode == 0, narrow.stderr
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines if " " in line.strip()) <= 40
    assert any(len(line) > 40 for line in wide.stdout.splitlines())  # there was folding to do
    # The same words in the same order: only the line breaks moved.
    assert narrow.stdout.replace("/b", "/a").split() == wide.stdout.split()
    # A folded line keeps the indent of the line it came from.
    assert "  An unsigned letter arrived." in narrow.stdout


def test_no_color_at_a_terminal_folds_to_the_terminal_width(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = spawn(tmp_path, columns=44, NO_COLOR="1")
    terminals.append(t)
    t.wait_for("3. Ask the guard first.")
    t.type("help\r")
    t.wait_for("quit")
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    shown = [line for line in t.screen.splitlines() if " " in line.strip()]
    assert shown and max(len(line) for line in shown) <= 44
    # help, folded at a space, its second column kept
    assert "  journal    the fact notes you have found,\n             in date order" in t.screen


def test_ctrl_c_in_the_plain_protocol_without_a_terminal_saves_and_exits_130(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SPECIAL_TASKS_SAVES", None)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "--story",
            str(MINI),
            "--saves",
            str(tmp_path),
            "--no-shuffle",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("2\n2\n")
    child.stdin.flush()
    seen = ""
    while "(Press Enter to continue.)" not in seen:
        line = child.stdout.readline()
        assert line, f"the game stopped early: {seen[-500:]}"
        seen += line
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=TIMEOUT)
    assert child.returncode == 130
    assert err == ""  # no "Error: interrupted", no traceback
    assert re.search(r"Your progress is saved in the slot 'autosave'.*\nGoodbye\.\n$", out)
    resumed = run_cli("play", "--story", str(MINI), "--saves", str(tmp_path), "--load", "autosave")
    assert "Resuming the save slot 'autosave'" in resumed.stdout
    assert "The paper curls in the stove." in resumed.stdout  # the step before Ctrl-C was kept


def test_ctrl_c_in_the_plain_protocol_at_a_terminal_asks_first(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = spawn(tmp_path, NO_COLOR="1")
    terminals.append(t)
    t.wait_for("3. Ask the guard first.")
    t.wait_for("> ")  # at the prompt (Ctrl-C while a screen is still being written stops)
    t.type("\x03")
    t.wait_for("Quit? progress is saved (y/n)")
    t.type("n\r")
    t.wait_for("Playing on.")
    t.type("1\r")
    t.wait_for("Question: What lay on the desk?")  # still playing: the choice went through
    t.wait_for("> ")
    t.type("\x03")
    t.wait_for("Quit? progress is saved (y/n)")
    t.type("y\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen and "Error:" not in t.screen
