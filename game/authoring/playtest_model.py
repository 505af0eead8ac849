"""A story compiled for fast play-testing: indexed scenes, mutable state, engine.py's rules.

The immutable GameState of engine.py is right for play (undo, saves) but too slow to play
a story ten thousand times a second. This module indexes the scenes and choices (what the
reports and the exhaustive search read); game/authoring/playtest_run.py plays by the same
rules on flat tables of them, with the same conditions; tests/test_playtest.py replays its
runs through the real Engine to prove that the two agree.
"""

from __future__ import annotations

import gc
import random
from dataclasses import dataclass, field

from game.authoring.playtest_run import (
    CRASH,
    ENDED,
    ENDLESS,
    SOFT_LOCK,
    FastChoice,
    FastScene,
    PlayEnv,
    Run,
    Tables,
    build_tables,
    play,
)
from game.story.history import historical_path
from game.story.model import Story

__all__ = ["CRASH", "ENDED", "ENDLESS", "SOFT_LOCK", "FastChoice", "FastScene", "PlayEnv", "Run"]

MAX_STEPS = 10_000
"""Scenes one run may enter before it counts as endless, in a story of up to 200 scenes."""
STEPS_PER_SCENE = 50
"""Larger stories get this many steps per scene, so a long story is not "endless"."""
REPLAY_INLINE = 200
"""A replay up to this long stays on one line; a longer one is wrapped."""
REPLAY_WIDTH = 100
REPLAY_LINES = 20
"""A wrapped replay longer than this shows its first and last lines only."""


def step_cap(scenes: int) -> int:
    """Scenes one run may enter before it counts as endless (a loop with no way out)."""
    return max(MAX_STEPS, STEPS_PER_SCENE * scenes)


@dataclass
class CompiledStory:
    """Scenes and choices of a checked story as indexed tuples."""

    story: Story
    scenes: tuple[FastScene, ...]
    choices: tuple[FastChoice, ...]
    start: int
    asks: tuple[tuple[str, int], ...]
    """(question or reflection id, number of options; 0 for a reflection)."""
    historical: frozenset[str]
    tables: Tables = field(repr=False)
    """What `play` reads (game/authoring/playtest_run.py)."""
    max_steps: int = MAX_STEPS
    """See `step_cap`."""

    def steps(self, run: Run) -> list[tuple[FastScene, FastChoice | None]]:
        """Each scene a run left, with the choice taken there (None for Continue)."""
        taken = iter(run.choices)
        out: list[tuple[FastScene, FastChoice | None]] = []
        for index in run.path[:-1]:
            scene = self.scenes[index]
            out.append((scene, self.choices[next(taken)] if scene.choices else None))
        return out

    def play(self, rng: random.Random, usage: list[int]) -> Run:
        """One playthrough preferring the least-used choices; `usage` counts every choice taken."""
        return play(self.tables, rng, usage)


def compile_story(story: Story) -> CompiledStory:
    """Index a loaded, checked story for fast play."""
    # As the loader does (game/story/loader.py): what is made here is long-lived and makes
    # no cycles, so the collector is paused, then what was made filed under the oldest
    # generation; at 50,000 scenes the collector's scans had cost more than the compiling.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _compile(story)
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _compile(story: Story) -> CompiledStory:
    order = {scene_id: i for i, scene_id in enumerate(story.scenes)}
    asks: list[tuple[str, int]] = []
    due: dict[str, list[int]] = {}
    for q in story.questions:
        due.setdefault(q.after, []).append(len(asks))
        asks.append((q.id, len(q.options)))
    for r in story.reflections:
        due.setdefault(r.after, []).append(len(asks))
        asks.append((r.id, 0))
    choices: list[FastChoice] = []
    scenes: list[FastScene] = []
    for i, scene in enumerate(story.scenes.values()):
        own: list[FastChoice] = []
        for c in scene.choices:
            fast = FastChoice(
                index=len(choices),
                scene=i,
                id=c.id,
                goto=order[c.goto],
                test=c.condition.evaluate if c.condition is not None else None,
                set=tuple(c.set.items()),
                add=tuple(c.add.items()),
                source=c,
            )
            own.append(fast)
            choices.append(fast)
        scenes.append(
            FastScene(
                index=i,
                id=scene.id,
                choices=tuple(own),
                next=order[scene.next] if scene.next is not None and not scene.choices else -1,
                end=scene.end,
                facts=scene.facts,
                due=tuple(due.get(scene.id, ())),
                source=scene,
            )
        )
    cap = step_cap(len(scenes))
    start = order[story.start]
    return CompiledStory(
        story=story,
        scenes=tuple(scenes),
        choices=tuple(choices),
        start=start,
        asks=tuple(asks),
        historical=frozenset(historical_path(story)),
        tables=build_tables(story, scenes, start, cap, [options for _, options in asks]),
        max_steps=cap,
    )


def count(n: int, word: str) -> str:
    """'1 run', '10,000 runs'."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def step_text(scene: FastScene, choice: FastChoice | None) -> str:
    """One step of a replay: `scene --choice-->` or `scene -->` for Continue."""
    return f"{scene.id} --{choice.id}-->" if choice is not None else f"{scene.id} -->"


def replay_text(compiled: CompiledStory, path: list[int], choices: list[int]) -> str:
    """A run as one line an author can follow: `desk --ask--> guard --> open`."""
    run = Run(ENDED, path, choices)
    parts = [step_text(scene, choice) for scene, choice in compiled.steps(run)]
    return " ".join([*parts, compiled.scenes[path[-1]].id])


def replay_lines(head: str, replay: str) -> list[str]:
    """`head` and a replay: one line when short; else wrapped at step boundaries, and with
    the middle left out when very long (`--replays FILE` writes every replay whole)."""
    if len(head) + len(replay) <= REPLAY_INLINE:
        return [head + replay]
    lines: list[str] = []
    current = ""
    for word in replay.split(" "):
        if current and len(current) + 1 + len(word) > REPLAY_WIDTH - 4:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    scenes = f"({replay.count(' --') + 1:,} scenes)"
    out = [f"{head.rstrip()} {scenes}" if head.strip() else head + scenes]
    if len(lines) > REPLAY_LINES:
        half = REPLAY_LINES // 2
        skipped = len(lines) - 2 * half
        lines = [
            *lines[:half],
            f"… {skipped:,} more lines; --replays FILE writes the whole replay …",
            *lines[-half:],
        ]
    return out + ["    " + line for line in lines]


def replay_tail(head: str, replay: str) -> str:
    """`head` and a replay on one line: whole when short, else its scene count and its last
    steps (an exhaustive report has one such line per scene, however long the story)."""
    if len(head) + len(replay) <= REPLAY_INLINE:
        return head + replay
    head += f"({replay.count(' --') + 1:,} scenes) … "
    room = REPLAY_INLINE - len(head)
    tail: list[str] = []
    used = -1
    for word in reversed(replay.split(" ")):
        if tail and used + 1 + len(word) > room:
            break
        tail.append(word)
        used += 1 + len(word)
    if tail[-1].startswith("--"):
        tail.pop()  # start the tail at a scene, not at the arrow that leaves the one before
    return head + " ".join(reversed(tail))


def choice_line(choice: FastChoice, compiled: CompiledStory) -> str:
    """A choice as reports list it: id, scene, condition and place."""
    scene = compiled.scenes[choice.scene].id
    condition = choice.source.condition
    guard = f" (if {condition.source})" if condition is not None else ""
    return f"  choice '{choice.id}' in scene '{scene}'{guard} at {choice.source.pos}"
