"""States share their path, facts, decisions and answers: branching and undo stay exact.

A step extends the shared trails of the state it started from (game/engine/trail.py) instead
of copying them. These tests play branches from one state and long games with `back` and
check that no state ever sees another's steps.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    GameState,
    QuestionPrompt,
    Step,
)
from game.engine.session import Session
from game.engine.trail import Trail
from game.story.checker import load_story
from tests.conftest import ROOT, STORIES

Snapshot = tuple[object, ...]


def snapshot(state: GameState) -> Snapshot:
    """Everything in a state, as plain tuples and dicts (nothing shared with later states)."""
    return (
        state.scene,
        dict(state.variables),
        tuple(state.path),
        tuple(state.facts),
        tuple(state.log),
        tuple(state.answers),
        tuple(state.reflections),
        state.due,
        state.going_to,
        state.ended,
        state.seed,
        state.pending_reality,
        tuple(state.documents),
        frozenset(state.visited),
        frozenset(state.seen),
    )


def unshared(state: GameState) -> GameState:
    """The same state with trails of its own (built from tuples), sharing nothing."""
    return dataclasses.replace(
        state,
        path=tuple(state.path),
        facts=tuple(state.facts),
        log=tuple(state.log),
        answers=tuple(state.answers),
        reflections=tuple(state.reflections),
        documents=tuple(state.documents),
    )


def move(engine: Engine, state: GameState, rng: random.Random) -> Step:
    """One random move, as a player might make it."""
    prompt = engine.prompt(state)
    if isinstance(prompt, ChoicePrompt):
        return engine.choose(state, rng.choice(prompt.choices).id)
    if isinstance(prompt, ContinuePrompt):
        return engine.advance(state)
    if isinstance(prompt, QuestionPrompt):
        return engine.answer(state, rng.randrange(len(prompt.question.options)))
    return engine.reflect(state, rng.choice(["A note.", None]))


@pytest.fixture(scope="module")
def long_story(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("generated") / "story-400"
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", "400", str(folder)], check=True, cwd=ROOT
    )
    return Engine(load_story(folder))


def test_two_branches_from_one_state_never_see_each_other() -> None:
    engine = Engine(load_story(STORIES / "visits"))
    hall, _ = engine.new_game()
    # Into the side room first: its steps are appended to the trail the hall state shares.
    side, _ = engine.choose(hall, "side")
    via_side, _ = engine.advance(side)
    before = snapshot(via_side)
    # Then the other branch from the same hall state: it must not have visited the side room.
    straight, _ = engine.choose(hall, "gate")
    assert straight.path == ("hall", "gate")
    assert "side" not in straight.visited
    assert [c.id for c in engine.available(straight)] == ["end", "plain"]
    # And the first branch, played on, still has exactly what it had.
    assert snapshot(via_side) == before
    assert [c.id for c in engine.available(via_side)] == ["end", "hidden"]
    assert via_side.path == ("hall", "side", "gate")
    assert "gate" not in side.visited and side.path == ("hall", "side")
    assert hall.path == ("hall",) and set(hall.visited) == {"hall"}


def test_branches_played_in_turn_match_each_branch_played_alone(long_story: Engine) -> None:
    engine = long_story
    start, _ = engine.new_game(seed=7)
    fork = start
    for _ in range(60):
        fork, _ = move(engine, fork, random.Random(1))
    # Two games from `fork`, their steps interleaved, each against the same game played alone.
    games = [fork, fork]
    rngs = [random.Random(10), random.Random(20)]
    steps: list[list[Snapshot]] = [[], []]
    for _ in range(150):
        for i in (0, 1):
            if engine.prompt(games[i]) != EndedPrompt():
                games[i], _ = move(engine, games[i], rngs[i])
            steps[i].append(snapshot(games[i]))
    assert steps[0] != steps[1]
    for i, seed in enumerate((10, 20)):
        alone, rng = unshared(fork), random.Random(seed)
        for expected in steps[i]:
            if engine.prompt(alone) != EndedPrompt():
                alone, _ = move(engine, alone, rng)
            assert snapshot(alone) == expected


def test_every_earlier_state_is_unchanged_after_many_steps_and_other_branches(
    long_story: Engine,
) -> None:
    engine = long_story
    rng = random.Random(3)
    state, _ = engine.new_game(seed=3)
    states = [state]
    kept = [snapshot(state)]
    while not state.ended:
        state, _ = move(engine, state, rng)
        states.append(state)
        kept.append(snapshot(state))
    assert len(states) > 250
    # Branch off again and again from earlier states, as `back` and a different move does,
    # each branch checked against the same moves from a copy that shares nothing.
    for k in range(0, len(states), 17):
        branch, alone = states[k], unshared(states[k])
        for turn in range(30):
            if branch.ended:
                break
            branch, _ = move(engine, branch, random.Random(turn))
            alone, _ = move(engine, alone, random.Random(turn))
            assert snapshot(branch) == snapshot(alone)
    assert [snapshot(s) for s in states] == kept


def test_back_after_any_step_gives_exactly_the_earlier_state(long_story: Engine) -> None:
    engine = long_story
    state, _ = engine.new_game(seed=5)
    session = Session(engine, state)
    rng = random.Random(5)
    for _ in range(300):
        earlier = snapshot(session.state)
        before_history = len(session.history)
        prompt = engine.prompt(session.state)
        if isinstance(prompt, QuestionPrompt):
            session.answer(1)  # answers are final: back keeps them, so skip the check here
            continue
        if isinstance(prompt, ChoicePrompt):
            session.choose(rng.randrange(len(prompt.choices)) + 1)
        else:
            session.advance()
        if isinstance(engine.prompt(session.state), QuestionPrompt):
            continue  # back would keep that question's answer once given; checked above
        session.back()
        assert snapshot(session.state) == earlier
        assert len(session.history) == before_history
        # Play the step again, maybe differently: the game goes on from the earlier state.
        if isinstance(prompt, ChoicePrompt):
            session.choose(rng.randrange(len(prompt.choices)) + 1)
        else:
            session.advance()


def test_a_trail_equals_the_tuple_of_its_items_and_forks_on_a_different_step() -> None:
    base = Trail(("a", "b"))
    longer = base.extended(("c",))
    other = base.extended(("d", "e"))
    again = base.extended(("c",))
    assert base == ("a", "b") and longer == ("a", "b", "c") and other == ("a", "b", "d", "e")
    assert again == longer and hash(again) == hash(("a", "b", "c"))
    # A tuple on the left asks the trail too (tuple's own == does not know it).
    assert ("a", "b", "c") == longer  # noqa: SIM300
    assert longer != ("a", "b") and longer != ["a", "b", "c"]
    assert longer[-1] == "c" and other[1:] == ("b", "d", "e") and list(other) == [*"abde"]
    assert "c" in longer and "c" not in base and "c" not in other and "d" not in longer
    assert base.has("b") and not base.has("c") and other.has("e")
    assert repr(other) == "('a', 'b', 'd', 'e')"
    with pytest.raises(IndexError):
        base[2]
    with pytest.raises(IndexError):
        longer[-4]


def test_a_state_made_from_tuples_keeps_working_as_before(mini_story: Path) -> None:
    engine = Engine(load_story(mini_story))
    state = GameState(scene="desk", variables={"careful": False, "doubts": 0}, path=("desk",))
    assert isinstance(state.path, Trail) and state.visited == {"desk"}
    moved, _ = engine.choose(state, "ask")
    moved, _ = engine.answer(moved, 0)  # the question due after the desk
    assert moved.log[-1].choice == "ask" and moved.path == ("desk", "guard")
    assert len(moved.answers) == 1 and moved.visited == {"desk", "guard"}
    assert state.path == ("desk",) and state.log == () and state.answers == ()


def test_undo_after_a_thousand_steps_gives_back_exactly_the_earlier_states(
    tmp_path: Path,
) -> None:
    # About 1,300 steps: long enough for trails many times shared, cheap enough for a loaded
    # machine under coverage (the snapshots are taken every 25th step, not each one).
    folder = tmp_path / "story-1500"
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", "1500", str(folder)], check=True, cwd=ROOT
    )
    engine = Engine(load_story(folder))
    state, _ = engine.new_game(seed=7)
    session = Session(engine, state)
    rng = random.Random(7)
    states, seen = [session.state], {0: snapshot(session.state)}
    while not session.state.ended:
        session.state, _ = move(engine, session.state, rng)
        session.history.append(states[-1])
        states.append(session.state)
        if len(states) % 25 == 0:
            seen[len(states) - 1] = snapshot(session.state)
    kept = len(session.history)
    assert kept > 1000
    # Every state kept for undo is still exactly what it was when it was left.
    assert all(snapshot(session.history[i]) == seen[i] for i in seen if i < kept)
    assert all(snapshot(unshared(session.history[i])) == seen[i] for i in seen if i < kept)
    # Back all the way: each step undone gives the state before it, with the answers given
    # since kept (answers are final), and the path, decisions, facts and variables exact.
    while session.back():
        back = session.state
        at = next(i for i in range(len(session.history), -1, -1) if states[i].path == back.path)
        assert back.path == states[at].path and back.log == states[at].log
        assert back.facts == states[at].facts and back.variables == states[at].variables
        assert back.documents == states[at].documents and back.seed == states[at].seed
    assert snapshot(session.state)[:5] == seen[0][:5]
