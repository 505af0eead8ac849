"""What the engine works out once per scene instead of at every step. Pure, no I/O.

A step used to look its scene up several times, filter its facts and its due questions, and
build new event objects for what never changes: entering a scene is always the same
`SceneEntered`, unlocking a fact the same `FactUnlocked`. A `ScenePlan` holds those, made the
first time the scene is met (a 50,000-scene story pays only for the scenes played), and
`Plans` gives out the prompts, events and records of questions again in the same way.
They are immutable and compare by value, so sharing one between steps and games changes
nothing a front end or a save can see (tests/test_engine_plans.py plays games both ways).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, TypeVar

from game.engine.events import (
    Answered,
    ChoicePrompt,
    ContinuePrompt,
    Event,
    ExhibitsShown,
    FactUnlocked,
    QuestionPrompt,
    RealityShown,
    ReflectionPrompt,
    SceneEntered,
)
from game.engine.shuffle import shuffled
from game.engine.state import AnswerEntry, GameState, LogEntry, examined
from game.story.model import Choice, Question, Reflection, Scene, Story

Step = tuple[GameState, list[Event]]

FINISH = ContinuePrompt(finish=True)
CONTINUE = ContinuePrompt(finish=False)
"""The prompts of a scene without choices (made once: they are immutable)."""

MAX_PROMPTS = 64
"""The most choice prompts a scene keeps (each order and set of available choices is one)."""
MAX_SHARED = 16_384
"""The most question prompts, answers and their events a story's plans keep (past that,
each is made anew: the same values, only slower)."""

X = TypeVar("X")


class ScenePlan:
    """One scene as the engine's steps read it."""

    __slots__ = (
        "chapter",
        "choices",
        "conditional",
        "due",
        "entered",
        "entered_new",
        "exhibits",
        "facts",
        "id",
        "indexes",
        "leads_off_record",
        "log",
        "prompt",
        "prompts",
        "reality",
        "scene",
        "shuffle",
    )

    def __init__(
        self,
        story: Story,
        scene: Scene,
        historical: frozenset[str],
        due: tuple[tuple[str, str], ...],
    ) -> None:
        self.scene = scene
        self.id = scene.id
        self.chapter = scene.chapter
        self.entered = SceneEntered(scene, False)
        self.entered_new = SceneEntered(scene, True)
        self.facts: tuple[str, ...] = tuple(dict.fromkeys(scene.facts))
        """The fact ids the scene unlocks, each once, in order."""
        shown = tuple(story.exhibits[x] for x in scene.exhibits if x in story.exhibits)
        self.exhibits = ExhibitsShown(shown) if shown else None
        """The documents shown on entering (None: none of its exhibits exists)."""
        self.leads_off_record = bool(scene.reality) and scene.id not in historical
        """True for a what-if scene whose `reality` is shown once the record resumes."""
        self.reality = RealityShown(scene) if self.leads_off_record else None
        """What is shown of it when the player rejoins the record (None: nothing)."""
        self.due = due
        """The questions and reflections asked after this scene, in story order."""
        self.choices: tuple[Choice, ...] = scene.choices
        self.indexes = tuple(range(len(scene.choices)))
        self.conditional = any(c.condition is not None for c in scene.choices)
        self.shuffle = scene.shuffle
        self.prompts: dict[tuple[int, ...], ChoicePrompt] = {}
        """The choice prompts shown here, by the indexes of the choices they show."""
        self.prompt = None if scene.choices else FINISH if scene.end else CONTINUE
        """The prompt of a scene without choices (None: it asks for one of its choices)."""
        self.log: Mapping[str, LogEntry] = {
            c.id: LogEntry(scene.id, c.id, c.history) for c in scene.choices
        }
        """The decision each choice records."""

    def choice_prompt(self, state: GameState) -> ChoicePrompt:
        """The choices available in `state`, in the order its seed shows them."""
        if self.conditional:
            shown = tuple(
                i
                for i, c in enumerate(self.choices)
                if c.condition is None or c.condition.evaluate(state)
            )
        else:
            shown = self.indexes
        if state.seed is not None and self.shuffle and len(shown) > 1:
            order = shuffled(len(shown), state.seed, "scene", self.id)
            shown = tuple(shown[i] for i in order)
        prompt = self.prompts.get(shown)
        if prompt is None:
            prompt = ChoicePrompt(tuple(self.choices[i] for i in shown))
            if len(self.prompts) < MAX_PROMPTS:
                self.prompts[shown] = prompt
        return prompt


