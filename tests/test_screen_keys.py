"""The game screen's default key bindings: prompt_toolkit's own, less Vi's (never active: the
editing mode stays Emacs's), so the editing keys behave as in any prompt_toolkit line."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.application import application
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding.bindings.vi import load_vi_bindings, load_vi_search_bindings
from prompt_toolkit.key_binding.defaults import load_key_bindings
from prompt_toolkit.key_binding.key_bindings import KeyBindingsBase
from prompt_toolkit.output import DummyOutput

from game.engine.engine import Engine
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.keyboard import emacs_defaults
from game.ui.options import PlayOptions
from game.ui.terminal import TerminalGame


def named(bindings: KeyBindingsBase) -> list[tuple[str, str, tuple[object, ...]]]:
    """Each binding as its handler's module and name and its keys, in their order."""
    return [(b.handler.__module__, b.handler.__qualname__, b.keys) for b in bindings.bindings]


def test_the_defaults_are_prompt_toolkit_s_in_their_order_less_vi_s() -> None:
    full = named(load_key_bindings())
    vi = named(load_vi_bindings()) + named(load_vi_search_bindings())
    at = next(i for i in range(len(full)) if full[i : i + len(vi)] == vi)
    assert len(vi) > len(full) / 3
    assert named(emacs_defaults()) == full[:at] + full[at + len(vi) :]


def test_the_game_screen_gets_them_and_prompt_toolkit_keeps_its_own(
    mini_story: Path, tmp_path: Path
) -> None:
    engine = Engine(load_story(mini_story))
    with create_pipe_input() as pipe:
        game = TerminalGame(
            engine,
            PlayOptions(story=mini_story, saves=tmp_path),
            SaveStore(tmp_path),
            input=pipe,
            output=DummyOutput(),
        )
        defaults = game.screen.app._default_bindings
    assert named(defaults) == named(emacs_defaults())
    assert application.load_key_bindings is load_key_bindings  # type: ignore[attr-defined]
