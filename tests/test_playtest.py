"""`special-tasks playtest`: random runs, the exhaustive search, and agreement with the Engine."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, STORIES, run_cli, write_story

from game.authoring.playtest import playtest, report_lines
from game.authoring.playtest_model import ENDED, SOFT_LOCK, CompiledStory, Run, compile_story
from game.authoring.playtest_search import search
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    GameState,
    QuestionPrompt,
)
from game.story.checker import check_folder, load_story
from game.story.conditions import Condition
from game.story.diagnostics import Diagnostics
from game.story.loader import read_story

SOFTLOCK = STORIES / "softlock"
UNREACHABLE = STORIES / "unreachable"


def replay(
    engine: Engine, compiled: CompiledStory, run: Run, partial: bool = False
) -> tuple[GameState, str]:
    """Play a recorded run through the real Engine; its final state and how it stopped.

    With `partial`, stop on entering the run's last scene (a witness path ends anywhere).
    """
    state, _ = engine.new_game()
    taken = iter(run.choices)
    while True:
        if partial and len(state.path) == len(run.path) and not state.due:
            return state, "partial"
        prompt = engine.prompt(state)
        if isinstance(prompt, ChoicePrompt):
            if not prompt.choices:
                return state, SOFT_LOCK
            choice = compiled.choices[next(taken)]
            assert compiled.scenes[choice.scene].id == state.scene
            state, _ = engine.choose(state, choice.id)
        elif isinstance(prompt, ContinuePrompt):
            state, _ = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            state, _ = engine.answer(state, 0)
        elif isinstance(prompt, EndedPrompt):
            return state, ENDED
        else:
            state, _ = engine.reflect(state, None)


@pytest.mark.parametrize(
    "folder", [STORIES / "mini", SOFTLOCK, UNREACHABLE, ROOT / "scenes"], ids=lambda p: p.name
)
def test_fast_playthroughs_agree_with_the_engine_scene_by_scene(folder: Path) -> None:
    story = load_story(folder)
    compiled = compile_story(story)
    engine = Engine(story)
    usage = [0] * len(compiled.choices)
    rng = random.Random(7)
    for _ in range(200):
        run = compiled.play(rng, usage)
        state, outcome = replay(engine, compiled, run)
        assert outcome == run.outcome
        assert list(state.path) == [compiled.scenes[i].id for i in run.path]
        assert dict(state.variables) == run.variables


def test_exhaustive_witness_paths_reach_their_scenes_in_the_engine() -> None:
    story = load_story(ROOT / "scenes")
    result = search(story)
    engine = Engine(story)
    for scene, state in result.first.items():
        path, choices = result.witness(state)
        played, _ = replay(engine, result.compiled, Run(ENDED, path, choices), partial=True)
        assert played.path[-1] == result.compiled.scenes[scene].id
        assert len(played.path) == len(path)


def test_playtest_counts_every_scene_its_runs_entered() -> None:
    story = load_story(STORIES / "mini")
    result = playtest(story, 40, 3)
    compiled = compile_story(story)
    rng, usage = random.Random(3), [0] * len(compiled.choices)
    runs = [compiled.play(rng, usage) for _ in range(40)]
    assert result.steps == sum(len(run.path) for run in runs) > 40 * 3


def test_playtest_of_the_mini_story_covers_everything() -> None:
    done = run_cli("playtest", "tests/stories/mini", "--runs", "500", "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Playtest of 'The Letter' (tests/stories/mini): 500 runs, seed 3\n"
        "Scenes reached: 6 of 6 (100%)\n"
        "Choices taken: 5 of 5 (100%)\n"
        "Endings:\n"
        "  end: 500 runs\n"
        "Scenes never reached: none\n"
        "Choices never taken: none\n"
        "OK: every run reached an ending (no soft-locks, crashes or endless loops).\n"
    )


def test_the_same_seed_gives_the_same_report_and_another_seed_another_replay() -> None:
    first = report_lines(playtest(load_story(SOFTLOCK), 40, 11), "x")
    again = report_lines(playtest(load_story(SOFTLOCK), 40, 11), "x")
    assert first == again
    runs = [
        [p.first_run for p in playtest(load_story(SOFTLOCK), 40, seed).problems.values()]
        for seed in range(6)
    ]
    assert len({tuple(r) for r in runs}) > 1


def test_soft_lock_is_reported_with_the_choices_that_replay_it_and_exit_1() -> None:
    done = run_cli("playtest", "tests/stories/softlock", "--runs", "50")
    assert done.returncode == 1
    assert done.stdout == (
        "Playtest of 'The Locked Door' (tests/stories/softlock): 50 runs, seed 0\n"
        "Scenes reached: 4 of 4 (100%)\n"
        "Choices taken: 4 of 5 (80%)\n"
        "Endings:\n"
        "  garden: 33 runs\n"
        "Scenes never reached: none\n"
        "Choices never taken: 1\n"
        "  choice 'pick' in scene 'door' (if key and not key) at "
        "tests/stories/softlock/01-house.yaml:29:9\n"
        "Soft-lock in 17 runs: scene 'door' at tests/stories/softlock/01-house.yaml:22:5 "
        "offers choices, but none of their conditions holds.\n"
        "  replay (run 1): hall --door--> door\n"
        "FAILED: 17 runs stopped without reaching an ending.\n"
    )


def test_scene_behind_an_impossible_condition_is_listed_as_never_reached() -> None:
    done = run_cli("playtest", "tests/stories/unreachable", "--runs", "1000")
    assert done.returncode == 0
    assert "Scenes reached: 4 of 5 (80%)\n" in done.stdout
    assert (
        "Scenes never reached: 1\n"
        "  scene 'secret' at tests/stories/unreachable/01-rooms.yaml:30:5\n"
        "Choices never taken: 1\n  choice 'secret' in scene 'two' (if count >= 2) at "
        "tests/stories/unreachable/01-rooms.yaml:27:9\n"
    ) in done.stdout


def test_exhaustive_search_proves_the_secret_room_and_its_choice_unreachable() -> None:
    done = run_cli("playtest", "tests/stories/unreachable", "--exhaustive")
    assert done.returncode == 1
    assert done.stdout == (
        "Exhaustive search of 'The Secret Room' (tests/stories/unreachable): 6 states, "
        "search complete\n"
        "Scenes reachable: 4 of 5; endings reachable: 1 of 1\n"
        "Shortest witness path to each scene:\n"
        "  one: one\n"
        "  counted: one --count--> counted\n"
        "  two: one --two--> two\n"
        "  three: one --two--> two --three--> three\n"
        "Unreachable scenes: 1\n"
        "  scene 'secret' at tests/stories/unreachable/01-rooms.yaml:30:5\n"
        "Choices that no playthrough can be offered: 1\n"
        "  choice 'secret' in scene 'two' (if count >= 2) at "
        "tests/stories/unreachable/01-rooms.yaml:27:9\n"
        "FAILED: 1 scene unreachable, 1 choice never offered.\n"
    )


def test_exhaustive_search_finds_the_soft_lock_with_its_shortest_path() -> None:
    done = run_cli("playtest", "tests/stories/softlock", "--exhaustive")
    assert done.returncode == 1
    assert (
        "Choices that no playthrough can be offered: 1\n"
        "  choice 'pick' in scene 'door' (if key and not key) at "
        "tests/stories/softlock/01-house.yaml:29:9\n"
        "Soft-lock: scene 'door' at tests/stories/softlock/01-house.yaml:22:5 can be reached "
        "with no choice whose condition holds, by:\n  hall --door--> door\n"
        "FAILED: 1 choice never offered, 1 soft-lock.\n"
    ) in done.stdout


def test_exhaustive_search_of_the_mini_story_proves_every_scene_reachable() -> None:
    done = run_cli("playtest", "tests/stories/mini", "--exhaustive")
    assert done.returncode == 0
    assert done.stdout.endswith(
        "  end: desk --open--> open --afternoon--> afternoon --> end\n"
        "OK: every scene and every ending can be reached, every choice can be offered, "
        "and nothing soft-locks.\n"
    )


def test_exhaustive_search_says_when_it_stops_at_the_state_limit() -> None:
    done = run_cli("playtest", "tests/stories/mini", "--exhaustive", "--max-states", "3")
    assert done.returncode == 1
    assert "3 states, search stopped at the limit of 3 states\n" in done.stdout
    assert "Not reached within the limit (raise --max-states to search on): 3\n" in done.stdout
    assert "FAILED: 3 scenes not reached.\n" in done.stdout


def test_a_loop_with_no_way_out_is_reported_as_endless(tmp_path: Path) -> None:
    manifest = "story:\n  id: loop\n  title: Loop\n  version: 1\n  start: lobby\n"
    manifest += "variables:\n  trapped: false\n"
    chapter = """\
