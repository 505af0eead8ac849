"""Play options and the start of a session (new, chapter or resumed), shared by both front ends."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from game.errors import UsageError
from game.story.frozen import Frozen

if TYPE_CHECKING:
    from game.engine.engine import Engine, Event
    from game.engine.session import Session
    from game.saves.migrate import SaveData
    from game.saves.store import SaveStore
    from game.story.model import Story


@dataclass(frozen=True, eq=False, repr=False)
class PlayOptions(Frozen):
    """Everything `special-tasks play` was asked to do."""

    story: Path
    plain: bool = False
    """Force the plain line protocol even at a terminal."""
    width: int | None = None
    saves: Path | None = None
    """The save folder (None: the default, see saves.save_dir)."""
    load: str | None = None
    """A save slot to resume."""
    name: str | None = None
    """The player's name, for the classroom report."""
    chapter: str | None = None
    """Start a new game at this chapter."""
    minutes: float | None = None
    """Stop at the first scene of the historical path after this many minutes."""
    seed: int | None = None
    """Fixes the order of choices and options in a new game (None: drawn at random)."""
    shuffle: bool = True
    """False shows choices and options in story order."""
    story_given: bool = True
    """False when `story` is the default: a game loaded then uses the story its save names."""


class LazyEngine:
    """A story's engine, made at its first use (then always the same one): the terminal's
    title screen is drawn before the engine's modules are imported (game/ui/terminal.py)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self._engine: Engine | None = None

    def made(self) -> Engine:
        if self._engine is None:
            from game.engine.engine import Engine

            self._engine = Engine(self.story)
        return self._engine


class MadeEngine:
    """The `engine` of a class that keeps an `Engine` or a `LazyEngine` in `_engine`: the
    engine itself, a lazy one made at this first read."""

    def __get__(self, game: HasEngine, owner: object = None) -> Engine:
        if isinstance(game._engine, LazyEngine):
            game._engine = game._engine.made()
        return game._engine


class HasEngine(Protocol):
    _engine: Engine | LazyEngine


def resumed_at(engine: Engine, data: SaveData) -> list[Event]:
    """What shows a resumed game: its scene, heading a new page."""
    from game.engine.engine import SceneEntered

    return [SceneEntered(engine.scene(data.state), True)]


def interactive(options: PlayOptions) -> bool:
    """True when the rich interactive interface should run (NO_COLOR or TERM=dumb: plain)."""
    if options.plain or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def new_session(engine: Engine, options: PlayOptions) -> tuple[Session, list[Event]]:
    """A new game, at the story start or the first scene of `options.chapter`."""
    from game.engine.session import Session  # not to draw the title screen (game/ui/title.py)

    seed = (options.seed if options.seed is not None else new_seed()) if options.shuffle else None
    state, events = engine.new_game(chapter_start(engine.story, options.chapter), seed=seed)
    session = Session(engine, state, player=options.name)
    if options.minutes is not None:
        session.limit_seconds = options.minutes * 60
    return session, events


def new_seed() -> int:
    """A fresh seed for a playthrough's order of choices and options."""
    return int.from_bytes(os.urandom(4), "big") >> 1  # uniform below 2**31


def chapter_start(story: Story, chapter: str | None) -> str | None:
    """The first scene of the chapter `chapter` (None: the story's start); UsageError if none."""
    if chapter is None:
        return None
    found = next((c for c in story.chapters if c.id == chapter and c.scenes), None)
    if found is None:
        ids = ", ".join(c.id for c in story.chapters)
        raise UsageError(f"the story '{story.title}' has no chapter '{chapter}' (chapters: {ids})")
    return found.scenes[0]


def start(
    engine: Engine, options: PlayOptions, store: SaveStore
) -> tuple[Session, list[Event], list[str]]:
    """A new game, or the one in `options.load`: the session, its intro, lines to show.

    With `--name`, the saves are that player's own (see saves.players): `--load autosave`
    resumes their game, or begins one when they have none yet.
    """
    from game.saves import files
    from game.saves.players import adopt_flat_saves
    from game.saves.store import AUTOSAVE, session_from, shown

    if options.load is not None and options.chapter is not None:
        raise UsageError("--chapter starts a new game, so it cannot be used with --load")
    notes = adopt_flat_saves(store.root, options.name) if options.name else []
    if options.load is None:
        session, intro = new_session(engine, options)
        return session, intro, notes
    if options.name and options.load == AUTOSAVE and files.kind_of(store.path(AUTOSAVE)) is None:
        session, intro = new_session(engine, options)
        who = shown(options.name)
        return session, intro, [*notes, f"{who} has no saved game yet, so a new game begins."]
    from game.ui.savetext import resume_lines

    data = store.load(options.load, engine)
    limit = options.minutes * 60 if options.minutes is not None else None
    session = session_from(data, engine, limit_seconds=limit)
    session.player = session.player or options.name
    return session, resumed_at(engine, data), [*notes, *resume_lines(data)]
