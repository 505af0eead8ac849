"""The flat tables `playtest` plays on (game/authoring/playtest_run.py) say what the story says.

Runs on the tables are compared, run by run with the same seed, with a reference that plays
the same rules straight from the indexed scenes and choices and the story's own conditions
(sets of strings for visited() and seen(), as before the tables), and replayed through the
real Engine; the marks and the copied conditions are checked against what they stand for.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Hashable
from pathlib import Path

import pytest
from conftest import ROOT, STORIES, write_story
from test_playtest import replay

from game.authoring.playtest_model import (
    CRASH,
    ENDED,
    ENDLESS,
    SOFT_LOCK,
    CompiledStory,
    FastChoice,
    PlayEnv,
    Run,
    compile_story,
)
from game.authoring.playtest_run import Effects, Marks, _one
from game.engine.engine import Engine
from game.story.checker import load_story
from game.story.model import Story


def reference_play(compiled: CompiledStory, rng: random.Random, usage: list[int]) -> Run:
    """One run by the rules, read from the scene objects and the story's own conditions."""
    env = PlayEnv(dict(compiled.story.variables))
    visited: set[str] = set()
    seen: set[str] = set()
    env.visited, env.seen = visited, seen
    variables, done, path, taken = env.variables, set(), [], []
    scene = compiled.scenes[compiled.start]
    try:
        while True:
            path.append(scene.index)
            visited.add(scene.id)
            seen.update(scene.facts)
            if len(path) > compiled.max_steps:
                return Run(ENDLESS, path, taken, variables=variables)
            target = -1 if scene.end else scene.next
            if scene.choices:
                open_ = [
                    c
                    for c in scene.choices
                    if c.source.condition is None or c.source.condition.evaluate(env)
                ]
                if not open_:
                    return Run(SOFT_LOCK, path, taken, variables=variables)
                choice = open_[0] if len(open_) == 1 else least_used(open_, usage, rng)
                usage[choice.index] += 1
                taken.append(choice.index)
                variables.update(choice.set)
                for name, amount in choice.add:
                    variables[name] = int(variables[name]) + amount
                target = choice.goto
            for ask in scene.due:
                if ask not in done:
                    done.add(ask)
                    if compiled.asks[ask][1]:
                        rng.randrange(compiled.asks[ask][1])
            if target < 0:
                return Run(ENDED, path, taken, variables=variables)
            scene = compiled.scenes[target]
    except Exception as exc:
        return Run(CRASH, path, taken, f"{type(exc).__name__}: {exc}", variables)


def least_used(open_: list[FastChoice], usage: list[int], rng: random.Random) -> FastChoice:
    fewest = min(usage[c.index] for c in open_)
    tied = [c for c in open_ if usage[c.index] == fewest]
    return tied[0] if len(tied) == 1 else tied[rng.randrange(len(tied))]


def generated(folder: Path, scenes: int) -> Path:
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", str(scenes), str(folder), "40"],
        check=True,
        cwd=ROOT,
    )
    return folder


LOOP = {
    "story.yaml": (
        "story: {id: loop, title: Round and round, version: 1, start: hub}\n"
        "variables: {rounds: 0}\n"
    ),
    "01-loop.yaml": """\
chapter: {id: loop, title: Loop}
scenes:
  - id: hub
    text: The square.
    choices:
      - {text: Go on., goto: end, history: true}
      - {text: Once more., goto: again, id: again, add: {rounds: 1}, if: "rounds < 3"}
  - id: again
    text: Round the square again.
    reality: Nobody went round.
    next: hub
  - id: end
    text: Home.
    end: true
questions:
  - {id: q, after: hub, ask: Where?, options: [Here, There, Nowhere], answer: 0, explain: So.}
""",
}
"""A question after a scene entered again and again: it is asked (an answer drawn) once."""


def stories(tmp: Path) -> list[Story]:
    names = ["mini", "softlock", "unreachable", "visits", "outsider"]
    found = [load_story(STORIES / name) for name in names] + [load_story(ROOT / "scenes")]
    loop = load_story(write_story(tmp / "loop", LOOP))
    return [*found, loop, load_story(generated(tmp / "generated", 400))]


@pytest.fixture(scope="module")
def all_stories(tmp_path_factory: pytest.TempPathFactory) -> list[Story]:
    return stories(tmp_path_factory.mktemp("tables"))


