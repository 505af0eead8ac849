"""After --load, `back` undoes steps taken before the save: the saved record is replayed
(the engine is deterministic) to rebuild the states the game passed through."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from game.engine.engine import ChoicePrompt, ContinuePrompt, Engine, QuestionPrompt
from game.engine.session import Session, replayed_history
from game.story.checker import load_story
from tests.conftest import ROOT

SHIPPED = Engine(load_story(ROOT / "scenes"))


def played(seed: int, steps: int, start: str | None = None) -> Session:
    """A seeded random game of the shipped story, `steps` long (or to its end)."""
    rng = random.Random(seed)
    session = Session(SHIPPED, SHIPPED.new_game(start, seed=seed)[0])
    for _ in range(steps):
        prompt = SHIPPED.prompt(session.state)
        if session.state.ended:
            break
        if isinstance(prompt, ChoicePrompt):
            session.choose(rng.randint(1, len(SHIPPED.offered(session.state))))
        elif isinstance(prompt, QuestionPrompt):
            session.answer(rng.randint(1, len(prompt.question.options)))
        elif isinstance(prompt, ContinuePrompt):
            session.advance()
        else:
            session.reflect(rng.choice(["I would ask who wrote it.", None]))
    return session


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_saved_game_replays_to_the_states_it_passed_through(seed: int) -> None:
    session = played(seed, steps=40 + 20 * seed)
    assert replayed_history(SHIPPED, session.state) == session.history


def test_a_chapter_game_replays_from_its_chapter(seed: int = 5) -> None:
    session = played(seed, steps=15, start="utka")
    assert replayed_history(SHIPPED, session.state) == session.history


def test_a_state_its_record_does_not_lead_to_gives_no_history() -> None:
    session = played(6, steps=30)
    changed = replace(session.state, facts=session.state.facts[:-1])
    assert replayed_history(SHIPPED, changed) == []
    assert replayed_history(SHIPPED, replace(session.state, path=())) == []
