"""Save folder locks and leftovers at their edges: the wait for another game's write, lock
files swept, a game's own lock held (and made 0644), a pipe where a slot should be, stale
temps behind a planted folder, and a backup that is a folder where a disk has no hard links.

Every test calls the code in-process (mutmut's mutants are seen only there); none needs
permissions (CI runs as root).
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves import files
from game.saves.store import SaveStore
from tests.test_saves import mini_session

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks, modes and pipes")


@posix_only
def test_a_game_waits_for_another_games_write_from_1_ms_doubling_to_50_ms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    other = os.open(tmp_path / files.LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(other, fcntl.LOCK_EX)
    pauses: list[float] = []

    def pause(seconds: float) -> None:  # the other game's write ends after the 8th pause
        pauses.append(seconds)
        if len(pauses) == 8:
            fcntl.flock(other, fcntl.LOCK_UN)

    monkeypatch.setattr(time, "sleep", pause)
    try:
        with files.folder_lock(tmp_path):
            pass
    finally:
        os.close(other)
    assert pauses == pytest.approx([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.05, 0.05])


@posix_only
def test_a_new_game_removes_at_most_200_lock_files_of_games_no_longer_played(
    tmp_path: Path,
) -> None:
    for n in range(201):
        (tmp_path / f".game-{n:03d}.lock").write_bytes(b"")
    lock = files.GameLock(tmp_path, "new")
    try:
        left = sorted(p.name for p in tmp_path.glob(".game-*.lock"))
        assert len(left) == 2 and ".game-new.lock" in left
    finally:
        lock.release()
    lock = files.GameLock(tmp_path, "newer")
    try:
        assert sorted(p.name for p in tmp_path.glob(".game-*.lock")) == [".game-newer.lock"]
    finally:
        lock.release()


@posix_only
def test_a_game_lock_names_its_game_and_its_file_is_readable_by_all(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        lock = files.GameLock(tmp_path, "abc")
    finally:
        os.umask(before)
    try:
        assert lock.game_id == "abc"
        assert stat.S_IMODE((tmp_path / ".game-abc.lock").stat().st_mode) == 0o644
    finally:
        lock.release()


def test_a_second_lock_of_a_game_played_elsewhere_releases_without_harm(tmp_path: Path) -> None:
    first = files.GameLock(tmp_path, "abc")
    second = files.GameLock(tmp_path, "abc")  # the same game, already played elsewhere
    second.release()
    assert files.game_alive(tmp_path, "abc") is True
    first.release()
    assert files.game_alive(tmp_path, "abc") is False
    (tmp_path / ".game-xyz.lock").mkdir()  # a folder planted as a lock: the game plays on
    files.GameLock(tmp_path, "xyz").release()


def test_a_store_holds_the_lock_of_the_game_it_now_plays(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    one, two = mini_session(("burn",)), mini_session(("open",))
    store.save("one", one)
    assert files.game_alive(tmp_path, one.game_id) is True
    store.save("two", two)
    assert files.game_alive(tmp_path, two.game_id) is True
    assert files.game_alive(tmp_path, one.game_id) is False
    store.save("two", two)
    assert files.game_alive(tmp_path, two.game_id) is True
    store.close()
    assert files.game_alive(tmp_path, two.game_id) is False


@posix_only
def test_a_pipe_is_other_and_a_slot_that_is_a_pipe_is_saved_beside(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "mine.json")
    assert files.kind_of(tmp_path / "mine.json") == "other"
    store = SaveStore(tmp_path)
    session = mini_session()
    path = store.save("mine", session)
    assert path.name != "mine.json"
    assert store.notes[0].startswith(
        "The save slot 'mine' is not a regular file, which the game never writes through."
    )
    assert store.load(path.stem, session.engine).state == session.state


def test_stale_temps_are_removed_even_behind_a_planted_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_glob = Path.glob

    def in_order(self: Path, pattern: str) -> list[Path]:  # any order must do: fix one
        return sorted(real_glob(self, pattern))

    (tmp_path / ".mine.json.0-planted.tmp").mkdir()  # cannot be unlinked: sorts first
    stale = tmp_path / ".mine.json.9-deadbeef.tmp"
    stale.write_bytes(b"half a save")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(Path, "glob", in_order)
    SaveStore(tmp_path).save("mine", mini_session())
    assert not stale.exists()
    assert (tmp_path / ".mine.json.0-planted.tmp").is_dir()


def test_a_backup_that_is_a_folder_where_the_disk_has_no_hard_links_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    (tmp_path / "mine.bak.json").mkdir()
    monkeypatch.setattr(os, "link", no_links)
    with pytest.raises(SaveError) as caught:
        store.save("mine", mini_session())
    assert str(caught.value) == (
        f"'{tmp_path / 'mine.bak.json'}' is a folder, so nothing can be saved there"
    )


@posix_only
def test_a_folder_or_a_pipe_read_as_a_file_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(IsADirectoryError) as folder:
        files.read_limited(tmp_path / "dir.json", 100, follow=False)
    assert (folder.value.errno, folder.value.strerror) == (errno.EISDIR, "it is a folder")
    os.mkfifo(tmp_path / "pipe.json")
    with pytest.raises(files.UnsafeFile) as pipe:
        files.read_limited(tmp_path / "pipe.json", 100, follow=True)
    assert (pipe.value.errno, pipe.value.strerror) == (
        errno.EINVAL,
        "it is not a regular file (a pipe or a device?)",
    )


def test_a_slot_folder_has_no_notes_before_its_first_save(tmp_path: Path) -> None:
    assert SaveStore(tmp_path).notes == []


def test_a_game_lock_cut_short_while_it_is_made_is_thrown_away_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGTERM whose exception lands in the lock's sweep (seen under load: the game's exit
    then printed "Exception ignored in GameLock.__del__" and a traceback)."""

    def cut_short(folder: Path, limit: int = 200) -> None:
        raise KeyboardInterrupt  # stands for the exception the signal handler raises

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(files, "sweep_game_locks", cut_short)
    with pytest.raises(KeyboardInterrupt):
        files.GameLock(tmp_path, "abcdef")
    gc.collect()  # the half-made lock, held by the traceback until now, is thrown away
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []
