"""Imports made on a thread while a screen is read (game/ui/preload.py), and the terminal
game's use of it: the title screen imports what the first scene and its save need."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from game.engine.engine import Engine
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.options import PlayOptions
from game.ui.preload import Preloader
from game.ui.terminal import PRELOADED, TerminalGame
from tests.pty_terminal import spawn_game

RECORDS = "import threading, sys\nsys.modules[__name__].thread = threading.current_thread().name\n"


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    """A folder on the import path for modules of the test's own; they are forgotten after."""
    sys.path.insert(0, str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in set(sys.modules) - before:
        del sys.modules[name]


def test_the_modules_are_imported_in_order_on_a_thread_of_their_own(modules: Path) -> None:
    (modules / "preload_one.py").write_text(RECORDS + "import preload_two\n")
    (modules / "preload_two.py").write_text(RECORDS)
    preload = Preloader(["preload_one", "preload_two"])
    preload.wait()  # not started: nothing to wait for
    assert "preload_one" not in sys.modules
    preload.start()
    preload.start()  # once only
    preload.wait()
    assert sys.modules["preload_one"].thread == "preload" != threading.current_thread().name
    assert sys.modules["preload_two"].thread == "preload"


def test_a_module_that_fails_fails_again_where_the_game_imports_it(modules: Path) -> None:
    (modules / "preload_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    (modules / "preload_after.py").write_text(RECORDS)
    preload = Preloader(["preload_broken", "preload_after"])
    preload.start()
    preload.wait()
    assert "preload_after" in sys.modules  # the next ones are still imported
    with pytest.raises(RuntimeError, match="broken on purpose"):
        __import__("preload_broken")


def test_the_title_screen_preloads_only_at_a_terminal_of_its_own(
    mini_story: Path, tmp_path: Path
) -> None:
    """At the real terminal, tests/test_startup_imports.py sees the modules come while the
    title menu waits; a game given its devices (a session of `serve`) imports as it goes."""
    assert set(PRELOADED) >= {"game.ui.markdown_view", "game.saves.savefile"}
    engine = Engine(load_story(mini_story))
    with create_pipe_input() as pipe:
        game = TerminalGame(
            engine,
            PlayOptions(story=mini_story, saves=tmp_path),
            SaveStore(tmp_path),
            input=pipe,
            output=DummyOutput(),
        )
        pipe.send_text("2\r")  # Quit
        assert game.run() == 0
    assert game.screen.preload is None


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_leaving_the_moment_the_title_is_drawn_says_goodbye_and_gives_the_terminal_back(
    mini_story: Path, tmp_path: Path, key: str
) -> None:
    """While the title screen's thread still imports, Ctrl-C or Ctrl-D quits as ever."""
    with spawn_game(mini_story, tmp_path / "saves") as term:
        term.wait_for("Choose 1-")
        term.type(key)
        assert term.finish() == 0
    assert "Goodbye." in term.text
    assert term.raw.rfind("\x1b[?1049l") > term.raw.rfind("\x1b[?1049h")  # the shell's screen
