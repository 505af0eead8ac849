"""One random run of `playtest`, played on flat tables built in scene order.

A run of a long story enters tens of thousands of scenes. Played through the story's own
objects, each step read a scene, its choices, their compiled conditions and the ids of its
facts wherever loading had put them in a large heap, and a set of strings grew with every
fact seen: a step cost 2x as much at 50,000 scenes as at 100. Here what a step reads is in
lists indexed by scene or choice number, made in scene order: the numbers are one run of
int objects; the conditions are copies of their closures made beside the tables, one copy
for all that are alike but for their ids and numbers (playtest_copy.py, playtest_templates.py);
and what visited() and seen() can ask is one byte per id that some condition names, in a
bytearray made for each run.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from types import FunctionType
from typing import TYPE_CHECKING, TypeVar, cast

from game.authoring.playtest_copy import Copier
from game.authoring.playtest_templates import Binding, Templates
from game.story.conditions import Condition, Value

if TYPE_CHECKING:
    from game.story.model import Choice, Scene, Story

ENDED = "ended"
SOFT_LOCK = "soft-lock"
CRASH = "crash"
ENDLESS = "endless"

Effects = tuple[tuple[str, Value], ...]
Adds = tuple[tuple[str, int], ...]
T = TypeVar("T", Effects, Adds)


class PlayEnv:
    """What conditions read: the same three attributes as GameState, but mutable."""

    __slots__ = ("seen", "variables", "visited")

    def __init__(self, variables: dict[str, Value]) -> None:
        self.variables = variables
        self.visited: AbstractSet[str] = set()
        self.seen: AbstractSet[str] = set()


Test = Callable[[PlayEnv], bool]


class Marks(AbstractSet[str]):
    """The visited scenes or seen facts of one run, as far as conditions can ask: `slot`
    gives each id a condition names its byte in `bits` (1 once entered or seen)."""

    __slots__ = ("_bits", "_ids", "_slot")

    def __init__(self, slot: Mapping[str, int], bits: bytearray) -> None:
        self._ids = slot
        self._slot = cast("Mapping[object, int]", slot)  # any other key is simply absent
        self._bits = bits

    def __contains__(self, ident: object) -> bool:
        i = self._slot.get(ident, -1)
        return i >= 0 and self._bits[i] == 1

    def __iter__(self) -> Iterator[str]:
        return (ident for ident, i in self._ids.items() if self._bits[i])

    def __len__(self) -> int:
        return sum(1 for _ in self)


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


@dataclass(frozen=True, slots=True)
class Tables:
    """A compiled story as flat lists: per scene, its choice numbers (None for Continue),
    its Continue target (-1 for none) and what entering it does; per choice, its test,
    target and effects. Marks 0..visits-1 are the watched scenes, then the watched facts,
    then one per question (asked once a run)."""

    start: int
    cap: int
    variables: Mapping[str, Value]
    choices: list[tuple[int, ...] | None]
    next: list[int]
    enter: list[tuple[int, ...] | None]
    """Marks set on entering the scene."""
    asks: list[tuple[tuple[int, int], ...] | None]
    """(mark, number of options) of each question asked on leaving it."""
    tests: list[Test | None]
    binds: list[Binding | None]
    """Cells to set before calling the test (game/authoring/playtest_templates.py)."""
    goto: list[int]
    sets: list[Effects | None]
    adds: list[Adds | None]
    visit_slot: dict[str, int]
    fact_slot: dict[str, int]
    marks: int


def build_tables(
    story: Story, scenes: Sequence[FastScene], start: int, cap: int, due: Sequence[int]
) -> Tables:
    """The tables of compile_story's `scenes`; `due[i]` is how many options ask i has (0
    for a reflection, which draws no answer)."""
    fresh = Copier()
    named = {
        id(c.source.condition): c.source.condition
        for scene in scenes
        for c in scene.choices
        if c.source.condition is not None
    }
    tests = _tests(fresh, named)
    visit_slot: dict[str, int] = {}
    fact_slot: dict[str, int] = {}
    for condition in named.values():
        for ref, _ in condition.scenes:
            visit_slot.setdefault(fresh.string(ref), len(visit_slot))
        for ref, _ in condition.facts:
            fact_slot.setdefault(fresh.string(ref), len(fact_slot))
    fact_slot = {ref: len(visit_slot) + i for ref, i in fact_slot.items()}
    first_ask = len(visit_slot) + len(fact_slot)
    count = sum(len(scene.choices) for scene in scenes)
    ints = list(range(max(len(scenes), count, first_ask + len(due)) + 1))
    tables = Tables(
        ints[start], cap, dict(story.variables), [], [], [], [], [], [], [], [], [],
        visit_slot, fact_slot, first_ask + len(due),
    )  # fmt: skip
    # Equal effects are one tuple: `add: {suspicion: 1}` in every chapter is read from one
    # place, not from each choice's own (True and 1 are told apart: they are not alike).
    sets: dict[Hashable, Effects] = {}
    adds: dict[Hashable, Adds] = {}
    for scene in scenes:
        tables.choices.append(tuple(ints[c.index] for c in scene.choices) or None)
        tables.next.append(ints[scene.next] if not scene.choices and not scene.end else -1)
        enter = [visit_slot[scene.id]] if scene.id in visit_slot else []
        enter += [fact_slot[f] for f in scene.facts if f in fact_slot]
        tables.enter.append(tuple(ints[i] for i in enter) or None)
        asks = tuple((ints[first_ask + a], due[a]) for a in scene.due if due[a])
        tables.asks.append(asks or None)
        for c in scene.choices:
            test, binding = tests.get(id(c.source.condition), (None, None))
            tables.tests.append(test)
            tables.binds.append(binding)
            tables.goto.append(ints[c.goto])
            tables.sets.append(_one(sets, c.set))
            tables.adds.append(_one(adds, c.add))
    return tables


def _one(shared: dict[Hashable, T], effects: T) -> T | None:
    """`effects`, or the equal tuple met before (None for none)."""
    if not effects:
        return None
    return shared.setdefault(tuple((name, type(v), v) for name, v in effects), effects)


def _tests(copier: Copier, named: dict[int, Condition]) -> dict[int, tuple[Test, Binding | None]]:
    """Each condition's test, by the condition's id: its copy (with the cells to set first
    when it shares one; game/authoring/playtest_templates.py), in scene order."""
    templates = Templates(copier)
    for condition in named.values():
        # What evaluate() calls (game/story/conditions.py: Condition._fn).
        if isinstance(condition._fn, FunctionType):
            templates.add(condition._fn)
    made = iter(templates.tests())
    out: dict[int, tuple[Test, Binding | None]] = {}
    for key, condition in named.items():
        if isinstance(condition._fn, FunctionType):
            fn, binding = next(made)
            out[key] = (cast("Test", fn), binding)
        else:  # a callable of another kind: called as it is
            out[key] = (condition._fn, None)
    return out


def play(tables: Tables, rng: random.Random, usage: list[int]) -> Run:
    """One playthrough preferring the least-used choices; `usage` counts every choice taken.
    Not for two threads at once on one `tables`: a shared copy's cells are set per call."""
    choices, next_, enter, asks = tables.choices, tables.next, tables.enter, tables.asks
    tests, binds, goto = tables.tests, tables.binds, tables.goto
    sets, adds = tables.sets, tables.adds
    variables = dict(tables.variables)
    marks = bytearray(tables.marks)
    env = PlayEnv(variables)
    env.visited = Marks(tables.visit_slot, marks)
    env.seen = Marks(tables.fact_slot, marks)
    randrange = rng.randrange
    cap = tables.cap
    path: list[int] = []
    taken: list[int] = []
    index = tables.start
    try:
        while True:
            path.append(index)
            entered = enter[index]
            if entered is not None:
                for mark in entered:
                    marks[mark] = 1
            if len(path) > cap:
                return Run(ENDLESS, path, taken, variables=variables)
            offered = choices[index]
            if offered is not None:
                open_ = []
                for k in offered:
                    test = tests[k]
                    if test is not None:
                        binding = binds[k]
                        if binding is not None:
                            for cell, value in binding:
                                cell.cell_contents = value
                        if not test(env):
                            continue
                    open_.append(k)
                if not open_:
                    return Run(SOFT_LOCK, path, taken, variables=variables)
                if len(open_) == 1:
                    k = open_[0]
                else:
                    fewest = min([usage[k] for k in open_])
                    tied = [k for k in open_ if usage[k] == fewest]
                    k = tied[0] if len(tied) == 1 else tied[randrange(len(tied))]
                usage[k] += 1
                taken.append(k)
                effects = sets[k]
                if effects is not None:
                    for name, value in effects:
                        variables[name] = value
                added = adds[k]
                if added is not None:
                    for name, amount in added:
                        variables[name] = int(variables[name]) + amount
                target = goto[k]
            else:
                target = next_[index]
            due = asks[index]
            if due is not None:
                for mark, options in due:
                    if not marks[mark]:
                        marks[mark] = 1
                        randrange(options)  # the answer; it changes nothing after
            if target < 0:
                return Run(ENDED, path, taken, variables=variables)
            index = target
    except Exception as exc:  # a crash is a finding to report, not to raise
        return Run(CRASH, path, taken, f"{type(exc).__name__}: {exc}", variables)
