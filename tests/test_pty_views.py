"""Views, the reading column and an answer's verdict in a real terminal: long views scroll
inside the screen with the prompt and status bar kept, text keeps to a column of at most
100 characters on a wide terminal, and the verdict stays until the player goes on."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.ui.pager import READING_WIDTH
from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.pty_terminal import PAGE_DOWN, Terminal, spawn_game  # noqa: E402

MINI = ROOT / "tests" / "stories" / "mini"
CONTINUE = "Press Enter to continue >"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.stop()


def new_game(terminals: list[Terminal], story: Path, saves: Path, **size: int) -> Terminal:
    t = spawn_game(story, saves, "--no-shuffle", **size)
    terminals.append(t)
    t.wait_for("1. New game")
    t.type("1\r")
    t.wait_for("Your name, for the class")
    t.type("\r")
    return t


def leave(t: Terminal) -> None:
    t.type("quit\r")
    t.wait_for("Also save under a name?")
    t.type("\r")
    t.wait_for("Goodbye.")
    assert t.finish() == 0
    assert "Traceback" not in t.screen


@pytest.mark.parametrize(
    ("command", "first"),
    [
        ("journal", "Journal: 1 of 37 fact notes found."),
        ("timeline", "Timeline"),
        ("sources", "Sources: 16 in this story's bibliography."),
        ("documents", "Documents: 0 of 20 examined."),
        ("debrief", "Debrief"),
        ("help", "Commands"),
    ],
)
def test_a_view_stays_inside_the_screen_with_the_prompt_and_bar_below(
    tmp_path: Path, terminals: list[Terminal], command: str, first: str
) -> None:
    t = new_game(terminals, ROOT / "scenes", tmp_path / "saves", rows=24, columns=80)
    t.wait_for(CONTINUE)
    t.type(f"{command}\r")
    t.wait_for("Esc: back to the scene")
    t.settle()
    shown = t.display
    assert first in "\n".join(shown[:3]), "\n".join(shown)
    assert shown[-2].startswith(CONTINUE) and "Progress 4%" in shown[-1]
    t.type("\x1b")
    t.wait_for("Second only to Lenin")  # back to the scene, its header on top
    leave(t)


def test_the_bibliography_scrolls_page_by_page_to_its_last_source(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = new_game(terminals, ROOT / "scenes", tmp_path / "saves", rows=24, columns=80)
    t.wait_for(CONTINUE)
    t.type("sources\r")
    t.wait_for("more below: PgDn")
    t.settle()
    tops = [t.display[0]]
    for _ in range(8):
        t.type(PAGE_DOWN)
        t.settle(0.2)
        tops.append(t.display[0])
        assert t.display[-2].startswith(CONTINUE)  # the prompt never scrolls away
    assert len(set(tops)) > 2  # it moved, a page at a time
    assert "more below" not in "\n".join(t.display)  # and reached the end
    assert "PgUp: back up" in "\n".join(t.display)
    leave(t)


def test_the_reading_column_is_at_most_100_wide_on_a_wide_terminal(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = new_game(terminals, MINI, tmp_path / "saves", rows=40, columns=160)
    t.wait_for("Choose 1-3 >")
    t.settle()
    rows = [r for r in t.display[:-1] if r.strip()]  # the status bar spans the terminal
    left = min(len(r) - len(r.lstrip()) for r in rows)
    assert left == (160 - READING_WIDTH) // 2  # the column stands in the middle
    assert max(len(r) for r in rows) - left <= READING_WIDTH == 100
    assert any(len(r) - left == READING_WIDTH for r in rows)  # the boxes use all of it
    leave(t)


def test_the_verdict_on_an_answer_stays_until_the_player_goes_on(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = new_game(terminals, MINI, tmp_path / "saves", rows=30, columns=100)
    t.wait_for("Choose 1-3 >")
    t.type("2\r")
    t.wait_for("Answer 1-3 >")
    t.type("1\r")
    t.wait_for(CONTINUE)
    t.settle()
    shown = "\n".join(t.display)
    assert "Not quite. The answer is 2: A letter." in shown
    assert "It was an unsigned letter." in shown  # the explanation with it
    t.type("jornal\r")  # a typo: a hint, and the verdict is still there
    t.wait_for("Did you mean journal?")
    t.settle()
    assert "Not quite. The answer is 2" in "\n".join(t.display)
    t.type("back\r")  # back to the choice: that verdict is not about this moment
    t.wait_for("Went back one step, to: At the desk.")
    t.settle()
    assert "Not quite." not in "\n".join(t.display)
    t.type("2\r")  # the question was answered: it is not asked again
    t.wait_for(CONTINUE)
    t.type("\r")
    t.wait_for("Choose 1 >")
    t.settle()
    assert "Not quite." not in "\n".join(t.display)  # gone once the player went on
    leave(t)


WHEEL_DOWN = "\x1b[<65;20;5M"
WHEEL_UP = "\x1b[<64;20;5M"
"""SGR mouse reports of the wheel turned over the page (column 20, row 5)."""


def test_the_mouse_wheel_scrolls_a_long_scene_and_a_resize_reflows_it(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    t = new_game(terminals, ROOT / "scenes", tmp_path / "saves", rows=24, columns=80)
    t.wait_for("more below: PgDn")
    t.settle()
    top = t.display[0]
    t.type(WHEEL_DOWN * 3)
    t.wait_for("PgUp: back up")
    t.settle()
    assert t.display[0] != top and t.display[-2].startswith(CONTINUE)
    t.type(WHEEL_UP * 30)
    t.settle()
    assert t.display[0] == top  # back at the scene's header
    t.emulator.resize(24, 50)
    t.child.setwinsize(24, 50)  # the terminal is made narrower: the scene is drawn again
    t.wait_for("Second only to Lenin")
    t.settle()
    shown = [r for r in t.display if r.strip()]
    assert max(len(r) for r in shown) <= 50
    assert shown[0].startswith("╭") and shown[0].endswith("╮") and len(shown[0]) == 50
    assert t.display[-2].startswith(CONTINUE)
    leave(t)
