"""Engine transitions on the mini story: pure functions from state to state and events."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.engine import (
    Answered,
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    FactUnlocked,
    IllegalMove,
    QuestionPrompt,
    RealityShown,
    Reflected,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.story.checker import load_story


@pytest.fixture
def engine(mini_story: Path) -> Engine:
    return Engine(load_story(mini_story))


def test_new_game_enters_start_and_unlocks_its_facts(engine: Engine) -> None:
    state, events = engine.new_game()
    assert state.scene == "desk"
    assert state.path == ("desk",)
    assert state.facts == ("letter",)
    assert isinstance(events[0], SceneEntered) and events[0].new_chapter
    assert isinstance(events[1], FactUnlocked) and events[1].fact.id == "letter"


def test_conditions_hide_choices_until_they_hold(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "open")
    state, _ = engine.answer(state, 1)
    assert [c.id for c in engine.available(state)] == ["afternoon"]


def test_choice_effects_set_and_add_variables_and_are_logged(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "ask")
    assert state.variables["careful"] is True
    assert state.log[-1].scene == "desk" and state.log[-1].choice == "ask"
    assert state.log[-1].historical is False
    state, _ = engine.answer(state, 0)
    state, events = engine.advance(state)
    assert isinstance(events[0], RealityShown) and events[0].scene.id == "guard"
    assert [c.id for c in engine.available(state)] == ["afternoon", "show"]


def test_questions_are_due_on_leaving_their_scene(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, events = engine.choose(state, "open")
    assert events == []
    prompt = engine.prompt(state)
    assert isinstance(prompt, QuestionPrompt) and prompt.question.id == "q-letter"
    state, events = engine.answer(state, 0)
    assert isinstance(events[0], Answered) and not events[0].correct
    assert isinstance(events[1], SceneEntered) and events[1].scene.id == "open"
    assert state.answers[-1].given == 0


def test_wrong_moves_are_refused(engine: Engine) -> None:
    state, _ = engine.new_game()
    with pytest.raises(IllegalMove):
        engine.advance(state)
    with pytest.raises(IllegalMove):
        engine.choose(state, "nope")
    state, _ = engine.choose(state, "open")
    with pytest.raises(IllegalMove):
        engine.answer(state, 7)


def test_playing_to_the_end_asks_the_reflection_then_ends(engine: Engine) -> None:
    state, _ = engine.new_game()
    state, _ = engine.choose(state, "open")
    state, _ = engine.answer(state, 1)
    state, _ = engine.choose(state, "afternoon")
    assert isinstance(engine.prompt(state), ContinuePrompt)
    state, _ = engine.advance(state)
    prompt = engine.prompt(state)
    assert isinstance(prompt, ContinuePrompt) and prompt.finish
    state, _ = engine.advance(state)
    assert isinstance(engine.prompt(state), ReflectionPrompt)
    state, events = engine.reflect(state, "  I would have read it.  ")
    assert isinstance(events[0], Reflected) and events[0].text == "I would have read it."
    assert isinstance(events[-1], StoryEnded)
    assert isinstance(engine.prompt(state), EndedPrompt)
    assert state.path == ("desk", "open", "afternoon", "end")


def test_blank_reflection_is_recorded_as_skipped(engine: Engine) -> None:
    state, _ = engine.new_game(start="end")
    state, _ = engine.advance(state)
    state, _ = engine.reflect(state, "   ")
    assert state.reflections[-1].text is None and state.ended


def test_engine_is_deterministic_and_does_not_mutate_old_states(engine: Engine) -> None:
    first, _ = engine.new_game()
    a, _ = engine.choose(first, "burn")
    b, _ = engine.choose(first, "burn")
    assert a == b
    assert first.log == () and first.variables["doubts"] == 0


def test_historical_flag_and_prompt_kinds(engine: Engine) -> None:
    state, _ = engine.new_game()
    assert isinstance(engine.prompt(state), ChoicePrompt)
    assert engine.historical == {"desk", "open", "afternoon", "end"}
