"""What the engine and the plain text remember between steps changes nothing that is shown.

The engine works each scene out once (game/engine/plan.py) and draws its orders without
`random.Random`; the plain front end remembers the text of what each event and prompt shows,
and the debrief its rows. These tests pin the orders, and play whole games with all that is
remembered and with none of it, and compare.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

import game.classroom.debrief as debrief_module
import game.ui.plain as plain
from game.classroom.debrief import debrief, debrief_lines, session_debrief
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    Event,
    QuestionPrompt,
    RealityShown,
    StoryEnded,
    shuffled,
)
from game.engine.memo import Remembered
from game.engine.session import Session
from game.engine.trail import Trail
from game.story.checker import load_story
from game.ui.plain import event_text, prompt_text, wrap
from game.ui.render_plain import event_lines, prompt_lines
from tests.conftest import ROOT, STORIES


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "story-100"
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", "100", str(folder)], check=True, cwd=ROOT
    )
    return folder


def stdlib_order(count: int, seed: int, kind: str, ident: str) -> tuple[int, ...]:
    """The order as the engine first drew it, with `random.Random` itself."""
    order = list(range(count))
    random.Random(f"{seed}:{kind}:{ident}").shuffle(order)
    return tuple(order)


def test_the_shuffle_draws_the_orders_random_shuffle_drew() -> None:
    # Saves and replays depend on these: the order of a seed never changes.
    assert shuffled(2, 1, "scene", "b0-decide") == (1, 0)
    assert shuffled(3, 12345, "scene", "b7-decide") == (1, 2, 0)
    assert shuffled(3, 2**31 - 1, "question", "q4") == (0, 2, 1)
    assert shuffled(6, 1, "scene", "one") == (1, 0, 2, 4, 3, 5)
    assert shuffled(9, 987654321, "question", "a-long-question-id") == (0, 5, 2, 7, 3, 1, 6, 4, 8)
    assert shuffled(5, 0, "scene", "x") == (3, 2, 4, 1, 0)
    draws = random.Random(17)
    for count in range(12):
        for _ in range(150):
            seed = draws.randrange(1 << 40)
            kind = draws.choice(("scene", "question"))
            ident = f"s{draws.randrange(10_000)}-é"
            assert shuffled(count, seed, kind, ident) == stdlib_order(count, seed, kind, ident)


def random_move(session: Session, rng: random.Random) -> list[Event]:
    prompt = session.engine.prompt(session.state)
    if isinstance(prompt, ChoicePrompt):
        return session.choose(rng.randrange(len(prompt.choices)) + 1)
    if isinstance(prompt, ContinuePrompt):
        return session.advance()
    if isinstance(prompt, QuestionPrompt):
        return session.answer(rng.randrange(len(prompt.question.options)) + 1)
    return session.reflect(rng.choice(("A note.", None)))


def played(engine: Engine, seed: int, width: int | None) -> tuple[list[object], str]:
    """A random game's events, prompts and states as values, and its plain text as the
    plain protocol writes it (the remembered texts)."""
    rng = random.Random(seed)
    state, events = engine.new_game(seed=seed)
    session = Session(engine, state, clock=lambda: 0.0)
    seen: list[object] = []
    text: list[str] = []
    while True:
        seen += [events, session.state]
        for event in events:
            text.append(event_text(engine.story, event, width))
            if isinstance(event, StoryEnded):
                lines = ["", *debrief_lines(engine.story, session_debrief(session))]
                text.append(plain.screen_text(lines, width))
        prompt = engine.prompt(session.state)
        seen.append(prompt)
        if isinstance(prompt, EndedPrompt):
            return seen, "".join(text)
        text.append(prompt_text(prompt, width))
        events = random_move(session, rng)


def made_anew(engine: Engine, seed: int, width: int | None) -> str:
    """The same game's plain text made from the lines, nothing remembered, as `PlainGame`
    wrote it before it remembered texts."""
    story = engine.story

    def write(lines: list[str]) -> str:
        if width is not None:
            lines = [part for line in lines for part in wrap(line, width)]
        return "".join(line + "\n" for line in lines)

    rng = random.Random(seed)
    state, events = engine.new_game(seed=seed)
    session = Session(engine, state, clock=lambda: 0.0)
    out: list[str] = []
    while True:
        for event in events:
            out.append(write(event_lines(story, event)))
            if isinstance(event, StoryEnded):
                rows = debrief(story, session.state, 0.0)  # its own historical path: no memo
                out.append(write(["", *debrief_lines(story, rows)]))
        prompt = engine.prompt(session.state)
        if isinstance(prompt, EndedPrompt):
            return "".join(out)
        out.append(write(prompt_lines(prompt)))
        events = random_move(session, rng)


@pytest.mark.parametrize("width", [None, 80, 33])
def test_remembered_texts_are_the_texts_made_anew(generated: Path, width: int | None) -> None:
    engine = Engine(load_story(generated))
    for seed in range(12):
        assert played(engine, seed, width)[1] == made_anew(Engine(engine.story), seed, width)


@pytest.mark.parametrize("story", ["generated", "shipped", "visits"])
def test_remembering_nothing_plays_and_shows_the_same_game(
    story: str, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = {"generated": generated, "shipped": ROOT / "scenes", "visits": STORIES / "visits"}
    loaded = load_story(folder[story])
    engine = Engine(loaded)
    games = [played(engine, seed, 80) for seed in range(8)]
    again = [played(engine, seed, 80) for seed in range(8)]  # every text remembered now
    # Nothing kept: every text and row made again, by an engine with no plans yet.
    monkeypatch.setattr(plain, "MAX_TEXTS", 0)
    monkeypatch.setattr(debrief_module, "_ROWS", Remembered(0))
    monkeypatch.setattr(debrief_module, "MAX_ROWS", 1)
    monkeypatch.setattr(debrief_module, "_ROW_TEXTS", Remembered(0))
    alone = [played(Engine(loaded), seed, 80) for seed in range(8)]
    assert games == again == alone


def test_a_saved_state_waiting_on_a_scene_without_reality_shows_it_as_before() -> None:
    # A save of an older version of a story may hold a what-if scene that has no `reality`
    # any more: rejoining the record shows it (with no text), as the engine always did.
    engine = Engine(load_story(STORIES / "visits"))
    start, _ = engine.new_game()
    waiting = dataclasses.replace(start, pending_reality=("hall", "side"))
    _, events = engine.choose(waiting, "gate")  # the record's own choice: back on the record
    scenes = engine.story.scenes
    shown = [e for e in events if isinstance(e, RealityShown)]
    assert shown == [RealityShown(scenes["hall"]), RealityShown(scenes["side"])]
    assert shown[0].scene.reality is None and shown[1].scene.reality == "Nobody looked in."


def test_appending_one_item_shares_forks_and_repeats_as_extending_does() -> None:
    base = Trail(("a", "b"))
    longer = base.appended("c")
    assert longer == ("a", "b", "c") and base == ("a", "b") and longer.has("c")
    same = base.appended("c")  # the same step again (after back): shared, not copied
    other = base.appended("d")  # a different step: its own items
    assert same == longer and other == ("a", "b", "d")
    assert "d" not in longer and "c" not in other and not base.has("c")
    assert longer.appended("e") == ("a", "b", "c", "e") and other == ("a", "b", "d")
    keyed = Trail((), key=len)
    assert keyed.appended("xy").has(2) and not keyed.has(2)
    unkeyed = Trail((1,), key=None)
    assert unkeyed.appended(2) == (1, 2)


def test_remembered_values_are_found_by_identity_and_forgotten_when_full() -> None:
    memo: Remembered[str] = Remembered(2)
    a, b = [1], [1]  # equal, not the same object
    memo.keep(a, a, None, "a")
    assert memo.get(a, a) == "a" and memo.get(b, b) is None and memo.get(a, a, 80) is None
    memo.keep(b, b, None, "b")
    memo.keep(a, b, 80, "ab")  # full: starts again
    assert len(memo) == 1 and memo.get(a, a) is None and memo.get(a, b, 80) == "ab"
