"""Crash safety: a process killed with SIGKILL at random moments while saving loses nothing."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.engine.session import Session
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import STORIES

KILLS = 220


def _save_forever(folder: Path, session: Session, first: int, report: int) -> None:
    """Save states first, first+1, ... (the number is the play time), reporting each one done."""
    store = SaveStore(folder)
    number = first
    while True:
        session.played_before = float(number)
        store.save("slot", session)
        os.write(report, f"{number}\n".encode())
        number += 1


def _reported(read_end: int) -> list[int]:
    """Numbers the child reported as saved (complete lines only)."""
    os.set_blocking(read_end, False)
    data = b""
    try:
        while chunk := os.read(read_end, 65536):
            data += chunk
    except BlockingIOError:
        pass
    return [int(line) for line in data.split(b"\n")[:-1]]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_while_saving_always_leaves_the_old_or_the_new_save(tmp_path: Path) -> None:
    engine = Engine(load_story(STORIES / "mini"))
    state, _ = engine.new_game()
    session = Session(engine, state, clock=lambda: 0.0)
    store = SaveStore(tmp_path)
    session.played_before = 0.0
    store.save("slot", session)
    rng = random.Random(1940)
    saved = 0
    total_saves = 0
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: save until killed, never return into pytest
            try:
                os.close(read_end)
                _save_forever(tmp_path, session, saved + 1, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the saving child stopped by itself: it failed"
        done = _reported(read_end)
        os.close(read_end)
        total_saves += len(done)
        last_done = done[-1] if done else saved
        # The kill lands before, during or after the save that follows the last reported one.
        now = int(store.load("slot", engine).played_seconds)
        assert now in (last_done, last_done + 1)
        if now > 1:
            backup = int(store.load("slot.bak", engine).played_seconds)
            assert backup in (now - 1, now)
        saved = now
    assert total_saves > KILLS, "the children hardly saved at all: the test proves nothing"
    assert [s.slot for s in store.slots()] == ["slot"]
