"""Exhaustive playtest: a bounded breadth-first search over every state the rules allow.

A state is the scene entered plus what conditions can tell apart: the values of variables
that some condition reads, and which of the scenes and facts named in visited()/seen() have
been entered or seen. Questions and unread variables change nothing that follows, so two
playthroughs that agree on these have the same futures and are searched once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.authoring.playtest_model import (
    CompiledStory,
    FastChoice,
    PlayEnv,
    choice_line,
    compile_story,
    count,
    replay_lines,
    replay_tail,
    replay_text,
)
from game.story.conditions import Value
from game.story.model import Story

MAX_STATES = 200_000

State = tuple[int, tuple[Value, ...], int, int]
"""(scene index, values of the variables conditions read, visited bits, seen bits)."""


@dataclass
class SearchResult:
    """Every scene the search reached, with the first (shortest) way there."""

    compiled: CompiledStory
    limit: int
    states: int = 0
    complete: bool = True
    """False when the search stopped at `limit` states."""
    parents: dict[State, tuple[State | None, int]] = field(default_factory=dict)
    """Each state's predecessor and the choice index taken (-1 for Continue)."""
    first: dict[int, State] = field(default_factory=dict)
    """The first state found at each scene: BFS order makes its path a shortest one."""
    soft_locks: dict[int, State] = field(default_factory=dict)
    offered: set[int] = field(default_factory=set)
    """Indices of the choices whose condition held in some state searched."""

    @property
    def never_offered(self) -> list[FastChoice]:
        """Choices of reached scenes that no state could offer (known when the search is
        complete: a search cut short has not expanded every state it found)."""
        if not self.complete:
            return []
        return [
            c
            for c in self.compiled.choices
            if c.index not in self.offered and c.scene in self.first
        ]

    @property
    def failed(self) -> bool:
        return (
            bool(self.soft_locks)
            or len(self.first) < len(self.compiled.scenes)
            or bool(self.never_offered)
        )

    def witness(self, state: State) -> tuple[list[int], list[int]]:
        """The scene path and choice indices of the shortest way found to `state`."""
        path: list[int] = []
        choices: list[int] = []
        current: State | None = state
        while current is not None:
            path.append(current[0])
            previous, choice = self.parents[current]
            if choice >= 0:
                choices.append(choice)
            current = previous
        return path[::-1], choices[::-1]


class _Bits:
    """Bit positions of the scene and fact ids that conditions name."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = sorted(ids)
        self.bit = {ident: 1 << i for i, ident in enumerate(self.ids)}

    def mask(self, ids: tuple[str, ...]) -> int:
        out = 0
        for ident in ids:
            out |= self.bit.get(ident, 0)
        return out

    def members(self, bits: int) -> set[str]:
        return {ident for i, ident in enumerate(self.ids) if bits >> i & 1}


def search(story: Story, limit: int = MAX_STATES) -> SearchResult:
    """Search every reachable state of `story`, stopping after `limit` states."""
    compiled = compile_story(story)
    conditions = [c.source.condition for c in compiled.choices if c.source.condition is not None]
    names = tuple(n for n in story.variables if any(n in c.variables for c in conditions))
    slot = {name: i for i, name in enumerate(names)}
    visits = _Bits({ref for c in conditions for ref, _ in c.scenes})
    facts = _Bits({ref for c in conditions for ref, _ in c.facts})
    scenes = compiled.scenes
    enter_visit = [visits.mask((s.id,)) for s in scenes]
    enter_seen = [facts.mask(s.facts) for s in scenes]
    result = SearchResult(compiled, limit)
    parents, first = result.parents, result.first

    def reach(
        scene: int, values: tuple[Value, ...], vb: int, sb: int, how: State | None, choice: int
    ) -> bool:
        state = (scene, values, vb | enter_visit[scene], sb | enter_seen[scene])
        if state in parents:
            return True
        if len(parents) >= limit:
            result.complete = False
            return False
        parents[state] = (how, choice)
        first.setdefault(scene, state)
        queue.append(state)
        return True

    queue: deque[State] = deque()
    start_values = tuple(story.variables[n] for n in names)
    reach(compiled.start, start_values, 0, 0, None, -1)
    while queue:
        state = queue.popleft()
        index, values, vb, sb = state
        scene = scenes[index]
        if scene.choices:
            env = PlayEnv(dict(zip(names, values, strict=True)))
            env.visited = visits.members(vb)
            env.seen = facts.members(sb)
            open_ = [c for c in scene.choices if c.test is None or c.test(env)]
            result.offered.update(c.index for c in open_)
            if not open_:
                result.soft_locks.setdefault(index, state)
            for choice in open_:
                after = _apply(choice, values, slot)
                if not reach(choice.goto, after, vb, sb, state, choice.index):
                    break
        elif not scene.end and not reach(scene.next, values, vb, sb, state, -1):
            break
        if not result.complete:
            break
    result.states = len(parents)
    return result


def _apply(
    choice: FastChoice, values: tuple[Value, ...], slot: dict[str, int]
) -> tuple[Value, ...]:
    """The tracked values after a choice's effects (effects on untracked variables drop out)."""
    if not choice.set and not choice.add:
        return values
    out = list(values)
    for name, value in choice.set:
        if name in slot:
            out[slot[name]] = value
    for name, amount in choice.add:
        if name in slot:
            out[slot[name]] = int(out[slot[name]]) + amount
    return tuple(out)


