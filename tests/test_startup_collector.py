"""The cyclic collector is paused for start-up only (game/cli.py): from the first scene of
the plain game, or the first screen of the terminal game, it runs as it always did."""

from __future__ import annotations

import gc
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from game.cli import main
from game.engine.engine import Engine
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.options import PlayOptions
from game.ui.terminal import TerminalGame


class Lines(io.StringIO):
    """Standard input that notes, at each line read, whether the collector runs."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.collecting: list[bool] = []

    def readline(self, size: int | None = -1) -> str:
        self.collecting.append(gc.isenabled())
        return super().readline(size)


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    gc.enable()


def test_the_plain_game_collects_from_its_first_scene_on(
    mini_story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = Lines("1\n1\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    argv = ["play", "--plain", "--no-shuffle", "--story", str(mini_story)]
    assert main([*argv, "--saves", str(tmp_path)]) == 0
    assert len(stdin.collecting) >= 2 and all(stdin.collecting)
    assert gc.isenabled()


def test_a_start_that_fails_leaves_the_collector_running(tmp_path: Path) -> None:
    code = main(["play", "--plain", "--story", str(tmp_path / "none"), "--saves", str(tmp_path)])
    assert code != 0
    assert gc.isenabled()


def test_the_terminal_game_collects_once_its_title_screen_is_drawn(
    mini_story: Path, tmp_path: Path
) -> None:
    engine = Engine(load_story(mini_story))
    options = PlayOptions(story=mini_story, saves=tmp_path, shuffle=False)
    gc.disable()  # as game/cli.py does for start-up
    with create_pipe_input() as pipe:
        game = TerminalGame(engine, options, SaveStore(tmp_path), input=pipe, output=DummyOutput())
        seen: list[bool] = []
        game.screen.app.before_render += lambda _app: seen.append(gc.isenabled())
        pipe.send_text("x\r2\r")  # not a choice (the menu is drawn again), then Quit
        pipe.close()
        assert game.run() == 0
    assert seen[0] is False and True in seen  # paused for the first drawing only
    assert gc.isenabled()
