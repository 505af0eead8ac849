"""The terminal game's engine is made at its first use (game.ui.options.LazyEngine): the title
screen and its menu are drawn from the story and the saves' list alone, and the first key
then finds the one engine of the story."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from game.engine.engine import Engine
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.options import LazyEngine, PlayOptions
from game.ui.terminal import TerminalGame


def test_a_lazy_engine_is_made_once_for_its_story(mini_story: Path) -> None:
    story = load_story(mini_story)
    lazy = LazyEngine(story)
    assert lazy.story is story
    engine = lazy.made()
    assert isinstance(engine, Engine) and engine.story is story
    assert lazy.made() is engine


def test_the_title_menu_is_drawn_without_making_the_engine(
    mini_story: Path, tmp_path: Path
) -> None:
    lazy = LazyEngine(load_story(mini_story))
    made: list[Engine] = []
    make = lazy.made

    def counted() -> Engine:
        made.append(make())
        return made[-1]

    lazy.made = counted  # type: ignore[method-assign]
    with create_pipe_input() as pipe:
        game = TerminalGame(
            lazy,
            PlayOptions(story=mini_story, saves=tmp_path),
            SaveStore(tmp_path),
            input=pipe,
            output=DummyOutput(),
        )
        pipe.send_text("2\r")  # Quit, from the title menu of a folder without saves
        assert game.run() == 0
        assert made == []  # the title, its menu and the list of saves needed no engine
    assert game.story is lazy.story
    assert game.engine is game.controller.engine is made[0]  # made at the first use...
    assert game.engine is made[0] and len(made) == 1  # ...and once


def test_a_new_game_from_the_title_menu_makes_the_engine_and_plays(
    mini_story: Path, tmp_path: Path
) -> None:
    lazy = LazyEngine(load_story(mini_story))
    with create_pipe_input() as pipe:
        game = TerminalGame(
            lazy,
            PlayOptions(story=mini_story, saves=tmp_path),
            SaveStore(tmp_path),
            input=pipe,
            output=DummyOutput(),
        )
        pipe.send_text("1\r\r")  # New game, no name
        pipe.send_text("\x04")  # Ctrl-D: save and quit
        assert game.run() == 0
    assert game.controller.started and game.session.engine is lazy.made()
    assert (tmp_path / "autosave.json").exists()