def search_lines(result: SearchResult, folder: str) -> list[str]:
    """The exhaustive report: reachability, one shortest witness per scene, soft-locks."""
    compiled = result.compiled
    scenes = compiled.scenes
    endings = [s for s in scenes if s.end]
    reached_endings = [s for s in endings if s.index in result.first]
    bound = (
        "search complete"
        if result.complete
        else f"search stopped at the limit of {result.limit:,} states"
    )
    lines = [
        f"Exhaustive search of '{compiled.story.title}' ({folder}): "
        f"{count(result.states, 'state')}, {bound}",
        f"Scenes reachable: {len(result.first)} of {len(scenes)}; "
        f"endings reachable: {len(reached_endings)} of {len(endings)}",
        "Shortest witness path to each scene:",
    ]
    for scene in scenes:
        state = result.first.get(scene.index)
        if state is not None:
            path = replay_text(compiled, *result.witness(state))
            lines.append(replay_tail(f"  {scene.id}: ", path))
    missed = [s for s in scenes if s.index not in result.first]
    if missed:
        lines.append(
            f"Unreachable scenes: {len(missed)}"
            if result.complete
            else f"Not reached within the limit (raise --max-states to search on): {len(missed)}"
        )
        lines.extend(
            f"  {'ending' if s.end else 'scene'} '{s.id}' at {s.source.pos}" for s in missed
        )
    never = result.never_offered
    if never:
        lines.append(f"Choices that no playthrough can be offered: {len(never)}")
        lines.extend(choice_line(c, compiled) for c in never)
    for index, state in result.soft_locks.items():
        scene = scenes[index]
        lines.append(
            f"Soft-lock: scene '{scene.id}' at {scene.source.pos} can be reached with no "
            "choice whose condition holds, by:"
        )
        lines += replay_lines("  ", replay_text(compiled, *result.witness(state)))
    if result.failed:
        lines.append("FAILED: " + _failure(result, len(missed)))
    elif result.complete:
        lines.append(
            "OK: every scene and every ending can be reached, every choice can be offered, "
            "and nothing soft-locks."
        )
    else:
        lines.append("OK so far: every scene was reached before the limit; no soft-lock found.")
    return lines


def _failure(result: SearchResult, missed: int) -> str:
    parts = []
    if missed:
        parts.append(
            count(missed, "scene") + (" unreachable" if result.complete else " not reached")
        )
    never = len(result.never_offered)
    if never:
        parts.append(count(never, "choice") + " never offered")
    if result.soft_locks:
        parts.append(count(len(result.soft_locks), "soft-lock"))
    return ", ".join(parts) + "."


def witness_replays(result: SearchResult) -> list[str]:
    """Each soft-lock's whole witness path, one line each, for `--replays FILE`."""
    return [
        f"soft-lock at {result.compiled.scenes[i].id}: "
        + replay_text(result.compiled, *result.witness(state))
        for i, state in result.soft_locks.items()
    ]
