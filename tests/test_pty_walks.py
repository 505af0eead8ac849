"""The shipped story's historical path walked in a real terminal 24 rows high, 40 to 120 wide."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from game.engine.engine import ChoicePrompt, ContinuePrompt, Engine, QuestionPrompt
from game.story.checker import load_story
from game.story.text import blocks
from game.ui.render_rich import prompt_message
from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.pty_terminal import PAGE_DOWN, PAGE_UP, Terminal, spawn_game  # noqa: E402

STORY = ROOT / "scenes"


def flat(t: Terminal) -> str:
    """The screen as one line of words: box edges and quote bars dropped, rows run together."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─▌]", " ", "\n".join(t.display)))


def words(text: str) -> str:
    return " ".join(text.split())


def scrolled_back_to_the_top(t: Terminal, first_line: str) -> bool:
    """PgDn to the bottom of the scene, then PgUp: whether the scene's first line is back."""
    t.type(PAGE_DOWN * 30)
    t.wait_for("PgUp: back up")
    t.settle(0.1)
    bottom = t.display[0]
    t.type(PAGE_UP * 30)
    t.wait_for("more below: PgDn")
    t.settle(0.1)
    return t.display[0] != bottom and first_line in flat(t)


@pytest.mark.parametrize("columns", [80, 40, 120])
def test_every_decision_shows_its_title_and_all_its_choices_and_scrolls_back_up(
    tmp_path: Path, columns: int
) -> None:
    engine = Engine(load_story(STORY))
    state, _ = engine.new_game()
    t = spawn_game(STORY, tmp_path / "saves", "--no-shuffle", rows=24, columns=columns)
    with t:
        t.wait_for("1. New game")
        t.type("1\r")
        t.wait_for("Your name, for the class")
        t.type("\r")
        decisions = scrolled = 0
        while not state.ended:
            prompt = engine.prompt(state)
            t.wait_for(prompt_message(prompt).rstrip())
            if isinstance(prompt, ChoicePrompt):
                decisions += 1
                scene = engine.scene(state)
                shown = flat(t)
                assert scene.title and scene.title in shown, f"{scene.id}: no title\n{shown}"
                for choice in prompt.choices:
                    assert words(choice.text) in shown, f"{scene.id}: {choice.text!r} not shown"
                first_line = " ".join(blocks(scene.text)[0].split()[:3])
                assert first_line in shown
                if "more below: PgDn" in shown:
                    scrolled += 1
                    assert scrolled_back_to_the_top(t, first_line), f"{scene.id}\n{flat(t)}"
                    assert scene.title in flat(t)
                index = next(i for i, c in enumerate(prompt.choices) if c.history)
                t.type(f"{index + 1}\r")
                state, _ = engine.choose(state, prompt.choices[index].id)
            elif isinstance(prompt, ContinuePrompt):
                t.type("\r")
                state, _ = engine.advance(state)
            elif isinstance(prompt, QuestionPrompt):
                t.type(f"{prompt.question.answer + 1}\r")
                state, _ = engine.answer(state, prompt.question.answer)
            else:
                t.type("\r")  # a reflection skipped
                state, _ = engine.reflect(state, None)
        t.wait_for("Press Enter to leave >")
        t.type("\r")
        t.wait_for("Goodbye.")
        assert t.finish() == 0
    assert "Traceback" not in t.screen
    assert decisions >= 16
    assert scrolled >= (8 if columns < 100 else 1)
