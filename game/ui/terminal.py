"""The interactive terminal game: title screen, scene screens, commands, Ctrl-C and Ctrl-D.

Only the interactive path imports this module. prompt_toolkit is imported once the first
screen is drawn, so the title appears before the heavier import is paid for.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console, Group, RenderableType
from rich.text import Text

from game.classroom.debrief import debrief, time_up_lines
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    Event,
    Prompt,
    QuestionPrompt,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.engine.session import Session
from game.errors import SaveError
from game.ui.debrief_view import DebriefView
from game.ui.options import PlayOptions, chapter_start, new_session, start
from game.ui.render_rich import event_view, prompt_message, prompt_view, scene_view
from game.ui.screens import (
    help_view,
    journal_view,
    lines,
    menu_view,
    slots_view,
    sources_view,
    timeline_view,
    title_view,
    toolbar_text,
)

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from game.saves.store import SaveStore, SlotInfo
    from game.ui.keyboard import Keyboard

Command = Callable[[str], "RenderableType | None"]
"""A typed command: gets the rest of the line, returns something to show (or None)."""


class Leave(Exception):
    """The player is done: stop the game with this exit code."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


def play_terminal(engine: Engine, options: PlayOptions, store: SaveStore) -> int:
    """Run the interactive game on the real terminal; the exit code."""
    chapter_start(engine.story, options.chapter)  # an unknown chapter fails before any screen
    console = Console(width=options.width, highlight=False, emoji=False)
    return TerminalGame(engine, options, store, console).run()


