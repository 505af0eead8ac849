"""Carrying out what the interpreter decided, the same way in every front end.

`game.engine.commands.interpret` says what a line means; the `Controller` does it (through
the session and the save store) and tells its `Screen` what to show. A front end is then
only a `Screen`: how to draw events, views, lines and slot lists, and how to ask for a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NoReturn, Protocol

from game.engine.clock import WARN_SECONDS
from game.errors import SaveError
from game.saves.store import AUTOSAVE, follow, session_from
from game.ui.autosave import Autosaver
from game.ui.options import LazyEngine, MadeEngine, resumed_at

if TYPE_CHECKING:
    from game.engine.commands import Run
    from game.engine.engine import Engine, Event, Prompt
    from game.engine.session import Session
    from game.saves.store import SaveStore, SlotInfo

# The interpreter (game.engine.commands) is imported at the first typed line, not to draw the
# first screen.

QUIT_SAVE_QUESTION = (
    "Also save under a name? Type one, or press Enter to quit (Ctrl-C: keep playing)"
)
View = Literal["help", "journal", "timeline", "sources", "documents", "debrief"]
VIEWS: tuple[View, ...] = ("help", "journal", "timeline", "sources", "documents", "debrief")


class Quit(Exception):
    """The player is done: stop the game with this exit code."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


class Screen(Protocol):
    """What a front end draws and reads; the controller decides when."""

    def say(self, texts: Sequence[str]) -> None:
        """Plain lines of text."""

    def show_events(self, events: list[Event]) -> None:
        """The events of a step (a scene entered, a fact found, an answer's verdict...)."""

    def show_view(self, view: View, session: Session) -> None:
        """One of the long views (help, journal, timeline, sources, debrief)."""

    def show_scene_again(self, session: Session) -> None:
        """The current scene once more (after `back`)."""

    def show_slots(self, slots: Sequence[SlotInfo]) -> None:
        """A numbered list of save slots."""

    def show_lesson_over(self, session: Session) -> None:
        """The lesson's time is up: what to show before leaving."""

    def ask(self, message: str) -> str | None:
        """One line typed after `message`; None at the end of input (Ctrl-C raises)."""


TIME_WARNING = "Two minutes of the lesson are left: the game saves and stops at the next scene."
NOTHING_TO_UNDO = "There is nothing to undo yet."
NOTHING_TO_UNDO_RESUMED = (
    "There is nothing to undo yet: a resumed game keeps its steps from here on, "
    "so back cannot go before the point where you resumed."
)


SAVE_AS = "Save as? A name of letters, digits, - or _ (Enter: cancel)"


