"""Draw first, save right after: in the plain protocol a step's next screen is out before its
autosave is written, and the save is done before the `> ` that asks for the next line. Killed
in the middle of that save, the game leaves the save of the step before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.saves.files import PAUSE_ENV
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import ROOT, STORIES, run_cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP (POSIX)")
MINI = STORIES / "mini"


def _read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    data = b""
    try:
        while chunk := os.read(fd, 65536):
            data += chunk
    except BlockingIOError:
        pass
    return data


def test_the_next_screen_is_drawn_before_the_save_and_a_kill_in_it_keeps_the_old(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    first = run_cli("--story", str(MINI), "--saves", str(saves), input="1\n")
    assert first.returncode == 0, first.stderr
    engine = Engine(load_story(MINI))
    before = SaveStore(saves).load("autosave", engine).state
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", PAUSE_ENV: "autosave.json"}
    play = ["--no-shuffle", "--story", str(MINI), "--saves", str(saves), "--load", "autosave"]
    game = subprocess.Popen(
        [sys.executable, "-m", "game", *play],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert game.stdin is not None and game.stdout is not None
    try:
        game.stdin.write(b"1\n")
        game.stdin.flush()
        # The game stops itself half-way through writing the step's autosave.
        _, status = os.waitpid(game.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), "the game never reached its save"
        shown = _read_all(game.stdout.fileno()).decode()
        # The step's screen is all out, with its choices; only its `> ` waits for the save.
        screen = shown.rsplit("> ", 1)[1]
        assert screen.startswith("1\n") and screen.rstrip().endswith("1. File it."), shown
    finally:
        game.kill()
        game.wait()
        game.stdin.close()
        game.stdout.close()
        assert game.stderr is not None
        game.stderr.close()
    # Killed in the middle of the save: the save of the step before is whole.
    assert SaveStore(saves).load("autosave", engine).state == before
    after = run_cli("--story", str(MINI), "--saves", str(saves), "--load", "autosave", input="1\n")
    assert after.returncode == 0, after.stderr
    assert len(SaveStore(saves).load("autosave", engine).state.path) > len(before.path)


def test_the_ending_is_saved_before_the_game_exits(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    result = run_cli("--story", str(MINI), "--saves", str(saves), input="1\n2\n1\n\n\nok\n")
    assert result.returncode == 0 and "The end." in result.stdout, result.stderr
    state = SaveStore(saves).load("autosave", Engine(load_story(MINI))).state
    assert state.ended
