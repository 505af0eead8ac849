"""The game as a pure state machine: states in, new states and events out. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
from game.engine.scenes import Step, enter, scene_prompt
from game.engine.shuffle import shuffled
from game.engine.state import (
    AnswerEntry,
    GameState,
    LogEntry,
    ReflectionEntry,
    evolve,
    examined,
    first_answers,
    keep_answers,
    progress_percent,
    trail,
)
from game.errors import GameError
from game.story.conditions import Value
from game.story.history import historical_path
from game.story.model import Choice, Question, Scene, Story
from game.story.rules import MAX_INT

__all__ = [
    "AnswerEntry",
    "Answered",
    "ChoicePrompt",
    "ContinuePrompt",
    "EndedPrompt",
    "Event",
    "ExhibitsShown",
    "FactUnlocked",
    "GameState",
    "LogEntry",
    "Prompt",
    "QuestionPrompt",
    "RealityShown",
    "Reflected",
    "ReflectionEntry",
    "ReflectionPrompt",
    "SceneEntered",
    "Step",
    "StoryEnded",
    "examined",
    "first_answers",
    "keep_answers",
    "progress_percent",
    "shuffled",
]


class IllegalMove(GameError):
    """A transition that the current prompt does not allow (e.g. a choice not on offer)."""


ENDED = EndedPrompt()
ENDING = StoryEnded()
"""The prompt of an ended game and the event of ending it (made once: they are immutable)."""


@dataclass
class Engine:
    """The rules of one story. Every method is a pure function of its arguments."""

    story: Story
    historical: frozenset[str] = field(init=False)
    due_after: dict[str, tuple[tuple[str, str], ...]] = field(init=False)
    _last: tuple[GameState | None, Prompt] = field(init=False, repr=False, compare=False)
    """The last state asked for its prompt, and that prompt: a front end asks, then the
    move asks again (one tuple, so threads sharing the engine read a consistent pair)."""

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
        self._last = (None, ENDED)

    # --- starting -------------------------------------------------------------
    def new_game(self, start: str | None = None, *, seed: int | None = None) -> Step:
        """A fresh state at the story's start (or at `start`), with its entry events.

        `seed` draws the order of choices and options (None: story order throughout).
        """
        scene_id = start or self.story.start
        if scene_id not in self.story.scenes:
            raise IllegalMove(f"there is no scene '{scene_id}' to start at")
        state = GameState(scene=scene_id, variables=dict(self.story.variables), seed=seed)
        return enter(self.story, state, scene_id, None)

    def scene(self, state: GameState) -> Scene:
        """The scene the state is at."""
        return self.story.scenes[state.scene]

    # --- what the player may do -------------------------------------------------
    def available(self, state: GameState) -> tuple[Choice, ...]:
        """The current scene's choices whose conditions hold, in story order."""
        return self._available(state, self.story.scenes[state.scene])

    def _available(self, state: GameState, scene: Scene) -> tuple[Choice, ...]:
        return tuple(c for c in scene.choices if c.condition is None or c.condition.evaluate(state))

    def offered(self, state: GameState) -> tuple[Choice, ...]:
        """The available choices in the order they are shown."""
        prompt = scene_prompt(state, self.story.scenes[state.scene])
        return prompt.choices if isinstance(prompt, ChoicePrompt) else ()

    def question_prompt(self, state: GameState, question: Question) -> QuestionPrompt:
        """A question with its options in the order they are shown."""
        order: tuple[int, ...] = ()
        if state.seed is not None and question.shuffle:
            order = shuffled(len(question.options), state.seed, "question", question.id)
        return QuestionPrompt(question, order)

    def prompt(self, state: GameState) -> Prompt:
        """What the player is being asked now."""
        last = self._last
        if last[0] is state:
            return last[1]
        prompt = self._prompt(state)
        self._last = (state, prompt)
        return prompt

    def _prompt(self, state: GameState) -> Prompt:
        if state.ended:
            return ENDED
        if state.due:
            kind, ident = state.due[0]
            if kind == "question":
                return self.question_prompt(state, self._questions[ident])
            return ReflectionPrompt(self._reflections[ident])
        return scene_prompt(state, self.story.scenes[state.scene])

    # --- transitions ------------------------------------------------------------
    def choose(self, state: GameState, choice_id: str) -> Step:
        """Take a choice (by id) that is on offer now."""
        prompt = self.prompt(state)
        if not isinstance(prompt, ChoicePrompt):
            raise IllegalMove("there is no choice to make right now")
        for choice in prompt.choices:
            if choice.id == choice_id:
                break
        else:
            raise IllegalMove(f"the choice '{choice_id}' is not on offer here")
        entry = LogEntry(state.scene, choice.id, choice.history)
        if choice.set or choice.add:
            variables = with_effects(state.variables, choice)
            state = evolve(state, variables=variables, log=trail(state.log).appended(entry))
        else:
            state = evolve(state, log=trail(state.log).appended(entry))
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
        answers = trail(state.answers).appended(AnswerEntry(question.id, option, correct))
        state = evolve(state, answers=answers, due=state.due[1:])
        shown_answer = prompt.shown.index(question.answer) + 1
        return self._after_due(state, [Answered(question, option, correct, shown_answer)])

    def reflect(self, state: GameState, text: str | None) -> Step:
        """Record the due reflection; None (or blank) means skipped."""
        prompt = self.prompt(state)
        if not isinstance(prompt, ReflectionPrompt):
            raise IllegalMove("there is no reflection to write right now")
        value = (text or "").strip() or None
        entry = ReflectionEntry(prompt.reflection.id, value)
        reflections = trail(state.reflections).appended(entry)
        state = evolve(state, reflections=reflections, due=state.due[1:])
        return self._after_due(state, [Reflected(prompt.reflection, value)])

    def between_scenes(self, state: GameState) -> bool:
        """True for a state that waits on nothing (what `keep_answers` can leave behind)."""
        return not state.ended and not state.due and state.going_to is not None

    def settle(self, state: GameState) -> GameState:
        """A state between scenes moved on into the scene it was going to."""
        return self._after_due(state, [])[0] if self.between_scenes(state) else state

    # --- internals --------------------------------------------------------------
    def _leave(self, state: GameState, target: str | None) -> Step:
        story = self.story
        scene = story.scenes[state.scene]
        events: list[Event] = []
        pending = state.pending_reality
        if scene.reality and scene.id not in self.historical:
            pending = (*pending, scene.id)
        if pending and (target is None or target in self.historical):
            # Back on the record: what really happened in each what-if scene passed, in order.
            events.extend(RealityShown(story.scenes[s]) for s in pending)
            pending = ()
        due = self.due_after.get(scene.id, ())
        if due:
            answers, reflections = trail(state.answers), trail(state.reflections)
            due = tuple(d for d in due if not answers.has(d[1]) and not reflections.has(d[1]))
        if not due:  # straight on, in one new state
            if target is None:
                state = evolve(state, pending_reality=pending, due=due, going_to=None, ended=True)
                return state, [*events, ENDING]
            state, more = enter(story, state, target, scene.chapter, pending, due)
            return state, [*events, *more] if events else more
        state = evolve(state, pending_reality=pending, due=due, going_to=target)
        asked = [x for d in due if d[0] == "question" for x in self._questions[d[1]].exhibits]
        return show_exhibits(story, state, tuple(dict.fromkeys(asked)), tuple(asked), events)

    def _after_due(self, state: GameState, events: list[Event]) -> Step:
        if state.due:
            return state, events
        if state.going_to is None:
            return evolve(state, ended=True), [*events, ENDING]
        chapter = self.story.scenes[state.scene].chapter
        state, more = enter(self.story, state, state.going_to, chapter, state.pending_reality, ())
        return state, [*events, *more] if events else more


def show_exhibits(
    story: Story, state: GameState, ids: tuple[str, ...], seen: tuple[str, ...], events: list[Event]
) -> Step:
    """`events` with the story's exhibits among `ids` shown (if any), and `state` with `seen`
    examined when they are."""
    shown = tuple(story.exhibits[x] for x in ids if x in story.exhibits)
    if not shown:
        return state, events
    events.append(ExhibitsShown(shown))
    return examined(state, seen), events


def with_effects(variables: Mapping[str, Value], choice: Choice) -> dict[str, Value]:
    """The variables after `choice`'s `set` and `add` effects (a new dict)."""
    updated = dict(variables)
    updated.update(choice.set)
    for name, amount in choice.add.items():
        # Bounded as the story format bounds its numbers, so a save can hold it.
        total = int(updated[name]) + amount
        updated[name] = max(-MAX_INT, min(MAX_INT, total))
    return updated
