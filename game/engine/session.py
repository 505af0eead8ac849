"""One player's game: engine state, undo history, player name and play time. No I/O."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine.clock import utc_now
from game.engine.engine import (
    ChoicePrompt,
    Engine,
    Event,
    GameState,
    IllegalMove,
    QuestionPrompt,
    ReflectionPrompt,
    SceneEntered,
    Step,
    keep_answers,
)
from game.story.model import Choice, Story

Listener = Callable[["Session", list[Event]], None]


def new_game_id() -> str:
    """A game's identity, made at New game and kept in its saves: 32 random hex digits."""
    return os.urandom(16).hex()  # as secrets.token_hex(16), without importing it


@dataclass
class Session:
    """Wraps the pure engine with what a front end needs: numbered input, undo, hooks."""

    engine: Engine
    state: GameState
    player: str | None = None
    played_before: float = 0.0
    """Seconds played in earlier sittings (from the save)."""
    slot: str | None = None
    """The named save slot in use, if any."""
    limit_seconds: float | None = None
    """Lesson length: stop at the first scene of the historical path after this much play."""
    started_at: str = field(default_factory=utc_now)
    """When this playthrough began (ISO 8601, UTC); kept across saves."""
    game_id: str = field(default_factory=new_game_id)
    """This playthrough's identity, kept across saves, so two games never share a slot."""
    clock: Callable[[], float] = time.monotonic
    resumed: bool = False
    """True for a game resumed from a save whose steps could not be replayed (its undo
    history starts at the resume)."""
    history: list[GameState] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    _since: float = field(init=False)

    def __post_init__(self) -> None:
        self._since = self.clock()

    @property
    def story(self) -> Story:
        return self.engine.story

    @property
    def played_seconds(self) -> float:
        """Total play time, this sitting included."""
        return self.played_before + max(0.0, self.clock() - self._since)

    def _apply(self, step: Step) -> list[Event]:
        self.history.append(self.state)
        self.state, events = step
        for listener in self.listeners:
            listener(self, events)
        return events

    def choose(self, number: int) -> list[Event]:
        """Take the `number`th (1-based) choice as shown."""
        prompt = self.engine.prompt(self.state)
        options = prompt.choices if isinstance(prompt, ChoicePrompt) else ()
        choice: Choice = (options or self.engine.offered(self.state))[number - 1]
        return self._apply(self.engine.choose(self.state, choice.id))

    def advance(self) -> list[Event]:
        return self._apply(self.engine.advance(self.state))

    def answer(self, number: int) -> list[Event]:
        """Answer the due question with its `number`th (1-based) option as shown."""
        prompt = self.engine.prompt(self.state)
        shown = prompt.shown if isinstance(prompt, QuestionPrompt) else ()
        option = shown[number - 1] if 0 < number <= len(shown) else number - 1
        return self._apply(self.engine.answer(self.state, option))

    def reflect(self, text: str | None) -> list[Event]:
        return self._apply(self.engine.reflect(self.state, text))

    @property
    def seconds_left(self) -> float | None:
        """Lesson time left (never below 0), or None when the lesson has no set length."""
        if self.limit_seconds is None:
            return None
        return max(0.0, self.limit_seconds - self.played_seconds)

    def lesson_cut(self, events: list[Event]) -> int | None:
        """Where the lesson stops in `events`: once its time is used up, at the first scene
        of the historical path they enter (shown when the game resumes); None to play on."""
        if self.seconds_left != 0.0:
            return None
        historical = self.engine.historical
        return next(
            (
                i
                for i, e in enumerate(events)
                if isinstance(e, SceneEntered) and e.scene.id in historical
            ),
            None,
        )

    def can_go_back(self) -> bool:
        return bool(self.history)

    def back(self) -> bool:
        """Undo the last step, keeping answers (they are final); False when nothing to undo."""
        if not self.history:
            return False
        now = self.state
        state = keep_answers(self.history.pop(), now)
        while self.engine.between_scenes(state) and self.history:
            # That step was an answer, which stays: undo the step before it too.
            state = keep_answers(self.history.pop(), now)
        self.state = self.engine.settle(state)
        for listener in self.listeners:
            listener(self, [])
        return True


MAX_REPLAY_STEPS = 10_000
"""The most steps a saved game is replayed over to rebuild its undo history."""


def replayed_history(engine: Engine, saved: GameState) -> list[GameState]:
    """The states a saved game passed through, rebuilt by playing its record again: its
    decisions, answers and reflections, from its first scene with its seed (the engine is
    deterministic). [] when the replay does not arrive at `saved` exactly (a story changed
    since, or a game whose `back` left answers of scenes no longer on its path)."""
    if not saved.path:
        return []
    try:
        state, _ = engine.new_game(saved.path[0], seed=saved.seed)
    except IllegalMove:
        return []
    answers = {a.question: a.given for a in saved.answers}
    written = {r.reflection: r.text for r in saved.reflections}
    history: list[GameState] = []
    for _ in range(MAX_REPLAY_STEPS):
        if state == saved:
            return history
        if state.ended or len(state.path) > len(saved.path) or len(state.log) > len(saved.log):
            return []
        history.append(state)
        prompt = engine.prompt(state)
        try:
            if isinstance(prompt, ChoicePrompt):
                if len(state.log) == len(saved.log):
                    return []
                state, _ = engine.choose(state, saved.log[len(state.log)].choice)
            elif isinstance(prompt, QuestionPrompt):
                if prompt.question.id not in answers:
                    return []
                state, _ = engine.answer(state, answers[prompt.question.id])
            elif isinstance(prompt, ReflectionPrompt):
                if prompt.reflection.id not in written:
                    return []
                state, _ = engine.reflect(state, written[prompt.reflection.id])
            else:
                state, _ = engine.advance(state)
        except IllegalMove:
            return []
    return []
