"""One playthrough's state, immutable, and what can be read or derived from it. No I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TypeVar

from game.engine.trail import Key, Keys, Trail, itself
from game.story.conditions import Value
from game.story.frozen import Frozen


@dataclass(frozen=True, eq=False, repr=False)
class LogEntry(Frozen):
    """One decision the player made."""

    scene: str
    choice: str
    historical: bool
    """True when the choice taken is the one marked `history: true`."""


@dataclass(frozen=True, eq=False, repr=False)
class AnswerEntry(Frozen):
    """The player's answer to a question."""

    question: str
    given: int
    correct: bool


@dataclass(frozen=True, eq=False, repr=False)
class ReflectionEntry(Frozen):
    """The player's typed reflection; `text` is None when skipped."""

    reflection: str
    text: str | None


def _question(entry: AnswerEntry) -> str:
    return entry.question


def _reflection(entry: ReflectionEntry) -> str:
    return entry.reflection


TRAILS: tuple[tuple[str, Key | None], ...] = (
    ("path", itself),
    ("facts", itself),
    ("log", None),
    ("answers", _question),
    ("reflections", _reflection),
    ("documents", itself),
)
"""The fields of a GameState kept as trails, and what each one looks up by."""

X = TypeVar("X")


def trail(items: Sequence[X]) -> Trail[X]:
    """A state's field as the Trail it always is once the state is made."""
    assert isinstance(items, Trail)
    return items


@dataclass(frozen=True, eq=False, repr=False)
class GameState(Frozen):
    """Everything about one playthrough; immutable, so undo is keeping old states.

    The growing fields are trails (`game/engine/trail.py`): sequences equal to the tuples
    of their items, which share those items with earlier states instead of copying them.
    Any sequence given for them is made a trail.
    """

    scene: str
    """The current scene (the one just left, while questions are due)."""
    variables: Mapping[str, Value]
    path: Sequence[str] = ()
    """Scenes entered, in order."""
    facts: Sequence[str] = ()
    """Fact notes unlocked, in order."""
    log: Sequence[LogEntry] = ()
    answers: Sequence[AnswerEntry] = ()
    reflections: Sequence[ReflectionEntry] = ()
    due: tuple[tuple[str, str], ...] = ()
    """("question" | "reflection", id) still to ask before moving on."""
    going_to: str | None = None
    """The scene to enter once nothing is due; None when leaving an ending."""
    ended: bool = False
    seed: int | None = None
    """Draws the order of choices and options (see `shuffled`); None shows story order."""
    pending_reality: tuple[str, ...] = ()
    """What-if scenes left whose `reality` waits until the player rejoins the record."""
    documents: Sequence[str] = ()
    """Exhibits examined, in the order first shown (the `documents` command lists them)."""

    def __post_init__(self) -> None:
        for name, key in TRAILS:
            items = getattr(self, name)
            if not isinstance(items, Trail):
                object.__setattr__(self, name, Trail(items, key))

    @property
    def visited(self) -> AbstractSet[str]:
        """Scenes entered at least once (for `visited()` in conditions)."""
        keys: Keys[str] = Keys(trail(self.path))
        return keys

    @property
    def seen(self) -> AbstractSet[str]:
        """Facts unlocked (for `seen()` in conditions)."""
        keys: Keys[str] = Keys(trail(self.facts))
        return keys


def evolve(state: GameState, **changes: object) -> GameState:
    """`dataclasses.replace` for the engine's own transitions, without its per-field work
    (a third of a step's time): the changes are already in their stored form (trails)."""
    new = object.__new__(GameState)
    new.__dict__.update(state.__dict__)
    new.__dict__.update(changes)
    return new


def keep_answers(earlier: GameState, now: GameState) -> GameState:
    """`earlier` (a state `back` returns to) with what was answered since: answers are final.

    Questions answered and reflections written after `earlier` stay recorded and are no
    longer due there.
    """
    asked = {a.question for a in earlier.answers}
    answers = tuple(a for a in now.answers if a.question not in asked)
    wrote = {r.reflection for r in earlier.reflections}
    reflections = tuple(r for r in now.reflections if r.reflection not in wrote)
    if not answers and not reflections:
        return earlier
    done = {a.question for a in answers} | {r.reflection for r in reflections}
    return evolve(
        earlier,
        answers=trail(earlier.answers).extended(answers),
        reflections=trail(earlier.reflections).extended(reflections),
        due=tuple(d for d in earlier.due if d[1] not in done),
    )


def examined(state: GameState, ids: tuple[str, ...]) -> GameState:
    """`state` with the exhibits `ids` among the documents examined."""
    documents = trail(state.documents)
    new = tuple(x for x in dict.fromkeys(ids) if not documents.has(x))
    return evolve(state, documents=documents.extended(new)) if new else state


def progress_percent(historical: frozenset[str], state: GameState) -> int:
    """How far a game has got: the share of the historical path's scenes visited, in percent.

    The one progress figure: the status bar, save listings and reports all show it.
    """
    if state.ended or not historical:
        return 100
    return round(100 * len(state.visited & historical) / len(historical))


def first_answers(state: GameState) -> tuple[AnswerEntry, ...]:
    """Each question's first answer, in order: the one that counts (answers are final)."""
    seen: set[str] = set()
    kept = []
    for answer in state.answers:
        if answer.question not in seen:
            seen.add(answer.question)
            kept.append(answer)
    return tuple(kept)