class Plans(dict[str, ScenePlan]):
    """The plans of a story's scenes by id, each made the first time it is asked for, and
    the question prompts, answers and events given out again.

    Safe to share between threads: a plan made twice at once is made the same both times.
    """

    def __init__(
        self,
        story: Story,
        historical: frozenset[str],
        due_after: Mapping[str, tuple[tuple[str, str], ...]],
    ) -> None:
        super().__init__()
        self._story = story
        self._historical = historical
        self._due_after = due_after
        self.facts = FactEvents(story)
        self._shared: dict[Hashable, Any] = {}

    def __missing__(self, scene_id: str) -> ScenePlan:
        scene = self._story.scenes[scene_id]  # KeyError for a scene the story lacks
        plan = ScenePlan(self._story, scene, self._historical, self._due_after.get(scene_id, ()))
        self[scene_id] = plan
        return plan

    def _share(self, key: Hashable, made: X) -> X:
        if len(self._shared) < MAX_SHARED:
            self._shared[key] = made
        return made

    def question_prompt(self, question: Question, order: tuple[int, ...]) -> QuestionPrompt:
        """`QuestionPrompt(question, order)`."""
        prompt = self._shared.get(("shown", question.id, order))
        if prompt is None or prompt.question is not question:
            prompt = self._share(("shown", question.id, order), QuestionPrompt(question, order))
        return prompt

    def reflection_prompt(self, reflection: Reflection) -> ReflectionPrompt:
        """`ReflectionPrompt(reflection)`."""
        prompt = self._shared.get(("asked", reflection.id))
        if prompt is None or prompt.reflection is not reflection:
            prompt = self._share(("asked", reflection.id), ReflectionPrompt(reflection))
        return prompt

    def given(self, question: Question, option: int) -> AnswerEntry:
        """`AnswerEntry` of answering `question` with `option`."""
        correct = option == question.answer
        entry = self._shared.get(("given", question.id, option))
        if entry is None or entry.correct is not correct:
            entry = self._share(
                ("given", question.id, option), AnswerEntry(question.id, option, correct)
            )
        return entry

    def answered(self, question: Question, option: int, shown_answer: int) -> Answered:
        """The event of answering `question` with `option`, the right one shown as number
        `shown_answer`."""
        key = ("answered", question.id, option, shown_answer)
        event = self._shared.get(key)
        if event is None or event.question is not question:
            correct = option == question.answer
            event = self._share(key, Answered(question, option, correct, shown_answer))
        return event

    def enter(
        self,
        state: GameState,
        scene_id: str,
        chapter: str | None,
        pending_reality: tuple[str, ...] = (),
        due: tuple[tuple[str, str], ...] = (),
    ) -> Step:
        """Enter `scene_id` from a scene of `chapter` (None: from nowhere), with those
        `pending_reality` and `due`: one new state, built as `evolve` builds it."""
        plan = self[scene_id]
        new = object.__new__(GameState)
        fields = new.__dict__
        fields.update(state.__dict__)
        fields["scene"] = scene_id
        fields["path"] = fields["path"].appended(scene_id)  # the fields are trails already
        fields["going_to"] = None
        fields["pending_reality"] = pending_reality
        fields["due"] = due
        events: list[Event] = [plan.entered if chapter == plan.chapter else plan.entered_new]
        if plan.facts:
            facts = fields["facts"]
            fresh = tuple(f for f in plan.facts if not facts.has(f))
            if fresh:
                fields["facts"] = facts.extended(fresh)
                events.extend(self.facts[f] for f in fresh)
        if plan.exhibits is not None:
            events.append(plan.exhibits)
            return examined(new, plan.scene.exhibits), events
        return new, events


class FactEvents(dict[str, FactUnlocked]):
    """The event of unlocking each fact, by id, made when first needed (KeyError for a fact
    the story lacks)."""

    def __init__(self, story: Story) -> None:
        super().__init__()
        self._story = story

    def __missing__(self, fact_id: str) -> FactUnlocked:
        event = self[fact_id] = FactUnlocked(self._story.facts[fact_id])
        return event
