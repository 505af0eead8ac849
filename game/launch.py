"""Starting a game: options to a session, then the right front end for the terminal."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from game.engine import Engine, Event
from game.session import Session


@dataclass(frozen=True)
class PlayOptions:
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
    """Stop at the first chapter boundary after this many minutes."""


def interactive(options: PlayOptions) -> bool:
    """True when the rich interactive interface should run."""
    return not options.plain and sys.stdin.isatty() and sys.stdout.isatty()


def new_session(engine: Engine, options: PlayOptions) -> tuple[Session, list[Event]]:
    """A new game, at the story start or the first scene of `options.chapter`."""
    state, events = engine.new_game()
    session = Session(engine, state, player=options.name)
    if options.minutes is not None:
        session.limit_seconds = options.minutes * 60
    return session, events


def play(options: PlayOptions) -> int:
    """Load the story, start or resume a session, and run a front end; the exit code."""
    from game.checker import load_story
    from game.plain import PlainGame

    story = load_story(options.story)
    engine = Engine(story)
    session, intro = new_session(engine, options)
    echo = not sys.stdin.isatty()
    return PlainGame(session, sys.stdin, sys.stdout, echo=echo).run(intro)
