"""The title screen's menu: New game, Continue, Load or Quit, until a game begins."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from game.saves.players import PlayerGame, newest_games
from game.saves.slots import shown
from game.ui.cards import menu_view
from game.ui.controller import Controller, Quit
from game.ui.options import PlayOptions, new_session

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import RenderableType

    from game.engine.engine import Engine, Event
    from game.saves.folder import SlotInfo
    from game.story.model import Story


class Sitting(Protocol):
    """What the menu needs of the terminal game it opens."""

    story: Story
    options: PlayOptions
    controller: Controller

    @property
    def engine(self) -> Engine:
        """Made at the first use: the title screen is drawn without it."""

    def show_prompt(self, renderable: RenderableType) -> None: ...

    def note(self, text: str) -> None: ...

    def line(self, message: str, default: str = "") -> str: ...


class TitleMenu:
    """The menu a sitting opens with; it returns the first events of the game chosen."""

    def __init__(self, game: Sitting) -> None:
        self.game = game

    def run(self) -> list[Event]:
        """New game, Continue, Load or Quit, until a game begins."""
        controller = self.game.controller
        if self.game.options.name:
            for line in use_player(controller, self.game.options.name):
                self.game.note(line)
        while True:
            slots = controller.slots()
            found = self.newest_game(slots)
            newest = found.info if found is not None else None
            items = [("new", "New game")]
            if found is not None:
                items.append(("continue", self.continue_label(found)))
            if slots:
                items.append(("load", "Load a saved game"))
            items.append(("quit", "Quit"))
            self.game.show_prompt(menu_view([label for _, label in items]))
            keys = [key for key, _ in items]
            # Enter resumes an unfinished game; after a finished one it starts a new game.
            resumable = newest is not None and newest.progress != "finished"
            choice = self.menu_choice(keys, default=keys[1] if resumable else keys[0])
            events: list[Event] | None = None
            if choice == "new":
                events = self.new_game()
            elif choice == "continue" and found is not None:
                use_folder(controller, found.folder)
                events = controller.load_slot(found.info.slot, limit_seconds=self.limit())
            elif choice == "load":
                events = self.game.controller.choose_slot(slots)
            else:
                self.game.note("Goodbye.")
                raise Quit(0)
            if events is not None:
                return events

    def newest_game(self, slots: list[SlotInfo]) -> PlayerGame | None:
        """The game Continue resumes: with `--name` that player's newest; without, the newest
        of this story in the save folder and every player's folder (the menu says whose)."""
        controller = self.game.controller
        if self.game.options.name:
            newest = next((s for s in slots if s.damaged is None), None)
            return PlayerGame(controller.store.folder, newest) if newest is not None else None
        story = self.game.story.id
        games = newest_games(controller.store.root)
        return next((g for g in games if g.info.story_id == story), None)

    def continue_label(self, game: PlayerGame) -> str:
        if self.game.options.name:
            return f"Continue: {game.info.slot} ({game.info.chapter})"
        who = f"{shown(game.info.player)}'s game" if game.info.player else "the game without a name"
        return f"Continue {who}: {game.info.slot} ({game.info.chapter})"

    def limit(self) -> float | None:
        minutes = self.game.options.minutes
        return minutes * 60 if minutes is not None else None

    def menu_choice(self, keys: list[str], default: str | None = None) -> str:
        """A menu key, by number or by word (Enter: `default`); Ctrl-C or Ctrl-D means quit."""
        hint = f" (Enter: {keys.index(default) + 1})" if default in keys else ""
        while True:
            try:
                text = self.game.line(f"Choose 1-{len(keys)}{hint} > ").strip().lower()
            except (KeyboardInterrupt, EOFError):
                return "quit"
            if not text and default in keys:
                return default
            from game.engine.commands import option_number  # at the first key, not to draw

            number = option_number(text, len(keys))
            if number is not None:
                return keys[number - 1]
            if text in keys:
                return text
            self.game.note(f"Type a number from 1 to {len(keys)}.")

    def new_game(self) -> list[Event] | None:
        """Ask for an optional name and start; None if the player backs out."""
        while True:
            try:
                name = self.game.line(
                    "Your name, for the class report (Enter to skip) > ",
                    default=self.game.options.name or "",
                ).strip()
            except (KeyboardInterrupt, EOFError):
                return None
            if len(name) <= 60 and name.isprintable():
                break
            self.game.note("A name is at most 60 letters, spaces or digits; try again.")
        for line in use_player(self.game.controller, name or None):
            self.game.note(line)
        session, intro = new_session(
            self.game.engine, replace(self.game.options, name=name or None)
        )
        self.game.controller.begin(session)
        return intro


def use_player(controller: Controller, name: str | None) -> list[str]:
    """Keep the saves in `name`'s own folder from now on (the save folder itself for a game
    without a name), moving that player's saves there from the old flat layout; lines to show."""
    from game.saves.players import adopt_flat_saves, saves_of

    if controller.store.pinned:
        return []
    root = controller.store.root
    use_folder(controller, saves_of(root, name))
    return adopt_flat_saves(root, name) if name else []


def use_folder(controller: Controller, folder: Path) -> None:
    """Save and load in `folder` (a player's folder, or the save folder itself) from now on."""
    from game.saves.store import SaveStore

    if folder != controller.store.folder and not controller.store.pinned:
        controller.store.close()
        controller.store = SaveStore(folder, root=controller.store.root)
