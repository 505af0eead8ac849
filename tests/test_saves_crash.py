"""Crash safety: a process killed with SIGKILL while saving leaves only complete saves.

The invariant, checked after every kill: every slot file left in the folder is a complete,
valid save of a step the child reached, the slot holds the last step reported done or the
one after it, and its backup the step before. Two ways to kill:

- at exact points: the store's test-only hook (PAUSE_ENV) stops the child half-way through
  writing the slot's temporary file, or with the backup's new name (a hard link of the slot's
  old file) made but not yet renamed over the backup, and the test kills it there;
- at random moments: the child saves steps 1, 2, 3... and is killed a random short while
  after its first reported save, so no assertion depends on how many saves a loaded machine
  manages in that time.
"""

from __future__ import annotations

import os
import random
import signal
import time
import traceback
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.engine.session import Session
from game.saves.files import PAUSE_ENV
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import STORIES

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

KILLS = 150


def _session() -> Session:
    engine = Engine(load_story(STORIES / "mini"))
    state, _ = engine.new_game()
    return Session(engine, state, clock=lambda: 0.0)


def _child(folder: Path, session: Session, first: int, report: int, pause: str | None) -> None:
    """Save steps first, first+1, ... (the step is the play time), reporting each one done.

    Runs in the forked child and never returns into pytest.
    """
    try:
        if pause is not None:
            os.environ[PAUSE_ENV] = pause
        store = SaveStore(folder)
        step = first
        while True:
            session.played_before = float(step)
            store.save("slot", session)
            os.write(report, f"{step}\n".encode())
            step += 1
    except BaseException:
        os.write(report, ("error " + traceback.format_exc().replace("\n", " | ")).encode())
    finally:
        os._exit(1)


def _fork(folder: Path, session: Session, first: int, pause: str | None = None) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(folder, session, first, write_end, pause)
    os.close(write_end)
    return pid, read_end


def _first_line(read_end: int) -> bytes:
    """Block until the child reports its first save (or stops): that line."""
    data = b""
    while not data.endswith(b"\n") and (byte := os.read(read_end, 1)):
        data += byte
    return data


def _reported(read_end: int, data: bytes = b"") -> list[int]:
    """Steps the child reported as saved (complete lines only); fails on a child's error."""
    os.set_blocking(read_end, False)
    try:
        while chunk := os.read(read_end, 65536):
            data += chunk
    except BlockingIOError:
        pass
    os.close(read_end)
    assert b"error" not in data, data.decode(errors="replace")
    return [int(line) for line in data.split(b"\n")[:-1]]


def _kill(pid: int) -> None:
    """SIGKILL the child (stopped or not) and reap it; it must die of that signal."""
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status


def _check_folder(store: SaveStore, engine: Engine, reached: int) -> tuple[int, int | None]:
    """The invariant: every slot file is a complete, valid save of a step <= `reached`."""
    steps = {}
    for path in store.folder.glob("*.json"):
        steps[path.name] = int(store.load(path.stem, engine).played_seconds)
        assert 0 <= steps[path.name] <= reached, (path.name, steps[path.name], reached)
    assert set(steps) <= {"slot.json", "slot.bak.json"}, sorted(steps)
    # Only the child's own temporary files may be left over: hidden, never listed.
    assert all(p.name.startswith(".slot.") for p in store.folder.iterdir() if p.suffix == ".tmp")
    assert [s.slot for s in store.slots()] == ["slot"]
    return steps["slot.json"], steps.get("slot.bak.json")


def _start(tmp_path: Path, steps: int) -> tuple[SaveStore, Session]:
    store, session = SaveStore(tmp_path), _session()
    for step in range(steps):
        session.played_before = float(step)
        store.save("slot", session)
    return store, session


@pytest.mark.parametrize(
    ("pause", "slot", "backup"),
    [
        # Killed inside the slot's write: the old slot stays, already backed up.
        ("slot.json", 1, 1),
        # Killed before the backup's rename: slot and previous backup both stay.
        ("slot.bak.json", 1, 0),
    ],
)
def test_sigkill_half_way_through_a_write_leaves_the_old_save(
    tmp_path: Path, pause: str, slot: int, backup: int
) -> None:
    store, session = _start(tmp_path, 2)  # slot = step 1, backup = step 0
    pid, read_end = _fork(tmp_path, session, 2, pause)
    try:
        _, status = os.waitpid(pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), "the child did not reach the pause in the write"
        (temp,) = tmp_path.glob(f".{pause}.{pid}-*.tmp")
        if pause == "slot.json":
            # The child is stopped with half of step 2 in its temporary file.
            assert 0 < temp.stat().st_size < (tmp_path / "slot.json").stat().st_size
        else:
            # The backup is the slot's old file under a second name: no byte is copied.
            assert temp.samefile(tmp_path / "slot.json")
    finally:
        _kill(pid)
    assert _reported(read_end) == []
    assert _check_folder(store, session.engine, reached=2) == (slot, backup)
    # The game saves on over the leftover temporary file.
    session.played_before = 3.0
    store.save("slot", session)
    assert _check_folder(store, session.engine, reached=3) == (3, slot)


def test_sigkill_at_random_moments_while_saving_always_leaves_a_complete_save(
    tmp_path: Path,
) -> None:
    store, session = _start(tmp_path, 1)  # slot = step 0
    rng = random.Random(1940)
    saved = 0
    for _ in range(KILLS):
        pid, read_end = _fork(tmp_path, session, saved + 1)
        # Wait for the first save to be done (however slow the machine), then kill at a
        # random moment in the saves that follow.
        try:
            first = _first_line(read_end)
            assert first.endswith(b"\n"), first.decode(errors="replace")
            time.sleep(rng.uniform(0, 0.01))
        finally:
            _kill(pid)
        last_done = _reported(read_end, first)[-1]
        now, backup = _check_folder(store, session.engine, reached=last_done + 1)
        # The kill lands before, during or after the save that follows the last reported one.
        assert now in (last_done, last_done + 1), (now, last_done)
        assert backup in (now - 1, now), (backup, now)
        saved = now
    assert saved >= KILLS, "each child saved at least once, so the steps must have advanced"
