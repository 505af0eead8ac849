"""terminate_gently: in the main thread SIGTERM raises Terminated for the duration and the
handler before it is back after; in any other thread it changes nothing and raises nothing."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
from pathlib import Path

import pytest

import game.ui.plain as plain_module
from game.engine.engine import Engine
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.checker import load_story
from game.ui.controller import Quit
from game.ui.plain import PlainGame
from game.ui.signals import TERMINATED, Terminated, caught, raise_if_lost, terminate_gently
from tests.conftest import STORIES


def test_in_the_main_thread_sigterm_raises_terminated_then_the_old_handler_is_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated), terminate_gently():
        assert signal.getsignal(signal.SIGTERM) is not before
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()  # the handler runs here at the latest
    assert signal.getsignal(signal.SIGTERM) is before


def test_in_another_thread_it_changes_nothing() -> None:
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def run() -> None:
        with terminate_gently():
            seen.append(signal.getsignal(signal.SIGTERM))
        seen.append("done")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [before, "done"]
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_sigterm_whose_exception_was_dropped_is_raised_again_before_the_next_input() -> None:
    """Some C code clears an exception raised inside a Python function it calls: the SIGTERM
    handler's `Terminated` can vanish, with SIGTERM ignored from then on."""
    with terminate_gently():
        dropped_sigterm()
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN
        with pytest.raises(Terminated):
            raise_if_lost()
        raise_if_lost()  # once: the front end now leaves, and may still ask for a line


def test_one_that_a_front_end_caught_is_not_raised_again() -> None:
    with terminate_gently():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.pause()
        except Terminated:
            caught()
        raise_if_lost()


def dropped_sigterm() -> None:
    """A SIGTERM whose exception is lost on its way, as C code that clears errors loses it."""
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        signal.pause()
    except Terminated:
        pass


def test_the_plain_game_ends_at_its_next_prompt_after_a_dropped_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(load_story(STORIES / "mini"))
    state, intro = engine.new_game(None, seed=7)
    out = io.StringIO()
    typed = io.StringIO("1\n1\n1\n1\n")
    game = PlainGame(engine, SaveStore(tmp_path), typed, out, echo=True)
    game.controller.begin(Session(engine, state))
    # The SIGTERM comes during the first step's save (the pause before it), and is dropped.
    monkeypatch.setattr(plain_module, "DRAW_FIRST_SECONDS", 0.0)
    real_sleep = plain_module.time.sleep
    calls: list[float] = []

    def sleep(seconds: float) -> None:
        if typed.tell() and not calls:  # the first step's save (not one made before it)
            calls.append(seconds)
            dropped_sigterm()
        real_sleep(seconds)

    monkeypatch.setattr(plain_module.time, "sleep", sleep)
    try:
        code = game.run(intro)
    except Quit as exc:
        code = exc.code
    assert code == TERMINATED, out.getvalue()[-600:]
    assert "Goodbye." in out.getvalue()
    assert typed.tell() == 2  # the first line was read, never the second
    record = json.loads((tmp_path / "autosave.json").read_text(encoding="utf-8"))
    assert len(record["state"]["log"]) == 1


def test_the_terminal_game_ends_at_its_next_prompt_after_a_dropped_sigterm(
    tmp_path: Path,
) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from game.ui.options import PlayOptions
    from game.ui.terminal import TerminalGame

    mini = STORIES / "mini"
    with create_pipe_input() as pipe:
        game = TerminalGame(
            Engine(load_story(mini)),
            PlayOptions(story=mini, saves=tmp_path),
            SaveStore(tmp_path),
            input=pipe,
            output=DummyOutput(),
        )
        pipe.send_text("1\r")  # New game, if the title menu were ever read
        with terminate_gently():
            dropped_sigterm()  # before the title menu's first prompt
        assert game.run() == TERMINATED
    assert not game.controller.started  # it left at the title, before any game began