class Controller:
    """One game in one front end: acts on typed lines, saves, loads, leaves."""

    engine = MadeEngine()

    def __init__(self, engine: Engine | LazyEngine, store: SaveStore, screen: Screen) -> None:
        self._engine = engine
        self.store = store
        self.screen = screen
        self._session: Session | None = None
        self._warned = False
        self.autosaver = Autosaver(lambda: self.store, lambda message: self.screen.say([message]))

    @property
    def session(self) -> Session:
        assert self._session is not None, "no game has started yet"
        return self._session

    @property
    def started(self) -> bool:
        return self._session is not None

    def begin(self, session: Session) -> None:
        """Play `session` from now on, autosaving at every step."""
        follow(self.store, session)
        session.listeners.append(self.autosaver)
        self._session = session

    # --- one typed line ---------------------------------------------------------------
    def handle(self, prompt: Prompt, line: str) -> bool:
        """Act on `line` typed at `prompt`; True when the prompt should be shown again."""
        from game.engine.commands import Advance, Hint, Leave, Pick, Reflect, Run, interpret

        self.autosaver.settle()  # the step before is saved before this line is acted on
        action = interpret(prompt, line)
        if isinstance(action, Hint):
            self.screen.say([action.text])
            return False
        if isinstance(action, Pick):
            game = self.session
            pick = game.answer if asks_a_question(prompt) else game.choose
            self.step(pick(action.number))
        elif isinstance(action, Advance):
            self.step(self.session.advance())
        elif isinstance(action, Reflect):
            self.step(self.session.reflect(action.text))
        elif isinstance(action, Leave):
            self.leave()
        else:
            assert isinstance(action, Run)
            self.run(action)
        return True

    def step(self, events: list[Event]) -> None:
        """Show a step's events; stop at the next scene when the lesson's time is up."""
        cut = self.session.lesson_cut(events)
        if cut is None:
            self.screen.show_events(events)
            left = self.session.seconds_left
            if left is not None and left <= WARN_SECONDS and not self._warned:
                self._warned = True
                self.screen.say([TIME_WARNING])
            return
        # That scene is shown when the game resumes, not as the lesson ends.
        self.screen.show_events(events[:cut])
        self.screen.show_lesson_over(self.session)
        self.leave()

    def ask(self, message: str) -> str:
        """A line typed after `message`, stripped; empty when the player backs out."""
        try:
            return (self.screen.ask(message) or "").strip()
        except KeyboardInterrupt:
            return ""

    # --- the commands -----------------------------------------------------------------
    def run(self, command: Run) -> None:
        """Carry out one command word (the interpreter's table lists them)."""
        name, arg = command.name, command.arg
        if name in VIEWS:
            self.screen.show_view(name, self.session)
        elif name == "back":
            self.back()
        elif name == "save":
            self.save(arg)
        elif name == "load":
            self.load(arg)
        else:
            assert name == "quit", name
            self.quit()

    def back(self) -> None:
        if not self.session.back():
            self.screen.say([NOTHING_TO_UNDO_RESUMED if self.session.resumed else NOTHING_TO_UNDO])
            return
        scene = self.engine.scene(self.session.state)
        self.screen.say([f"Went back one step, to: {scene.title or scene.id}."])
        self.screen.show_scene_again(self.session)

    def save(self, arg: str) -> None:
        if slot := arg or self.session.slot or self.ask(SAVE_AS):
            self.save_to(slot)
        else:
            self.screen.say(["Not saved (your progress is still autosaved)."])

    def save_to(self, slot: str) -> bool:
        """Save in `slot` and say where, or say why not; True when saved."""
        try:
            path = self.store.save(slot, self.session)
        except SaveError as exc:
            self.screen.say([f"Not saved: {exc.message}."])
            return False
        # The store may have saved elsewhere (the slot held another game): say what it did.
        self.session.slot = None if path.stem == AUTOSAVE else path.stem
        self.screen.say([*self.store.notes, f"Saved in the slot '{path.stem}' ({path})."])
        return True

    def load(self, arg: str) -> None:
        events = self.load_slot(arg) if arg else self.choose_slot(self.slots())
        if events is not None:
            self.step(events)

    def slots(self) -> list[SlotInfo]:
        """This story's save slots (and damaged ones, which may be), newest first."""
        try:
            found = self.store.slots()
        except SaveError as exc:
            self.screen.say([f"The saves cannot be listed: {exc.message}."])
            return []
        return [s for s in found if s.damaged is not None or s.story_id == self._engine.story.id]

    def choose_slot(self, slots: list[SlotInfo]) -> list[Event] | None:
        """List the slots and load the one picked; None if none was."""
        if not slots:
            self.screen.say([f"There are no saves of this story in '{self.store.folder}' yet."])
            return None
        self.screen.show_slots(slots)
        text = self.ask("Load which? Its number or name (Enter: back)")
        if not text:
            return None
        from game.engine.commands import option_number

        number = option_number(text, len(slots))
        if number is not None:
            text = slots[number - 1].slot
        return self.load_slot(text)

    def load_slot(self, slot: str, *, limit_seconds: float | None = None) -> list[Event] | None:
        """Resume a slot, keeping the autosave hook; None (and a sentence) if it cannot be."""
        from game.ui.savetext import resume_lines

        try:
            data = self.store.load(slot, self.engine)
        except SaveError as exc:
            self.screen.say([f"Not loaded: {exc.message}."])
            return None
        old = self._session
        limit = old.limit_seconds if old is not None else limit_seconds
        session = session_from(data, self.engine, limit_seconds=limit)
        if old is not None:
            session.listeners = old.listeners
            self._session = session
        else:
            self.begin(session)
        self.screen.say(resume_lines(data))
        return resumed_at(self.engine, data)

    def quit(self) -> None:
        while self.store.enabled and self.session.slot is None:
            try:
                name = self.screen.ask(QUIT_SAVE_QUESTION)
            except KeyboardInterrupt:
                self.screen.say(["Playing on."])
                return
            if name is None or not name.strip() or self.save_to(name.strip()):
                break
        self.leave()

    # --- leaving ----------------------------------------------------------------------
    def confirm_quit(self) -> None:
        """After Ctrl-C: leave if the player says so, else play on."""
        saved = "progress is saved" if self.store.enabled else "saving is off"
        try:
            answer = self.screen.ask(f"Quit? {saved} (y/n)")
        except KeyboardInterrupt:
            answer = None  # a second Ctrl-C means yes
        if answer is None or answer.strip().lower().startswith("y"):
            self.leave()
        self.screen.say(["Playing on."])

    def leave(self, code: int = 0, *, end_of_input: bool = False) -> NoReturn:
        """Autosave (unless a script's input ended: all is saved then), say where, and stop."""
        from game.ui.savetext import farewell_lines

        lines: list[str] = []
        if self._session is not None:
            message = last_save(self.autosaver, self.store, self.session, end_of_input)
            lines = [*([message] if message else []), *farewell_lines(self.store, self.session)]
        self.screen.say([*lines, "End of input." if end_of_input else "Goodbye."])
        raise Quit(code)


def asks_a_question(prompt: Prompt) -> bool:
    from game.engine.engine import QuestionPrompt  # not to draw the title screen

    return isinstance(prompt, QuestionPrompt)


def last_save(
    autosaver: Autosaver, store: SaveStore, session: Session, end_of_input: bool
) -> str | None:
    """The save made as the game is left; None, or a line to show. At the end of input every
    step is saved already (the last one settled now); else the session is saved here, once
    (a save still to be written, maybe interrupted by the Ctrl-C or SIGTERM that ends the
    game, is that same session)."""
    if end_of_input:
        autosaver.settle()
        return None
    autosaver.forget()
    return store.autosave(session)
