"""Randomised playthroughs, in the spirit of ChoiceScript's randomtest: coverage and soft-locks."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from game.authoring.playtest_model import (
    ENDED,
    ENDLESS,
    SOFT_LOCK,
    CompiledStory,
    Run,
    choice_line,
    compile_story,
    count,
    replay_lines,
    replay_text,
)
from game.story.model import Story


@dataclass
class Problem:
    """One kind of failure (soft-lock, crash or endless loop) at one scene, and its first run."""

    outcome: str
    scene: int
    error: str
    first_run: int
    """1-based number of the first run that met it."""
    run: Run
    count: int = 1


@dataclass
class PlaytestResult:
    """What many random playthroughs found."""

    compiled: CompiledStory
    runs: int
    seed: int
    reached: set[int] = field(default_factory=set)
    usage: list[int] = field(default_factory=list)
    endings: Counter[int] = field(default_factory=Counter)
    problems: dict[tuple[str, int, str], Problem] = field(default_factory=dict)
    steps: int = 0
    """Scenes entered over all runs (what a run's cost grows with)."""

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def playtest(story: Story, runs: int, seed: int) -> PlaytestResult:
    """Play `story` `runs` times; the same seed always gives the same result."""
    return play_runs(compile_story(story), runs, seed)


def play_runs(compiled: CompiledStory, runs: int, seed: int) -> PlaytestResult:
    """`playtest` of a story compiled once (what its cost grows with is the scenes entered)."""
    rng = random.Random(seed)
    result = PlaytestResult(compiled, runs, seed, usage=[0] * len(compiled.choices))
    usage, reached, endings, problems = (
        result.usage,
        result.reached,
        result.endings,
        result.problems,
    )
    steps = 0
    for number in range(1, runs + 1):
        run = compiled.play(rng, usage)
        steps += len(run.path)
        reached.update(run.path)
        last = run.path[-1]
        if run.outcome == ENDED:
            endings[last] += 1
            continue
        key = (run.outcome, last, run.error)
        problem = problems.get(key)
        if problem is None:
            problems[key] = Problem(run.outcome, last, run.error, number, run)
        else:
            problem.count += 1
    result.steps = steps
    return result


def _percent(part: int, whole: int) -> str:
    # Rounded down, so that 99.9% never shows as a reassuring 100%.
    return f"{part * 100 // whole}%" if whole else "100%"


def _problem_lines(problem: Problem, compiled: CompiledStory) -> list[str]:
    scene = compiled.scenes[problem.scene]
    runs = count(problem.count, "run")
    if problem.outcome == SOFT_LOCK:
        head = (
            f"Soft-lock in {runs}: scene '{scene.id}' at {scene.source.pos} offers choices, "
            "but none of their conditions holds."
        )
    elif problem.outcome == ENDLESS:
        head = (
            f"No ending in {runs}: still playing after {compiled.max_steps:,} scenes, "
            f"at '{scene.id}'."
        )
    else:
        head = f"Crash in {runs} at scene '{scene.id}': {problem.error}"
    return [
        head,
        *replay_lines(
            f"  replay (run {problem.first_run:,}): ",
            replay_text(compiled, problem.run.path, problem.run.choices),
        ),
    ]


def replays(result: PlaytestResult) -> list[str]:
    """Every problem's whole replay, one line each, for `--replays FILE`."""
    problems = sorted(result.problems.values(), key=lambda p: p.first_run)
    return [
        f"{p.outcome} (run {p.first_run}): "
        + replay_text(result.compiled, p.run.path, p.run.choices)
        for p in problems
    ]


def report_lines(result: PlaytestResult, folder: str) -> list[str]:
    """The playtest report an author reads."""
    compiled = result.compiled
    scenes, choices = compiled.scenes, compiled.choices
    taken = [c for c in choices if result.usage[c.index]]
    lines = [
        f"Playtest of '{compiled.story.title}' ({folder}): "
        f"{count(result.runs, 'run')}, seed {result.seed}",
        f"Scenes reached: {len(result.reached)} of {len(scenes)} "
        f"({_percent(len(result.reached), len(scenes))})",
        f"Choices taken: {len(taken)} of {len(choices)} ({_percent(len(taken), len(choices))})",
    ]
    endings = [s for s in scenes if s.end]
    lines.append("Endings:")
    lines.extend(
        f"  {s.id}: {count(result.endings[s.index], 'run')}"
        if result.endings[s.index]
        else f"  {s.id}: never reached"
        for s in endings
    )
    missed = [s for s in scenes if s.index not in result.reached]
    lines.append(f"Scenes never reached: {len(missed) or 'none'}")
    lines.extend(f"  scene '{s.id}' at {s.source.pos}" for s in missed)
    unused = [c for c in choices if not result.usage[c.index]]
    lines.append(f"Choices never taken: {len(unused) or 'none'}")
    lines.extend(choice_line(c, compiled) for c in unused)
    problems = sorted(result.problems.values(), key=lambda p: p.first_run)
    for problem in problems:
        lines.extend(_problem_lines(problem, compiled))
    if problems:
        stopped = sum(p.count for p in problems)
        lines.append(f"FAILED: {count(stopped, 'run')} stopped without reaching an ending.")
    else:
        lines.append(
            "OK: every run reached an ending (no soft-locks, crashes or endless loops). "
            + ("" if not missed else "Unreached scenes may need more runs or --exhaustive.")
        )
    return [line.rstrip() for line in lines]