def test_runs_on_the_tables_are_the_reference_runs_seed_for_seed(all_stories: list[Story]) -> None:
    for story in all_stories:
        compiled = compile_story(story)
        for seed in (0, 5):
            fast, slow = random.Random(seed), random.Random(seed)
            fast_usage, slow_usage = [0] * len(compiled.choices), [0] * len(compiled.choices)
            for _ in range(60):
                got = compiled.play(fast, fast_usage)
                want = reference_play(compiled, slow, slow_usage)
                assert (got.outcome, got.path, got.choices, got.error, got.variables) == (
                    want.outcome,
                    want.path,
                    want.choices,
                    want.error,
                    want.variables,
                ), story.title
            assert fast_usage == slow_usage
            assert fast.random() == slow.random()  # the same draws, in the same order


def test_runs_on_the_tables_replay_in_the_engine(all_stories: list[Story]) -> None:
    for story in all_stories[3:]:  # mini, softlock and unreachable: tests/test_playtest.py
        compiled, engine = compile_story(story), Engine(story)
        rng, usage = random.Random(3), [0] * len(compiled.choices)
        outcomes = set()
        for _ in range(40):
            run = compiled.play(rng, usage)
            state, outcome = replay(engine, compiled, run)
            assert outcome == run.outcome
            assert list(state.path) == [compiled.scenes[i].id for i in run.path]
            assert dict(state.variables) == run.variables
            outcomes.add(outcome)
        assert ENDED in outcomes


def test_the_conditions_copied_for_the_tables_answer_as_the_story_s_own(
    all_stories: list[Story],
) -> None:
    checked = shared = 0
    for story in all_stories:
        compiled = compile_story(story)
        tables = compiled.tables
        ids = [*tables.visit_slot, *tables.fact_slot]
        rng = random.Random(1)
        for choice in compiled.choices:
            condition = choice.source.condition
            copy, binding = tables.tests[choice.index], tables.binds[choice.index]
            if condition is None:
                assert copy is None and binding is None
                continue
            assert copy is not None and copy is not condition.evaluate
            for _ in range(20):
                env = PlayEnv({n: rng.choice(values(v)) for n, v in story.variables.items()})
                env.visited = {i for i in ids if rng.random() < 0.5}
                env.seen = set(env.visited)
                for cell, value in binding or ():
                    cell.cell_contents = value
                assert copy(env) == condition.evaluate(env), condition.source
                checked += 1
                shared += binding is not None
    assert checked > 500 and shared > 100  # the generated story's conditions share a copy


def values(start: object) -> list[object]:
    if isinstance(start, bool):
        return [False, True]
    if isinstance(start, int):
        return [start - 1, start, start + 1, start + 2, 0]
    return [start, "", "other"]


def test_marks_hold_what_was_entered_of_the_ids_conditions_name() -> None:
    bits = bytearray(3)
    marks = Marks({"hall": 0, "gate": 2}, bits)
    assert "hall" not in marks and len(marks) == 0 and list(marks) == []
    bits[2] = 1
    assert "gate" in marks and "hall" not in marks and "side" not in marks and 2 not in marks
    assert list(marks) == ["gate"] and len(marks) == 1 and marks == {"gate"}


def test_every_id_a_condition_names_has_a_mark_and_entering_sets_it(
    all_stories: list[Story],
) -> None:
    for story in all_stories:
        compiled = compile_story(story)
        tables = compiled.tables
        conditions = [c.source.condition for c in compiled.choices if c.source.condition]
        assert set(tables.visit_slot) == {ref for k in conditions for ref, _ in k.scenes}
        assert set(tables.fact_slot) == {ref for k in conditions for ref, _ in k.facts}
        for scene in compiled.scenes:
            want = {tables.visit_slot[scene.id]} if scene.id in tables.visit_slot else set()
            want |= {tables.fact_slot[f] for f in scene.facts if f in tables.fact_slot}
            assert set(tables.enter[scene.index] or ()) == want


def test_equal_effects_are_one_tuple_and_true_is_not_one(all_stories: list[Story]) -> None:
    compiled = compile_story(all_stories[-1])  # the generated story: one `add` in each block
    adds = [compiled.tables.adds[c.index] for c in compiled.choices if c.add]
    assert len(adds) == 100 and all(a is adds[0] for a in adds) and adds[0] == (("suspicion", 1),)
    shared: dict[Hashable, Effects] = {}
    first = _one(shared, (("flag", True),))
    assert _one(shared, (("flag", True),)) is first
    one = _one(shared, (("flag", 1),))
    assert one == (("flag", 1),) and one is not first
    assert _one(shared, ()) is None