class TerminalGame:
    """One sitting at the terminal: the title menu, then scenes until the player leaves."""

    def __init__(
        self,
        engine: Engine,
        options: PlayOptions,
        store: SaveStore,
        console: Console,
        *,
        input: Input | None = None,
        output: Output | None = None,
        commands: dict[str, Command] | None = None,
    ) -> None:
        self.engine = engine
        self.story = engine.story
        self.options = options
        self.store = store
        self.console = console
        self._io = (input, output)
        self._keyboard: Keyboard | None = None
        self._session: Session | None = None
        self.commands: dict[str, Command] = {
            "help": lambda arg: help_view(list(self.commands)),
            "journal": lambda arg: journal_view(self.story, self.session.state),
            "timeline": lambda arg: timeline_view(self.story, self.session.state),
            "sources": lambda arg: sources_view(self.story, self.session.state),
            "debrief": lambda arg: self.debrief(),
            "back": self._back,
            "save": self._save,
            "load": self._load,
            "quit": self._quit,
        }
        self.commands.update(commands or {})

    # --- plumbing -------------------------------------------------------------------
    @property
    def session(self) -> Session:
        assert self._session is not None, "no game has started yet"
        return self._session

    @property
    def keyboard(self) -> Keyboard:
        if self._keyboard is None:
            from game.ui.keyboard import CommandCompleter, Keyboard

            completer = CommandCompleter(lambda: list(self.commands), self.slot_names)
            self._keyboard = Keyboard(
                self.toolbar, completer, input=self._io[0], output=self._io[1]
            )
        return self._keyboard

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    def note(self, text: str) -> None:
        """One line of plain text (never read as markup)."""
        self.console.print(Text(text))

    def toolbar(self, width: int) -> str:
        if self._session is None:
            return ""
        slot = self.session.slot or self.store.autosave_slot
        slot = slot if self.store.enabled else "saving is off"
        state = self.session.state
        return toolbar_text(self.story, state, self.engine.historical, slot, width)

    def slots(self) -> list[SlotInfo]:
        """This story's save slots (and damaged ones, which may be), newest first."""
        try:
            found = self.store.slots()
        except SaveError as exc:
            self.note(f"The saves cannot be listed: {exc.message}.")
            return []
        return [s for s in found if s.damaged is not None or s.story_id == self.story.id]

    def slot_names(self) -> list[str]:
        try:
            return [s.slot for s in self.store.slots()]
        except SaveError:
            return []

    # --- the sitting ----------------------------------------------------------------
    def run(self) -> int:
        """Title menu (or the save in --load), then play; the exit code."""
        try:
            self.play(self.opening())
        except Leave as exc:
            return exc.code
        except KeyboardInterrupt:
            # Ctrl-C outside a prompt (while a screen is drawn): leave as gently as at one.
            try:
                self.leave(130)
            except Leave as exc:
                return exc.code
        return 0

    def opening(self) -> list[Event]:
        if self.options.load is not None:
            session, intro, notes = start(self.engine, self.options, self.store)
            self.begin(session)
            self.show(lines(notes))
            return intro
        self.show(title_view(self.story))
        return self.title_menu()

    def begin(self, session: Session) -> None:
        session.listeners.append(self.store.listener(self.note))
        self._session = session

    def title_menu(self) -> list[Event]:
        """New game, Continue, Load or Quit, until a game begins."""
        while True:
            slots = self.slots()
            newest = next((s for s in slots if s.damaged is None), None)
            items = [("new", "New game")]
            if newest is not None:
                items.append(("continue", f"Continue: {newest.slot} ({newest.chapter})"))
            if slots:
                items.append(("load", "Load a saved game"))
            items.append(("quit", "Quit"))
            self.show(menu_view([label for _, label in items]))
            keys = [key for key, _ in items]
            choice = self.menu_choice(keys, default=keys[1] if newest is not None else keys[0])
            events: list[Event] | None = None
            if choice == "new":
                events = self.new_game()
            elif choice == "continue" and newest is not None:
                events = self.load_slot(newest.slot)
            elif choice == "load":
                events = self.choose_slot(slots)
            else:
                self.note("Goodbye.")
                raise Leave(0)
            if events is not None:
                return events

    def menu_choice(self, keys: list[str], default: str | None = None) -> str:
        """A menu key, by number or by word (Enter: `default`); Ctrl-C or Ctrl-D means quit."""
        hint = f" (Enter: {keys.index(default) + 1})" if default in keys else ""
        while True:
            try:
                text = self.keyboard.line(f"Choose 1-{len(keys)}{hint} > ").strip().lower()
            except (KeyboardInterrupt, EOFError):
                return "quit"
            if not text and default in keys:
                return default
            if text.isdigit() and 1 <= int(text) <= len(keys):
                return keys[int(text) - 1]
            if text in keys:
                return text
            self.note(f"Type a number from 1 to {len(keys)}.")

    def new_game(self) -> list[Event] | None:
        """Ask for an optional name and start; None if the player backs out."""
        while True:
            try:
                name = self.keyboard.line(
                    "Your name, for the class report (Enter to skip) > ",
                    default=self.options.name or "",
                ).strip()
            except (KeyboardInterrupt, EOFError):
                return None
            if len(name) <= 60 and name.isprintable():
                break
            self.note("A name is at most 60 letters, spaces or digits; try again.")
        session, intro = new_session(self.engine, replace(self.options, name=name or None))
        self.begin(session)
        return intro

    def choose_slot(self, slots: list[SlotInfo]) -> list[Event] | None:
        """List the slots and load the one picked; None if none was."""
        from game.saves.store import local_time

        if not slots:
            self.note(f"There are no saves of this story in '{self.store.folder}' yet.")
            return None
        self.show(slots_view(slots, [local_time(s.saved_at) for s in slots]))
        try:
            text = self.keyboard.line("Load which? Its number or name (Enter: back) > ").strip()
        except (KeyboardInterrupt, EOFError):
            return None
        if not text:
            return None
        if text.isdigit() and 1 <= int(text) <= len(slots):
            text = slots[int(text) - 1].slot
        return self.load_slot(text)

    def load_slot(self, slot: str) -> list[Event] | None:
        """Resume a slot, keeping the autosave hook; None (and a sentence) if it cannot be."""
        from game.saves.store import session_from
        from game.ui.savetext import resume_lines

        try:
            data = self.store.load(slot, self.engine)
        except SaveError as exc:
            self.note(f"Not loaded: {exc.message}.")
            return None
        old = self._session
        minutes = self.options.minutes
        limit = old.limit_seconds if old else (minutes * 60 if minutes is not None else None)
        session = session_from(data, self.engine, limit_seconds=limit)
        if old is not None:
            session.listeners = old.listeners
            self._session = session
        else:
            self.begin(session)
        self.show(lines(resume_lines(data)))
        return [SceneEntered(self.engine.scene(data.state), True)]

    # --- playing --------------------------------------------------------------------
    def play(self, intro: list[Event]) -> None:
        """Show the scene, then read and act on lines until the player leaves."""
        self.show_events(intro)
        redraw = True
        while True:
            prompt = self.engine.prompt(self.session.state)
            if isinstance(prompt, ChoicePrompt) and not prompt.choices:
                self.note("No choice is available here: the story has a dead end.")
                self.leave(1)
            if redraw:
                self.show(prompt_view(prompt))
            line = self.read(prompt)
            redraw = line is not None and self.handle(prompt, line)

    def read(self, prompt: Prompt) -> str | None:
        """The player's line; None after a declined Ctrl-C. Ctrl-D saves and quits."""
        message = prompt_message(prompt)
        try:
            if isinstance(prompt, ReflectionPrompt):
                return self.keyboard.reflection(message)
            return self.keyboard.command(message)
        except KeyboardInterrupt:
            self.confirm_quit()
            return None
        except EOFError:
            self.leave()

    def handle(self, prompt: Prompt, line: str) -> bool:
        """Act on one line; True when the prompt should be shown again."""
        if isinstance(prompt, ReflectionPrompt):
            self.step(self.session.reflect(line))
            return True
        text = line.strip()
        if not text and isinstance(prompt, ContinuePrompt):
            self.step(self.session.advance())
            return True
        if not text and isinstance(prompt, EndedPrompt):
            self.leave()
        count = option_count(prompt)
        if count and text.isdigit():
            if not 1 <= int(text) <= count:
                self.note(f"There is no {text} here: type a number from 1 to {count}.")
                return False
            if isinstance(prompt, QuestionPrompt):
                self.step(self.session.answer(int(text)))
            else:
                self.step(self.session.choose(int(text)))
            return True
        word, _, rest = text.partition(" ")
        command = self.commands.get(word.lower())
        if command is None:
            self.note(self.hint(prompt, word))
            return False
        shown = command(rest.strip())
        if shown is not None:
            self.show(shown)
        return True

    def hint(self, prompt: Prompt, word: str) -> str:
        """One line saying what would work instead of `word`."""
        close = difflib.get_close_matches(word.lower(), list(self.commands), n=1)
        guess = f"Did you mean {close[0]}? " if close else ""
        count = option_count(prompt)
        if isinstance(prompt, ContinuePrompt):
            return f"{guess}Press Enter to go on, or type a command (help lists them)."
        if isinstance(prompt, EndedPrompt):
            return f"{guess}Press Enter to leave, or type a command (help lists them)."
        return f"{guess}Type a number from 1 to {count}, or a command (help lists them)."

    def step(self, events: list[Event]) -> None:
        """Show a step's events; stop here when the lesson's time is up at a new chapter."""
        if not self._session or not self.session.lesson_over(events):
            self.show_events(events)
            return
        cut = next(i for i, e in enumerate(events) if isinstance(e, SceneEntered) and e.new_chapter)
        # The new chapter is shown when the game resumes, not as the lesson ends.
        self.show_events(events[:cut])
        s = self.session
        d = debrief(s.story, s.state, s.played_seconds, s.engine.historical)
        time_up = lines(time_up_lines((s.limit_seconds or 0) / 60))
        self.show(Group(time_up, DebriefView(s.story, d)))
        self.leave()

    def show_events(self, events: list[Event]) -> None:
        for event in events:
            self.show(event_view(self.story, event))
            if isinstance(event, StoryEnded):
                self.show(Group(Text(""), self.debrief()))

    def debrief(self) -> DebriefView:
        s = self.session
        return DebriefView(
            s.story, debrief(s.story, s.state, s.played_seconds, s.engine.historical)
        )

    # --- leaving --------------------------------------------------------------------
    def confirm_quit(self) -> None:
        """After Ctrl-C: leave if the player says so."""
        saved = "progress is saved" if self.store.enabled else "saving is off"
        try:
            answer = self.keyboard.line(f"Quit? {saved} (y/n) > ").strip().lower()
        except (KeyboardInterrupt, EOFError):
            answer = "y"
        if answer.startswith("y"):
            self.leave()
        self.note("Playing on.")

    def leave(self, code: int = 0) -> NoReturn:
        """Autosave, say where the progress is, and stop."""
        from game.ui.savetext import farewell_lines

        if self._session is not None:
            message = self.store.autosave(self.session)
            if message:
                self.note(message)
            self.show(lines(farewell_lines(self.store, self.session)))
        self.note("Goodbye.")
        raise Leave(code)

    # --- commands -------------------------------------------------------------------
    def _back(self, arg: str) -> RenderableType:
        if not self.session.back():
            return Text("There is nothing to undo yet.")
        scene = self.engine.scene(self.session.state)
        return Group(
            Text(f"Went back one step, to: {scene.title or scene.id}."),
            scene_view(self.story, scene),
        )

    def _save(self, arg: str) -> RenderableType | None:
        slot = arg or self.session.slot
        if not slot:
            try:
                slot = self.keyboard.line(
                    "Save as? A name of letters, digits, - or _ (Enter: cancel) > "
                ).strip()
            except (KeyboardInterrupt, EOFError):
                slot = ""
            if not slot:
                return Text("Not saved (your progress is still autosaved).")
        self.save_to(slot)
        return None

    def save_to(self, slot: str) -> bool:
        """Save in `slot` and say where, or say why not; True when saved."""
        from game.saves.store import AUTOSAVE, valid_slot

        try:
            path = self.store.save(valid_slot(slot), self.session)
        except SaveError as exc:
            self.note(f"Not saved: {exc.message}.")
            return False
        # The store may have saved elsewhere (the slot held another game): use what it did.
        self.session.slot = None if path.stem == AUTOSAVE else path.stem
        self.show(lines([*self.store.notes, f"Saved in the slot '{path.stem}' ({path})."]))
        return True

    def _load(self, arg: str) -> RenderableType | None:
        events = self.load_slot(arg) if arg else self.choose_slot(self.slots())
        if events is not None:
            self.step(events)
        return None

    def _quit(self, arg: str) -> RenderableType | None:
        while self.store.enabled and self.session.slot is None:
            try:
                name = self.keyboard.line(
                    "Also save under a name? Type one, or press Enter to quit "
                    "(Ctrl-C: keep playing) > "
                ).strip()
            except KeyboardInterrupt:
                return Text("Playing on.")
            except EOFError:
                break
            if not name or self.save_to(name):
                break
        self.leave()


def option_count(prompt: Prompt) -> int:
    """How many numbered options `prompt` offers (0 for none)."""
    if isinstance(prompt, ChoicePrompt):
        return len(prompt.choices)
    if isinstance(prompt, QuestionPrompt):
        return len(prompt.question.options)
    return 0
