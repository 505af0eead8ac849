"""The on-screen debrief: a table at 80 columns and up, a list below; drawn by a recording
rich Console at fixed widths, with the exact text a player sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.debrief import debrief
from game.engine.engine import ChoicePrompt, Engine, GameState, QuestionPrompt
from game.story.checker import load_story
from game.story.model import Story
from game.ui.debrief_view import DebriefView
from tests.test_render_rich import drawn


@pytest.fixture
def played(mini_story: Path) -> tuple[Story, GameState, Engine]:
    """The mini story: a what-if at the desk ('burn'), then the historical choice."""
    story = load_story(mini_story)
    engine = Engine(story)
    state, _ = engine.new_game()
    while len(state.log) < 2:
        prompt = engine.prompt(state)
        if isinstance(prompt, QuestionPrompt):
            state, _ = engine.answer(state, 0)
        elif isinstance(prompt, ChoicePrompt):
            pick = "burn" if not state.log else next(c.id for c in prompt.choices if c.history)
            state, _ = engine.choose(state, pick)
        else:
            state, _ = engine.advance(state)
    return story, state, engine


def view(played: tuple[Story, GameState, Engine]) -> DebriefView:
    story, state, engine = played
    return DebriefView(story, debrief(story, state, 150, engine.historical))


def test_wide_debrief_is_a_table_with_numbered_sources(
    played: tuple[Story, GameState, Engine],
) -> None:
    expected = """\
Debrief: your decisions against the record.

 #   Scene            Your choice             What actually happened                  Sources
 ────────────────────────────────────────────────────────────────────────────────────────────
 1   At the desk      Burn it unread.         Historical choice: Open the letter.     [1]
     20 August 1940   (a what-if)             The letter was opened and read aloud.

 2   The letter       File it.                The same: this is what happened.        [1] [2]
     August 1940      (followed the record)

Sources
[1] A. Writer, Diary, 1940.
[2] The Daily Paper, 2 September 1940.

Your choices followed the record at 1 of 2 decisions.
Fact notes found: 2 of 2.
Questions answered correctly: 0 of 1.
Time played: 2 min."""
    assert drawn(view(played), 100) == expected


def test_narrow_debrief_is_a_list_with_hanging_indents(
    played: tuple[Story, GameState, Engine],
) -> None:
    text = drawn(view(played), 50)
    assert "What actually happened" not in text.splitlines()[1]  # no table header
    first = text.splitlines()[1:4]
    assert first[0].startswith("1. ")
    assert all(line.startswith("   ") for line in first[1:])  # hanging indent
    assert "The historical choice:" in text
    assert "What really happened: The letter was opened and read aloud." in " ".join(
        line.strip() for line in text.splitlines()
    )
    assert "(followed the record)" in text


def test_debrief_before_any_decision_says_so(mini_story: Path) -> None:
    story = load_story(mini_story)
    engine = Engine(story)
    state, _ = engine.new_game()
    text = drawn(DebriefView(story, debrief(story, state, 0, engine.historical)), 100)
    assert "You have not made a decision yet." in text
