"""The game as a pure state machine: states in, new states and events out. No I/O."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from game.engine.events import (
    Answered,
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Event,
    ExhibitsShown,
    FactUnlocked,
    Prompt,
    QuestionPrompt,
    RealityShown,
    Reflected,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.errors import GameError
from game.story.conditions import Value
from game.story.frozen import Frozen
from game.story.history import historical_path
from game.story.model import Choice, Question, Scene, Story
from game.story.rules import MAX_INT

__all__ = [
    "Answered",
    "ChoicePrompt",
    "ContinuePrompt",
    "EndedPrompt",
    "Event",
    "ExhibitsShown",
    "FactUnlocked",
    "Prompt",
    "QuestionPrompt",
    "RealityShown",
    "Reflected",
    "ReflectionPrompt",
    "SceneEntered",
    "StoryEnded",
]


class IllegalMove(GameError):
    """A transition that the current prompt does not allow (e.g. a choice not on offer)."""


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


@dataclass(frozen=True, eq=False, repr=False)
class GameState(Frozen):
    """Everything about one playthrough; immutable, so undo is keeping old states."""

    scene: str
    """The current scene (the one just left, while questions are due)."""
    variables: Mapping[str, Value]
    path: tuple[str, ...] = ()
    """Scenes entered, in order."""
    facts: tuple[str, ...] = ()
    """Fact notes unlocked, in order."""
    log: tuple[LogEntry, ...] = ()
    answers: tuple[AnswerEntry, ...] = ()
    reflections: tuple[ReflectionEntry, ...] = ()
    due: tuple[tuple[str, str], ...] = ()
    """("question" | "reflection", id) still to ask before moving on."""
    going_to: str | None = None
    """The scene to enter once nothing is due; None when leaving an ending."""
    ended: bool = False
    seed: int | None = None
    """Draws the order of choices and options (see `shuffled`); None shows story order."""
    pending_reality: tuple[str, ...] = ()
    """What-if scenes left whose `reality` waits until the player rejoins the record."""
    documents: tuple[str, ...] = ()
    """Exhibits examined, in the order first shown (the `documents` command lists them)."""

    @cached_property
    def visited(self) -> frozenset[str]:
        """Scenes entered at least once (for `visited()` in conditions)."""
        return frozenset(self.path)

    @cached_property
    def seen(self) -> frozenset[str]:
        """Facts unlocked (for `seen()` in conditions)."""
        return frozenset(self.facts)


Step = tuple[GameState, list[Event]]


@dataclass
class Engine:
    """The rules of one story. Every method is a pure function of its arguments."""

    story: Story
    historical: frozenset[str] = field(init=False)
    due_after: dict[str, tuple[tuple[str, str], ...]] = field(init=False)

    def __post_init__(self) -> None:
        self.historical = frozenset(historical_path(self.story))
        due: dict[str, list[tuple[str, str]]] = {}
        for q in self.story.questions:
            due.setdefault(q.after, []).append(("question", q.id))
        for r in self.story.reflections:
            due.setdefault(r.after, []).append(("reflection", r.id))
        self.due_after = {k: tuple(v) for k, v in due.items()}
        self._questions = {q.id: q for q in self.story.questions}
        self._reflections = {r.id: r for r in self.story.reflections}

    # --- starting -------------------------------------------------------------
    def new_game(self, start: str | None = None, *, seed: int | None = None) -> Step:
        """A fresh state at the story's start (or at `start`), with its entry events.

        `seed` draws the order of choices and options (None: story order throughout).
        """
        scene_id = start or self.story.start
        if scene_id not in self.story.scenes:
            raise IllegalMove(f"there is no scene '{scene_id}' to start at")
        state = GameState(scene=scene_id, variables=dict(self.story.variables), seed=seed)
        return self._enter(state, scene_id, previous=None)

    def scene(self, state: GameState) -> Scene:
        """The scene the state is at."""
        return self.story.scenes[state.scene]

    # --- what the player may do -------------------------------------------------
    def available(self, state: GameState) -> tuple[Choice, ...]:
        """The current scene's choices whose conditions hold, in story order."""
        scene = self.story.scenes[state.scene]
        return tuple(c for c in scene.choices if c.condition is None or c.condition.evaluate(state))

    def offered(self, state: GameState) -> tuple[Choice, ...]:
        """The available choices in the order they are shown."""
        choices = self.available(state)
        scene = self.story.scenes[state.scene]
        if state.seed is None or not scene.shuffle:
            return choices
        return tuple(choices[i] for i in shuffled(len(choices), state.seed, "scene", scene.id))

    def question_prompt(self, state: GameState, question: Question) -> QuestionPrompt:
        """A question with its options in the order they are shown."""
        if state.seed is None or not question.shuffle:
            return QuestionPrompt(question)
        order = shuffled(len(question.options), state.seed, "question", question.id)
        return QuestionPrompt(question, order)

    def prompt(self, state: GameState) -> Prompt:
        """What the player is being asked now."""
        if state.ended:
            return EndedPrompt()
        if state.due:
            kind, ident = state.due[0]
            if kind == "question":
                return self.question_prompt(state, self._questions[ident])
            return ReflectionPrompt(self._reflections[ident])
        scene = self.story.scenes[state.scene]
        if scene.choices:
            return ChoicePrompt(self.offered(state))
        return ContinuePrompt(finish=scene.end)

    # --- transitions ------------------------------------------------------------
    def choose(self, state: GameState, choice_id: str) -> Step:
        """Take a choice (by id) that is on offer now."""
        prompt = self.prompt(state)
        if not isinstance(prompt, ChoicePrompt):
            raise IllegalMove("there is no choice to make right now")
        choice = next((c for c in prompt.choices if c.id == choice_id), None)
        if choice is None:
            raise IllegalMove(f"the choice '{choice_id}' is not on offer here")
        variables = state.variables
        if choice.set or choice.add:
            updated = dict(variables)
            updated.update(choice.set)
            for name, amount in choice.add.items():
                # Bounded as the story format bounds its numbers, so a save can hold it.
                total = int(updated[name]) + amount
                updated[name] = max(-MAX_INT, min(MAX_INT, total))
            variables = updated
        entry = LogEntry(state.scene, choice.id, choice.history)
        state = replace(state, variables=variables, log=(*state.log, entry))
        return self._leave(state, choice.goto)

    def advance(self, state: GameState) -> Step:
        """Continue (or finish, at an ending)."""
        prompt = self.prompt(state)
        if not isinstance(prompt, ContinuePrompt):
            raise IllegalMove("there is nothing to continue to right now")
        scene = self.story.scenes[state.scene]
        return self._leave(state, None if scene.end else scene.next)

    def answer(self, state: GameState, option: int) -> Step:
        """Answer the due question with a 0-based option index."""
        prompt = self.prompt(state)
        if not isinstance(prompt, QuestionPrompt):
            raise IllegalMove("there is no question to answer right now")
        question = prompt.question
        if not 0 <= option < len(question.options):
            raise IllegalMove(f"answer with a number from 1 to {len(question.options)}")
        correct = option == question.answer
        state = replace(
            state,
            answers=(*state.answers, AnswerEntry(question.id, option, correct)),
            due=state.due[1:],
        )
        shown_answer = prompt.shown.index(question.answer) + 1
        return self._after_due(state, [Answered(question, option, correct, shown_answer)])

    def reflect(self, state: GameState, text: str | None) -> Step:
        """Record the due reflection; None (or blank) means skipped."""
        prompt = self.prompt(state)
        if not isinstance(prompt, ReflectionPrompt):
            raise IllegalMove("there is no reflection to write right now")
        cleaned = text.strip() if text is not None else ""
        value = cleaned or None
        entry = ReflectionEntry(prompt.reflection.id, value)
        state = replace(state, reflections=(*state.reflections, entry), due=state.due[1:])
        return self._after_due(state, [Reflected(prompt.reflection, value)])

    def between_scenes(self, state: GameState) -> bool:
        """True for a state that waits on nothing (what `keep_answers` can leave behind)."""
        return not state.ended and not state.due and state.going_to is not None

    def settle(self, state: GameState) -> GameState:
        """A state between scenes moved on into the scene it was going to."""
        return self._after_due(state, [])[0] if self.between_scenes(state) else state

    # --- internals --------------------------------------------------------------
    def _leave(self, state: GameState, target: str | None) -> Step:
        scene = self.story.scenes[state.scene]
        events: list[Event] = []
        if scene.id not in self.historical and scene.reality:
            state = replace(state, pending_reality=(*state.pending_reality, scene.id))
        if state.pending_reality and (target is None or target in self.historical):
            # Back on the record: what really happened in each what-if scene passed, in order.
            events.extend(RealityShown(self.story.scenes[s]) for s in state.pending_reality)
            state = replace(state, pending_reality=())
        done = {a.question for a in state.answers} | {r.reflection for r in state.reflections}
        due = tuple(d for d in self.due_after.get(scene.id, ()) if d[1] not in done)
        asked = [x for d in due if d[0] == "question" for x in self._questions[d[1]].exhibits]
        state = replace(state, due=due, going_to=target)
        shown = tuple(
            self.story.exhibits[x] for x in dict.fromkeys(asked) if x in self.story.exhibits
        )
        if shown:
            events.append(ExhibitsShown(shown))
            state = examined(state, tuple(asked))
        return self._after_due(state, events)

    def _after_due(self, state: GameState, events: list[Event]) -> Step:
        if state.due:
            return state, events
        if state.going_to is None:
            return replace(state, ended=True), [*events, StoryEnded()]
        state, more = self._enter(state, state.going_to, previous=state.scene)
        return state, [*events, *more]

    def _enter(self, state: GameState, scene_id: str, previous: str | None) -> Step:
        scene = self.story.scenes[scene_id]
        new_chapter = previous is None or self.story.scenes[previous].chapter != scene.chapter
        known = state.seen
        fresh = tuple(f for f in dict.fromkeys(scene.facts) if f not in known)
        state = replace(
            state,
            scene=scene_id,
            path=(*state.path, scene_id),
            facts=(*state.facts, *fresh) if fresh else state.facts,
            going_to=None,
        )
        events: list[Event] = [SceneEntered(scene, new_chapter)]
        events.extend(FactUnlocked(self.story.facts[f]) for f in fresh)
        shown = tuple(self.story.exhibits[x] for x in scene.exhibits if x in self.story.exhibits)
        if shown:
            events.append(ExhibitsShown(shown))
            state = examined(state, scene.exhibits)
        return state, events


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
    return replace(
        earlier,
        answers=(*earlier.answers, *answers),
        reflections=(*earlier.reflections, *reflections),
        due=tuple(d for d in earlier.due if d[1] not in done),
    )


def examined(state: GameState, ids: tuple[str, ...]) -> GameState:
    """`state` with the exhibits `ids` among the documents examined."""
    new = tuple(x for x in dict.fromkeys(ids) if x not in state.documents)
    return replace(state, documents=(*state.documents, *new)) if new else state


def shuffled(count: int, seed: int, kind: str, ident: str) -> tuple[int, ...]:
    """A permutation of range(count) drawn from the playthrough's seed and the item's id.

    The same seed and id always give the same order (after back, save and load), and the
    draw for one decision does not depend on any other.
    """
    order = list(range(count))
    random.Random(f"{seed}:{kind}:{ident}").shuffle(order)
    return tuple(order)


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
