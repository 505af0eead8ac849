"""What the engine tells a front end: the events of a step and the prompt that waits."""

from __future__ import annotations

from dataclasses import dataclass

from game.story.frozen import Frozen
from game.story.model import Choice, Exhibit, Fact, Question, Reflection, Scene


@dataclass(frozen=True, eq=False, repr=False)
class SceneEntered(Frozen):
    """The player arrived at a scene."""

    scene: Scene
    new_chapter: bool
    """True when this scene starts a chapter the player was not already in."""


@dataclass(frozen=True, eq=False, repr=False)
class FactUnlocked(Frozen):
    """A fact note joined the journal."""

    fact: Fact


@dataclass(frozen=True, eq=False, repr=False)
class ExhibitsShown(Frozen):
    """Documents to examine, shown together after a scene's text or with a question."""

    exhibits: tuple[Exhibit, ...]


@dataclass(frozen=True, eq=False, repr=False)
class RealityShown(Frozen):
    """The player is back on the record after a what-if: what really happened there."""

    scene: Scene


@dataclass(frozen=True, eq=False, repr=False)
class Answered(Frozen):
    """A question was answered (for good: answers are final)."""

    question: Question
    given: int
    correct: bool
    shown_answer: int = 0
    """The 1-based number the right option had on screen."""


@dataclass(frozen=True, eq=False, repr=False)
class Reflected(Frozen):
    """A reflection was written (or skipped, with text None)."""

    reflection: Reflection
    text: str | None


@dataclass(frozen=True, eq=False, repr=False)
class StoryEnded(Frozen):
    """The story is over."""


Event = (
    SceneEntered | FactUnlocked | ExhibitsShown | RealityShown | Answered | Reflected | StoryEnded
)


@dataclass(frozen=True, eq=False, repr=False)
class ChoicePrompt(Frozen):
    """Pick one of the available choices."""

    choices: tuple[Choice, ...]


@dataclass(frozen=True, eq=False, repr=False)
class ContinuePrompt(Frozen):
    """Press on; `finish` is True at an ending."""

    finish: bool


@dataclass(frozen=True, eq=False, repr=False)
class QuestionPrompt(Frozen):
    """Answer a multiple-choice question, its options shown in `order`."""

    question: Question
    order: tuple[int, ...] = ()
    """Option indexes in the order shown (empty: story order)."""

    @property
    def shown(self) -> tuple[int, ...]:
        """The option indexes in the order they are shown."""
        return self.order or tuple(range(len(self.question.options)))

    @property
    def options(self) -> tuple[str, ...]:
        """The option texts as shown."""
        return tuple(self.question.options[i] for i in self.shown)


@dataclass(frozen=True, eq=False, repr=False)
class ReflectionPrompt(Frozen):
    """Write (or skip) a reflection."""

    reflection: Reflection


@dataclass(frozen=True, eq=False, repr=False)
class EndedPrompt(Frozen):
    """Nothing left to do."""


Prompt = ChoicePrompt | ContinuePrompt | QuestionPrompt | ReflectionPrompt | EndedPrompt
