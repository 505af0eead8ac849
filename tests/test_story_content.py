"""The shipped story through the product: the checker, `stats`, the engine and the debrief."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from game.classroom.debrief import debrief, debrief_lines
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    Engine,
    GameState,
    QuestionPrompt,
    ReflectionPrompt,
)
from game.story.checker import check_folder, historical_path, load_story
from game.story.model import Story
from tests.conftest import ROOT, historical_inputs, run_cli
from tests.test_shipped_story import BRIEF_SOURCES

SCENES = ROOT / "scenes"
LESSON_WORDS = 5600
"""Everything read on the historical path: about 35 minutes at 160 words a minute."""


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(SCENES)


def test_shipped_story_passes_strict_check() -> None:
    story, items = check_folder(SCENES)
    assert story is not None
    assert [str(d) for d in items] == []


def _historical_order(story: Story) -> list[str]:
    """The historical path walked here, one `history: true` choice or `next` at a time."""
    order, current = [], story.start
    while True:
        order.append(current)
        scene = story.scenes[current]
        if scene.end:
            return order
        if scene.choices:
            current = next(c.goto for c in scene.choices if c.history)
        else:
            assert scene.next is not None
            current = scene.next


def test_story_has_the_promised_amount_of_history(story: Story) -> None:
    path = set(_historical_order(story))
    decisions = [s for s in story.scenes.values() if s.id in path and s.choices]
    assert len(decisions) >= 16
    for scene in decisions:
        assert sum(c.history for c in scene.choices) == 1
        assert len(scene.choices) >= 2
    assert len(story.facts) >= 30
    assert all(f.sources for f in story.facts.values())
    disputed = [f for f in story.facts.values() if f.certainty == "disputed"]
    assert len(disputed) >= 6 and all(f.dispute for f in disputed)
    assert len(story.questions) == 21
    assert len(story.reflections) >= 6
    assert len(story.exhibits) >= 12
    viewpoints = {s.viewpoint for s in story.scenes.values() if s.viewpoint}
    assert len(viewpoints) >= 4


def test_historical_path_agrees_with_a_walk_along_the_record(story: Story) -> None:
    # The expected values here come from this file's own walk, not the code under test.
    assert historical_path(story) == set(_historical_order(story))


def test_the_historical_path_fits_a_lesson_by_stats() -> None:
    result = run_cli("stats")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[3:13]}
    total = int(rows["total"][4].replace(",", ""))
    assert 4500 <= total <= LESSON_WORDS, total
    assert float(rows["total"][5]) <= 35.0
    # Every chapter gets a fair share: none is a wall of text, none is empty.
    for chapter, cells in rows.items():
        if chapter != "total":
            assert 300 <= int(cells[4].replace(",", "")) <= 1000, chapter
    # The document exercises are real reading, not decoration.
    assert int(rows["total"][2].replace(",", "")) >= 500


def test_every_source_comes_from_the_historical_brief(story: Story) -> None:
    assert set(story.sources) == BRIEF_SOURCES
    assert not any("http" in s.cite or "www." in s.cite for s in story.sources.values())


def test_every_what_if_scene_has_a_reality(story: Story) -> None:
    path = set(_historical_order(story))
    for scene in story.scenes.values():
        if scene.id not in path:
            assert scene.reality, scene.id


# --- playing it -------------------------------------------------------------------
def play(story: Story, picks: Iterable[str] = ()) -> tuple[Engine, GameState]:
    """Play from the start: at each decision take the next of `picks` that is offered there,
    else the historical choice; answer every question right; write every reflection."""
    wanted = list(picks)
    engine = Engine(story)
    state, _ = engine.new_game()
    while True:
        prompt = engine.prompt(state)
        if isinstance(prompt, ChoicePrompt):
            offered = {c.id for c in prompt.choices}
            pick = next((p for p in wanted if p in offered), None)
            if pick is None:
                pick = next(c.id for c in prompt.choices if c.history)
            else:
                wanted.remove(pick)
            state, _ = engine.choose(state, pick)
        elif isinstance(prompt, ContinuePrompt):
            if prompt.finish:
                return engine, state
            state, _ = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            state, _ = engine.answer(state, prompt.question.answer)
        elif isinstance(prompt, ReflectionPrompt):
            state, _ = engine.reflect(state, "Checked against the exhibits.")
        else:
            return engine, state


def offered_at(story: Story, scene_id: str, picks: Iterable[str]) -> set[str]:
    """The choices offered at `scene_id` after playing `picks` on the way."""
    engine = Engine(story)
    state, _ = engine.new_game()
    wanted = list(picks)
    while state.scene != scene_id or engine.prompt(state).__class__ is not ChoicePrompt:
        prompt = engine.prompt(state)
        if isinstance(prompt, ChoicePrompt):
            offered = {c.id for c in prompt.choices}
            pick = next((p for p in wanted if p in offered), None)
            pick = pick or next(c.id for c in prompt.choices if c.history)
            state, _ = engine.choose(state, pick)
        elif isinstance(prompt, ContinuePrompt):
            state, _ = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            state, _ = engine.answer(state, prompt.question.answer)
        else:
            assert isinstance(prompt, ReflectionPrompt)
            state, _ = engine.reflect(state, None)
    prompt = engine.prompt(state)
    assert isinstance(prompt, ChoicePrompt)
    return {c.id for c in prompt.choices}


# An earlier what-if, and the option it opens later that the record alone never shows.
CONSEQUENCES = [
    ("usa-visa", "fortify", "usa-again"),
    ("doubt-harte", "which-name", "ask-harte"),
    ("word-to-natalia", "guard-view", "tell-natalia"),
    ("ask-raincoat", "arrest", "raincoat-question"),
    ("question-him", "arrest", "study-words"),
    ("ask-business", "arrest", "find-business"),
    ("silent", "release", "check-objection"),
    ("excused", "release", "check-objection"),
]


@pytest.mark.parametrize(("earlier", "scene", "opened"), CONSEQUENCES)
def test_an_earlier_what_if_opens_a_later_option(
    story: Story, earlier: str, scene: str, opened: str
) -> None:
    assert opened not in offered_at(story, scene, [])
    assert opened in offered_at(story, scene, [earlier])


def test_speaking_up_at_the_briefing_is_what_lets_you_object_twice(story: Story) -> None:
    assert "repeat-objection" in offered_at(story, "party-duty", [])
    assert "repeat-objection" not in offered_at(story, "party-duty", ["silent"])


def test_the_debrief_says_what_each_what_if_taught(story: Story) -> None:
    picks = ["recant", "doubt-harte", "ask-raincoat", "raincoat-question", "wait-defector"]
    engine, state = play(story, picks)
    lines = debrief_lines(story, debrief(story, state, 60.0, engine.historical))
    text = "\n".join(lines)
    for what_if in picks:
        reality = " ".join((story.scenes[what_if].reality or "").split())
        assert f"What really happened: {reality}" in text, what_if
    assert text.count("What it shows: ") == len(picks)
    decisions = sum(1 for line in lines if line.startswith("   Your choice: "))
    followed = decisions - len(picks)
    assert f"Your choices followed the record at {followed} of {decisions} decisions." in text


def test_historical_path_plays_to_the_ending_through_the_plain_protocol(
    story: Story, tmp_path: Path
) -> None:
    result = run_cli("--plain", input=historical_inputs(story), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Special Tasks\nMoscow and Mexico City, 1939–1940\n")
    assert "== Chapter 1 of 9: The Second Man ==" in out
    assert "== Chapter 9 of 9: How Do We Know? ==" in out
    decisions = len(
        [s for s in story.scenes.values() if s.choices and s.id in _historical_order(story)]
    )
    assert f"Your choices followed the record at {decisions} of {decisions} decisions." in out
    assert f"Questions answered correctly: {len(story.questions)} of {len(story.questions)}." in out
    assert "What really happened:" not in out
    assert out.count("Noted for your report.") == len(story.reflections)