chapter: {id: main, title: Main}
scenes:
  - id: lobby
    text: A lobby.
    choices:
      - {text: Leave., goto: out, history: true, if: "not trapped"}
      - {text: Wait., goto: waiting, set: {trapped: true}}
  - id: waiting
    text: You wait.
    reality: Nobody waited.
    next: lobby
  - id: out
    text: Outside.
    end: true
"""
    folder = write_story(tmp_path / "loop", {"story.yaml": manifest, "01.yaml": chapter})
    # The checker refuses a historical choice behind an 'if:' (E124); playtest must still
    # catch the loop such a story falls into, so it plays the story as the loader reads it.
    story = read_story(folder, Diagnostics())
    assert story is not None
    result = playtest(story, 4, 0)
    lines = report_lines(result, "loop")
    assert result.failed
    assert "No ending in 1 run: still playing after 10,000 scenes, at 'lobby'." in lines


def test_a_crash_while_playing_is_reported_with_its_replay() -> None:
    story = load_story(STORIES / "mini")
    desk = story.scenes["desk"]

    def boom(env: object) -> bool:
        raise ZeroDivisionError("division by zero")

    broken = replace(desk.choices[1], condition=Condition("boom", frozenset(), (), (), boom))
    scenes = {**story.scenes, "desk": replace(desk, choices=(desk.choices[0], broken))}
    result = playtest(replace(story, scenes=scenes), 3, 0)
    assert result.failed
    assert report_lines(result, "mini")[-3:] == [
        "Crash in 3 runs at scene 'desk': ZeroDivisionError: division by zero",
        "  replay (run 1): desk",
        "FAILED: 3 runs stopped without reaching an ending.",
    ]


def test_playtest_rejects_a_story_that_fails_check(make_story) -> None:  # type: ignore[no-untyped-def]
    folder = make_story(chapter="chapter: {id: x, title: X}\nscenes: []\n")
    done = run_cli("playtest", str(folder))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1].startswith("Error: the story in ")
    assert "error[E104]: start names no scene 'one'" in done.stderr.splitlines()[0]
    assert "Traceback" not in done.stderr


def test_playtest_refuses_zero_runs() -> None:
    done = run_cli("playtest", "tests/stories/mini", "--runs", "0")
    assert done.returncode == 2
    assert "argument --runs: use a number from 1 to 10,000,000" in done.stderr


def test_generated_benchmark_story_passes_check_and_exhaustive_playtest(tmp_path: Path) -> None:
    folder = tmp_path / "synthetic"
    subprocess.run(
        [sys.executable, "benchmarks/generate.py", "100", str(folder)], check=True, cwd=ROOT
    )
    story, items = check_folder(folder)
    assert items == []
    assert story is not None and len(story.scenes) == 100
    assert sum(1 for s in story.scenes.values() for c in s.choices if c.condition) == 25
    assert story.questions and story.facts
    assert not search(story).failed
