"""A story compiled for fast play-testing: indexed scenes, mutable state, engine.py's rules.

The immutable GameState of engine.py is right for play (undo, saves) but too slow to play
a story ten thousand times a second. This module plays by the same rules on plain lists,
dicts and sets, with the same compiled conditions; tests/test_playtest.py replays its runs
through the real Engine to prove that the two agree.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from game.story.conditions import Value
from game.story.history import historical_path
from game.story.model import Choice, Scene, Story

ENDED = "ended"
SOFT_LOCK = "soft-lock"
CRASH = "crash"
ENDLESS = "endless"
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


class PlayEnv:
    """What conditions read: the same three attributes as GameState, but mutable."""

    __slots__ = ("seen", "variables", "visited")

    def __init__(self, variables: dict[str, Value]) -> None:
        self.variables = variables
        self.visited: set[str] = set()
        self.seen: set[str] = set()


Test = Callable[[PlayEnv], bool]


@dataclass(frozen=True, slots=True)
class FastChoice:
    """A choice with its target as a scene index."""

    index: int
    """Position among all choices of the story (for coverage counts)."""
    scene: int
    id: str
    goto: int
    test: Test | None
    set: tuple[tuple[str, Value], ...]
    add: tuple[tuple[str, int], ...]
    source: Choice


@dataclass(frozen=True, slots=True)
class FastScene:
    """A scene with its links as indices; `next` is -1 when there is none."""

    index: int
    id: str
    choices: tuple[FastChoice, ...]
    next: int
    end: bool
    facts: tuple[str, ...]
    due: tuple[int, ...]
    """Indices into CompiledStory.asks of the questions and reflections asked on leaving."""
    source: Scene


@dataclass
class Run:
    """One playthrough: the scenes entered, the choices taken, and how it stopped."""

    outcome: str
    """ended | soft-lock | crash | endless."""
    path: list[int]
    choices: list[int]
    error: str = ""
    variables: dict[str, Value] = field(default_factory=dict)


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
        scenes = self.scenes
        env = PlayEnv(dict(self.story.variables))
        variables, visited, seen = env.variables, env.visited, env.seen
        done: set[int] = set()
        asks = self.asks
        path: list[int] = []
        taken: list[int] = []
        scene = scenes[self.start]
        try:
            while True:
                path.append(scene.index)
                visited.add(scene.id)
                seen.update(scene.facts)
                if len(path) > self.max_steps:
                    return Run(ENDLESS, path, taken, variables=variables)
                target: int
                if scene.choices:
                    open_ = [c for c in scene.choices if c.test is None or c.test(env)]
                    if not open_:
                        return Run(SOFT_LOCK, path, taken, variables=variables)
                    choice = open_[0] if len(open_) == 1 else _least_used(open_, usage, rng)
                    usage[choice.index] += 1
                    taken.append(choice.index)
                    for name, value in choice.set:
                        variables[name] = value
                    for name, amount in choice.add:
                        variables[name] = int(variables[name]) + amount
                    target = choice.goto
                else:
                    target = -1 if scene.end else scene.next
                for ask in scene.due:
                    if ask not in done:
                        done.add(ask)
                        options = asks[ask][1]
                        if options:
                            rng.randrange(options)  # the answer; it changes nothing after
                if target < 0:
                    return Run(ENDED, path, taken, variables=variables)
                scene = scenes[target]
        except Exception as exc:  # a crash is a finding to report, not to raise
            return Run(CRASH, path, taken, f"{type(exc).__name__}: {exc}", variables)


def _least_used(open_: list[FastChoice], usage: list[int], rng: random.Random) -> FastChoice:
    fewest = min(usage[c.index] for c in open_)
    tied = [c for c in open_ if usage[c.index] == fewest]
    return tied[0] if len(tied) == 1 else tied[rng.randrange(len(tied))]


def compile_story(story: Story) -> CompiledStory:
    """Index a loaded, checked story for fast play."""
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
    return CompiledStory(
        story=story,
        scenes=tuple(scenes),
        choices=tuple(choices),
        start=order[story.start],
        asks=tuple(asks),
        historical=frozenset(historical_path(story)),
        max_steps=step_cap(len(scenes)),
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
