"""The interactive terminal game: title screen, scene screens, Ctrl-C and Ctrl-D.

Only the interactive path imports this module. prompt_toolkit is imported once the first
screen is drawn, so the title appears before the heavier import is paid for. What a typed
line means is decided by `game.engine.commands`; the `Controller` acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.text import Text

from game.classroom.debrief import debrief, time_up_lines
from game.engine.commands import COMMAND_NAMES, COMMANDS
from game.engine.engine import (
    ChoicePrompt,
    Engine,
    Event,
    Prompt,
    ReflectionPrompt,
    StoryEnded,
)
from game.engine.session import Session
from game.errors import SaveError
from game.ui.controller import Controller, Quit, View
from game.ui.debrief_view import DebriefView
from game.ui.exhibits_view import documents_view
from game.ui.options import PlayOptions, chapter_start, start
from game.ui.render_rich import event_view, prompt_message, prompt_view, scene_view
from game.ui.screens import (
    help_view,
    journal_view,
    lines,
    slots_view,
    sources_view,
    timeline_view,
    title_view,
    toolbar_text,
)
from game.ui.title import TitleMenu

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from game.saves.store import SaveStore, SlotInfo
    from game.ui.keyboard import Keyboard


def play_terminal(engine: Engine, options: PlayOptions, store: SaveStore) -> int:
    """Run the interactive game on the real terminal; the exit code."""
    chapter_start(engine.story, options.chapter)  # an unknown chapter fails before any screen
    console = Console(width=options.width, highlight=False, emoji=False)
    return TerminalGame(engine, options, store, console).run()


class TerminalGame:
    """One sitting at the terminal: the title menu, then scenes until the player leaves.

    It is the `Screen` of a `Controller`: it draws and reads; the controller acts.
    """

    def __init__(
        self,
        engine: Engine,
        options: PlayOptions,
        store: SaveStore,
        console: Console,
        *,
        input: Input | None = None,
        output: Output | None = None,
    ) -> None:
        self.engine = engine
        self.story = engine.story
        self.options = options
        self.store = store
        self.console = console
        self._io = (input, output)
        self._keyboard: Keyboard | None = None
        self.controller = Controller(engine, store, self)

    # --- plumbing -------------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.controller.session

    @property
    def keyboard(self) -> Keyboard:
        if self._keyboard is None:
            from game.ui.keyboard import CommandCompleter, Keyboard

            completer = CommandCompleter(lambda: COMMAND_NAMES, self.slot_names)
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
        if not self.controller.started:
            return ""
        slot = self.session.slot or self.store.autosave_slot
        slot = slot if self.store.enabled else "saving is off"
        state = self.session.state
        return toolbar_text(self.story, state, self.engine.historical, slot, width)

    def slot_names(self) -> list[str]:
        try:
            return [s.slot for s in self.store.slots()]
        except SaveError:
            return []

    # --- the Screen the controller draws on -----------------------------------------
    def say(self, texts: Sequence[str]) -> None:
        if texts:
            self.show(lines(texts))

    def show_events(self, events: list[Event]) -> None:
        for event in events:
            self.show(event_view(self.story, event))
            if isinstance(event, StoryEnded):
                self.show(Group(Text(""), self.debrief(self.session)))

    def show_view(self, view: View, session: Session) -> None:
        if view == "help":
            self.show(help_view(COMMANDS))
        elif view == "journal":
            self.show(journal_view(self.story, session.state))
        elif view == "timeline":
            self.show(timeline_view(self.story, session.state))
        elif view == "sources":
            self.show(sources_view(self.story, session.state))
        elif view == "documents":
            self.show(documents_view(self.story, session.state))
        else:
            self.show(self.debrief(session))

    def show_scene_again(self, session: Session) -> None:
        self.show(scene_view(self.story, self.engine.scene(session.state)))

    def show_slots(self, slots: Sequence[SlotInfo]) -> None:
        from game.saves.store import local_time

        self.show(slots_view(slots, [local_time(s.saved_at) for s in slots]))

    def show_lesson_over(self, session: Session) -> None:
        d = debrief(session.story, session.state, session.played_seconds, self.engine.historical)
        time_up = lines(time_up_lines((session.limit_seconds or 0) / 60))
        self.show(Group(time_up, DebriefView(session.story, d)))

    def ask(self, message: str) -> str | None:
        try:
            return self.keyboard.line(f"{message} > ")
        except EOFError:
            return None

    def debrief(self, session: Session) -> DebriefView:
        d = debrief(session.story, session.state, session.played_seconds, self.engine.historical)
        return DebriefView(session.story, d)

    # --- the sitting ----------------------------------------------------------------
    def run(self) -> int:
        """Title menu (or the save in --load), then play; the exit code."""
        try:
            self.play(self.opening())
        except Quit as exc:
            return exc.code
        except KeyboardInterrupt:
            # Ctrl-C outside a prompt (while a screen is drawn): leave as gently as at one.
            try:
                self.controller.leave(130)
            except Quit as exc:
                return exc.code
        return 0

    def opening(self) -> list[Event]:
        if self.options.load is not None:
            session, intro, notes = start(self.engine, self.options, self.store)
            self.controller.begin(session)
            self.say(notes)
            return intro
        self.show(title_view(self.story))
        return TitleMenu(self).run()

    # --- playing --------------------------------------------------------------------
    def play(self, intro: list[Event]) -> None:
        """Show the scene, then read and act on lines until the player leaves."""
        self.show_events(intro)
        redraw = True
        while True:
            prompt = self.engine.prompt(self.session.state)
            if isinstance(prompt, ChoicePrompt) and not prompt.choices:
                self.note("No choice is available here: the story has a dead end.")
                self.controller.leave(1)
            if redraw:
                self.show(prompt_view(prompt))
            line = self.read(prompt)
            redraw = line is not None and self.controller.handle(prompt, line)

    def read(self, prompt: Prompt) -> str | None:
        """The player's line; None after a declined Ctrl-C. Ctrl-D saves and quits."""
        message = prompt_message(prompt)
        try:
            if isinstance(prompt, ReflectionPrompt):
                return self.keyboard.reflection(message)
            return self.keyboard.command(message)
        except KeyboardInterrupt:
            self.controller.confirm_quit()
            return None
        except EOFError:
            self.controller.leave()
