"""The interactive terminal game: title screen, scene screens, Ctrl-C and Ctrl-D.

Only the interactive path imports this module. It draws on one full-screen layout
(`game.ui.fullscreen`): each scene starts on a fresh page with its header at the top, long
views scroll in the same place, and the choices and the input line stay at the bottom. What
a typed line means is decided by `game.engine.commands`; the `Controller` acts on it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.errors import SaveError
from game.ui.cards import title_view
from game.ui.controller import Controller, Quit, View
from game.ui.options import LazyEngine, PlayOptions, chapter_start, start
from game.ui.pager import Colours
from game.ui.preload import Preloader
from game.ui.signals import TERMINATED, Terminated, caught, raise_if_lost, terminate_gently
from game.ui.title import TitleMenu

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from rich.console import Console, RenderableType

    from game.engine.engine import Engine, Event, Prompt
    from game.engine.session import Session
    from game.saves.store import SaveStore, SlotInfo
    from game.story.model import Scene
    from game.ui.debrief_view import DebriefView
    from game.ui.fullscreen import FullScreen
    from game.ui.keyboard import Keyboard, Mode

PRELOADED = (
    "rich.console",
    "game.engine.session",
    "game.engine.commands",
    "game.ui.render_rich",
    "game.ui.markdown_view",
    "game.saves.savefile",
)
"""What the title menu's first key, the first scene and its save import: imported while the
player reads the title screen (game/ui/preload.py), at a terminal of its own (not in a session
of `serve`, whose other sessions' threads import too). Rich, the engine and the scenes'
renderer are among them: the title screen is drawn without any of them (game/ui/cards.py,
game/ui/options.LazyEngine)."""


def play_terminal(engine: Engine | LazyEngine, options: PlayOptions, store: SaveStore) -> int:
    """Run the interactive game on the real terminal; the exit code."""
    chapter_start(engine.story, options.chapter)  # an unknown chapter fails before any screen
    return TerminalGame(engine, options, store, closing=ShellConsole(options.width)).run()


class ShellConsole:
    """The real terminal's rich console, made at its first use: for what is said last, printed
    once the full screen has closed, and for the colours rich draws the screen with. The
    title screen is drawn before it is made (and before rich is imported)."""

    def __init__(self, width: int | None) -> None:
        self.width = width
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(width=self.width, highlight=False, emoji=False)
        return self._console

    def colours(self) -> Colours:
        """The console's colour system, asked for when rich first draws; styled text unless
        the terminal says it is dumb (the game runs at a terminal: game/ui/options.py)."""
        term = os.environ.get("TERM", "").strip().lower()
        return Colours(lambda: self.console.color_system, styled=term not in ("dumb", "unknown"))


class TerminalGame:
    """One sitting at the terminal: the title menu, then scenes until the player leaves.

    It is the `Screen` of a `Controller`: it draws and reads; the controller acts.
    Everything drawn is also printed to `console` when one is given (tests read it there);
    what is said last (where the progress is saved, Goodbye) is printed to `closing` once
    the full screen has closed, so it stays in the shell.
    """

    def __init__(
        self,
        engine: Engine | LazyEngine,
        options: PlayOptions,
        store: SaveStore,
        console: Console | None = None,
        *,
        input: Input | None = None,
        output: Output | None = None,
        closing: Console | ShellConsole | None = None,
    ) -> None:
        self.story = engine.story
        self.options = options
        self.console = console
        self.closing = closing
        self.devices = (input, output)
        """The terminal to read and draw on (None: the real one); tests pass a pipe."""
        self._keyboard: Keyboard | None = None
        self._screen: FullScreen | None = None
        self.controller = Controller(engine, store, self)
        # Draw first, save right after: a step's autosave is written once its next screen is
        # flushed to the terminal, before a key typed meanwhile is read (game/ui/autosave.py).
        self.controller.autosaver.deferred = True

    # --- plumbing -------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        """The story's engine, made at its first use (a key at the title screen, --load)."""
        return self.controller.engine

    @property
    def store(self) -> SaveStore:
        """The saves of the player now playing (the controller changes it with the player)."""
        return self.controller.store

    @property
    def session(self) -> Session:
        return self.controller.session

    @property
    def screen(self) -> FullScreen:
        if self._screen is None:
            self._screen = build_screen(self)
            self._keyboard = self._screen.keyboard
        return self._screen

    def record(self, renderable: RenderableType) -> None:
        if self.console is not None:
            self.console.print(renderable)

    def show_page(self, items: Sequence[RenderableType], head: RenderableType = "") -> None:
        """A fresh page; `head` (a scene's header) is kept in view above the choices."""
        self.screen.show_page(items, head)
        for item in items:
            self.record(item)

    def show_prompt(self, renderable: RenderableType) -> None:
        self.screen.set_prompt(renderable)
        self.record(renderable)

    def note(self, text: str) -> None:
        """One line of plain text (never read as markup)."""
        self.say([text])

    def toolbar(self, width: int) -> str:
        if not self.controller.started:
            return ""
        from game.ui.screens import toolbar_text

        slot = self.store.autosave_slot
        slot = slot if self.store.enabled else "saving is off"
        state, left = self.session.state, self.session.seconds_left
        return toolbar_text(self.story, state, self.engine.historical, slot, width, left)

    def drawn(self) -> None:
        """The screen is on the terminal: write the step's save now, and show what it says
        (saving is off, another slot) at once, in the notice and on the status bar."""
        autosaver = self.controller.autosaver
        if not autosaver.pending:
            return
        width = self.screen.columns()
        bar = self.toolbar(width)
        if autosaver.settle() or self.toolbar(width) != bar:
            self.screen.app.invalidate()

    def slot_names(self) -> list[str]:
        try:
            return [s.slot for s in self.store.slots()]
        except SaveError:
            return []

    def line(self, message: str, default: str = "", mode: Mode = "line") -> str:
        """A line typed after `message` (Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError)."""
        raise_if_lost()  # a SIGTERM whose exception was dropped on its way
        return self.screen.read(mode, message, default)

    # --- the Screen the controller draws on -----------------------------------------
    def say(self, texts: Sequence[str]) -> None:
        from game.ui.screens import lines

        if texts:
            self.screen.say(lines(texts))
            self.record(lines(texts))

    def show_events(self, events: list[Event]) -> None:
        draw_events(self, events)

    def show_scene(self, scene: Scene, shown: RenderableType | None = None) -> None:
        from game.ui.render_rich import scene_header, scene_view

        self.show_page([shown or scene_view(self.story, scene)], scene_header(self.story, scene))

    def show_view(self, view: View, session: Session) -> None:
        self.view(view_of(view, session))

    def view(self, renderable: RenderableType) -> None:
        self.screen.show_view([renderable])
        self.record(renderable)

    def show_scene_again(self, session: Session) -> None:
        self.screen.notice.went_on()  # an earlier verdict does not belong to this moment
        self.show_scene(self.engine.scene(session.state))

    def show_slots(self, slots: Sequence[SlotInfo]) -> None:
        from game.saves.store import local_time
        from game.ui.screens import slots_view

        self.view(slots_view(slots, [local_time(s.saved_at) for s in slots]))

    def show_lesson_over(self, session: Session) -> None:
        from rich.console import Group

        from game.classroom.debrief import time_up_lines
        from game.ui.screens import lines

        time_up = lines(time_up_lines((session.limit_seconds or 0) / 60))
        self.view(Group(time_up, debrief_view(session)))
        # The game leaves next: give the player the time to read (and scroll) the debrief.
        with contextlib.suppress(KeyboardInterrupt, EOFError):
            self.line("Press Enter to leave > ")

    def ask(self, message: str) -> str | None:
        try:
            return self.line(f"{message} > ")
        except EOFError:
            return None

    # --- the sitting ----------------------------------------------------------------
    def run(self) -> int:
        """Title menu (or the save in --load), then play; the exit code."""
        try:
            with terminate_gently():
                try:
                    play_scenes(self, self.opening())
                except (KeyboardInterrupt, Terminated) as stop:
                    # Ctrl-C outside a prompt (while a screen is drawn), or SIGTERM: leave as
                    # gently as at a prompt, saving first.
                    caught()
                    self.controller.leave(TERMINATED if isinstance(stop, Terminated) else 130)
        except Quit as exc:
            return exc.code
        finally:
            # However the game stops, the last step's save, drawn but maybe not yet written,
            # is written before it exits.
            try:
                self.controller.autosaver.settle()
            finally:
                self.close()
        return 0

    def close(self) -> None:
        """Leave the full screen; what was said last stays in the shell."""
        if self._screen is None:
            return
        self._screen.close()
        closing = self.closing.console if isinstance(self.closing, ShellConsole) else self.closing
        if closing is not None:
            for item in self._screen.notice.last_words():
                closing.print(item)

    def opening(self) -> list[Event]:
        if self.options.load is not None:
            session, intro, notes = start(self.engine, self.options, self.store)
            self.controller.begin(session)
            self.say(notes)
            return intro
        self.show_page([title_view(self.story)])
        self.screen.preload = Preloader(PRELOADED) if self.devices == (None, None) else None
        return TitleMenu(self).run()


def draw_events(game: TerminalGame, events: list[Event]) -> None:
    """The events of a step: a scene starts a page, what says how the step went goes below it
    (until the next step), anything else the scene brings joins the page."""
    from game.engine.engine import Answered, RealityShown, Reflected, SceneEntered, StoryEnded
    from game.ui.render_rich import event_view

    game.screen.notice.went_on()
    for event in events:
        shown = event_view(game.story, event)
        if isinstance(event, SceneEntered):
            game.show_scene(event.scene, shown)
        elif isinstance(event, StoryEnded):
            game.show_page([shown, debrief_view(game.session)])
        elif isinstance(event, (Answered, Reflected, RealityShown)):
            game.screen.say(shown)
            game.record(shown)
        else:  # a fact note, or whatever else the scene brings: it belongs to the page
            game.screen.add_to_page(shown)
            game.record(shown)


def play_scenes(game: TerminalGame, intro: list[Event]) -> None:
    """Show the scene, then read and act on lines until the player leaves."""
    from game.engine.engine import ChoicePrompt
    from game.ui.render_rich import prompt_view

    game.show_events(intro)
    redraw = True
    while True:
        prompt = game.engine.prompt(game.session.state)
        if isinstance(prompt, ChoicePrompt) and not prompt.choices:
            game.note("No choice is available here: the story has a dead end.")
            game.controller.leave(1)
        if redraw:
            game.show_prompt(prompt_view(prompt))
        line = read_line(game, prompt)
        redraw = line is not None and game.controller.handle(prompt, line)


def read_line(game: TerminalGame, prompt: Prompt) -> str | None:
    """The player's line; None after a declined Ctrl-C. Ctrl-D saves and quits."""
    from game.engine.engine import ReflectionPrompt
    from game.ui.render_rich import prompt_message

    mode: Mode = "reflection" if isinstance(prompt, ReflectionPrompt) else "command"
    try:
        return game.line(prompt_message(prompt), mode=mode)
    except KeyboardInterrupt:
        game.controller.confirm_quit()
        return None
    except EOFError:
        game.controller.leave()


def debrief_view(session: Session) -> DebriefView:
    """The debrief of `session` so far."""
    from game.classroom.debrief import session_debrief
    from game.ui.debrief_view import DebriefView

    return DebriefView(session.story, session_debrief(session))


def view_of(view: View, session: Session) -> RenderableType:
    """One of the long views, for `session` as it is now."""
    from game.ui.screens import help_view, journal_view, sources_view, timeline_view

    story, state = session.story, session.state
    if view == "help":
        from game.engine.commands import COMMANDS

        return help_view(COMMANDS)
    if view == "journal":
        return journal_view(story, state)
    if view == "timeline":
        return timeline_view(story, state)
    if view == "sources":
        return sources_view(story, state)
    if view == "documents":
        from game.ui.exhibits_view import documents_view

        return documents_view(story, state)
    return debrief_view(session)


def build_screen(game: TerminalGame) -> FullScreen:
    """The full screen of `game` (prompt_toolkit is imported here, once it is needed)."""
    from game.ui.fullscreen import FullScreen
    from game.ui.keyboard import CommandCompleter, Keyboard

    shown = game.closing or game.console
    if isinstance(shown, ShellConsole):
        colours = shown.colours()
    else:
        colours = Colours(shown.color_system if shown is not None else None)
    return FullScreen(
        Keyboard(CommandCompleter(command_names, game.slot_names)),
        game.toolbar,
        color_system=colours,
        width=game.options.width,
        input=game.devices[0],
        output=game.devices[1],
        drawn=game.drawn,
    )


def command_names() -> tuple[str, ...]:
    """The command words, for completion: the interpreter is imported at the first Tab."""
    from game.engine.commands import COMMAND_NAMES

    return COMMAND_NAMES
