"""Save files at their edges: links followed or refused (also where the system has no
O_NOFOLLOW), the byte just over a limit, lock files that are links or cannot be removed,
stale backup temps, slots made by a newer version, and what a damaged slot lists and offers.

A save's folder is synced (a rename survives a power cut) and its file is not executable.

Every test calls the code in-process (mutmut's mutants are seen only there); none needs
permissions (CI runs as root).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves import files
from game.saves.folder import SlotFolder
from game.saves.savefile import read_bytes
from game.saves.store import SaveStore
from tests.test_saves import mini_session, rewrite

LINK_TEXT = "it is a symbolic link, which the game does not follow"
NEWER = (
    "was made by a newer version of Special Tasks (save format 3; this version reads "
    "format 2): update the game to load it"
)


def _linked(tmp_path: Path) -> Path:
    (tmp_path / "real.json").write_bytes(b"the bytes")
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "real.json")
    return link


def test_a_link_is_read_through_when_followed(tmp_path: Path) -> None:
    assert files.read_limited(_linked(tmp_path), 100, follow=True) == b"the bytes"


def test_a_link_not_followed_is_refused_as_a_loop_saying_why(tmp_path: Path) -> None:
    with pytest.raises(files.UnsafeFile) as caught:
        files.read_limited(_linked(tmp_path), 100, follow=False)
    assert (caught.value.errno, caught.value.strerror) == (errno.ELOOP, LINK_TEXT)


def test_without_o_nofollow_a_link_is_still_refused_and_still_followed_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A system without O_NOFOLLOW (Windows): the link is found by looking, not by the open.
    monkeypatch.setattr(files, "_NOFOLLOW", 0)
    link = _linked(tmp_path)
    with pytest.raises(files.UnsafeFile) as caught:
        files.read_limited(link, 100, follow=False)
    assert (caught.value.errno, caught.value.strerror) == (errno.ELOOP, LINK_TEXT)
    assert files.read_limited(link, 100, follow=True) == b"the bytes"
    assert files.read_limited(tmp_path / "real.json", 100, follow=False) == b"the bytes"


def test_a_dangling_link_followed_is_a_missing_file_not_a_refused_link(tmp_path: Path) -> None:
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(OSError) as caught:
        files.read_limited(link, 100, follow=True)
    assert type(caught.value) is FileNotFoundError
    with pytest.raises(SaveError, match=r"^there is no save file '.*gone\.json'$"):
        read_bytes(link)


def test_a_missing_file_not_followed_is_missing_not_a_refused_link(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        files.read_limited(tmp_path / "none.json", 100, follow=False)
    assert type(caught.value) is FileNotFoundError


@pytest.mark.parametrize("size", [(1 << 20) + 1, 3 << 20])
def test_the_byte_over_a_limit_of_whole_mebibytes_is_read(tmp_path: Path, size: int) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"a" * size)
    assert len(files.read_limited(path, 1 << 20, follow=True)) == (1 << 20) + 1
    assert len(files.read_limited(path, 2 << 20, follow=False)) == min(size, (2 << 20) + 1)


def test_a_lock_file_that_is_a_link_to_a_held_lock_is_no_game_being_played(
    tmp_path: Path,
) -> None:
    held = files.GameLock(tmp_path, "other")
    try:
        (tmp_path / ".game-abc.lock").symlink_to(tmp_path / ".game-other.lock")
        assert files.game_alive(tmp_path, "other") is True
        assert files.game_alive(tmp_path, "abc") is False
    finally:
        held.release()


def test_a_lock_nobody_holds_that_cannot_be_removed_is_no_game_being_played(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shared folder with the sticky bit: another user's lock file cannot be removed.
    def refused(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(self))

    lock = tmp_path / ".game-abc.lock"
    lock.write_bytes(b"")
    monkeypatch.setattr(Path, "unlink", refused)
    assert files.game_alive(tmp_path, "abc") is False
    assert lock.exists()


def test_a_game_lock_released_twice_is_simply_released(tmp_path: Path) -> None:
    lock = files.GameLock(tmp_path, "abc")
    assert files.game_alive(tmp_path, "abc") is True
    lock.release()
    lock.release()
    assert files.game_alive(tmp_path, "abc") is False


@pytest.mark.skipif(os.name == "nt", reason="a folder cannot be synced on Windows")
def test_a_save_syncs_its_folder_so_the_rename_survives_a_power_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[int, int]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            synced.append((info.st_dev, info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    files.write_atomic(tmp_path / "mine.json", b"{}")
    folder = tmp_path.stat()
    assert synced == [(folder.st_dev, folder.st_ino)]


@pytest.mark.skipif(os.name == "nt", reason="no POSIX file modes on Windows")
def test_a_saved_slot_is_readable_by_all_and_executable_by_none(tmp_path: Path) -> None:
    before = os.umask(0o022)
    try:
        path = SaveStore(tmp_path).save("mine", mini_session())
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_backups_stale_temp_is_removed_at_the_next_backup(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    stale = tmp_path / ".mine.bak.json.4242-deadbeef.tmp"
    stale.write_bytes(b"half a backup")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    store.save("mine", mini_session())
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == []
    assert sorted(p.name for p in tmp_path.glob("mine*")) == ["mine.bak.json", "mine.json"]


def test_a_slot_saved_by_a_newer_version_is_kept_aside_and_the_note_says_why(
    tmp_path: Path,
) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session(("burn",)))
    rewrite(path, {"format": 3}, sign=True)
    newer = path.read_bytes()
    store = SaveStore(tmp_path)
    store.save("mine", mini_session())
    (aside,) = tmp_path.glob("mine.damaged-*.json")
    assert aside.read_bytes() == newer
    assert store.notes == [
        f"The save slot 'mine' could not be read (the save file '{path}' {NEWER}); it was "
        f"kept as '{aside}' and a new save was written."
    ]


def test_a_slot_saved_by_a_newer_version_is_listed_with_why_naming_its_file(
    tmp_path: Path,
) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    rewrite(path, {"format": 3}, sign=True)
    (info,) = SlotFolder(tmp_path).slots()
    assert (info.slot, info.damaged) == ("mine", f"the save file '{path}' {NEWER}")


def test_a_damaged_slot_is_listed_with_nothing_read_and_its_file_time_in_utc(
    tmp_path: Path, far_from_utc: None
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    os.utime(broken, (1767603600, 1767603600))  # 2026-01-05 09:00:00 UTC
    (info,) = SlotFolder(tmp_path).slots()
    fields = (info.slot, info.player, info.story_id, info.story_version, info.chapter)
    assert fields == ("broken", None, "", 0, "")
    assert (info.progress, info.saved_at) == ("", "2026-01-05T09:00:00+00:00")
    assert info.damaged == "it is not a save (no save format number)"


def _intact_save(tmp_path: Path) -> bytes:
    path = SaveStore(tmp_path / "elsewhere").save("x", mini_session())
    rewrite(path, {"saved_at": "2026-01-01T08:00:00+00:00"}, sign=True)
    return path.read_bytes()


def test_a_damaged_slots_report_gives_its_backups_local_time(
    tmp_path: Path, far_from_utc: None
) -> None:
    (tmp_path / "mine.bak.json").write_bytes(_intact_save(tmp_path))
    assert SlotFolder(tmp_path).damage_report("mine", False, "it is broken") == (
        "the save slot 'mine' is damaged: it is broken. Its backup from 2026-01-01 17:00 is "
        "intact: load the slot 'mine.bak' to resume from there"
    )


def test_a_backup_that_is_a_link_is_not_offered(tmp_path: Path) -> None:
    _intact_save(tmp_path)
    (tmp_path / "mine.bak.json").symlink_to(tmp_path / "elsewhere" / "x.json")
    assert SlotFolder(tmp_path).damage_report("mine", False, "it is broken") == (
        "the save slot 'mine' is damaged: it is broken; there is no intact backup"
    )


def test_a_save_folder_that_is_a_file_cannot_be_listed(tmp_path: Path) -> None:
    (tmp_path / "saves").write_text("not a folder")
    with pytest.raises(SaveError) as caught:
        SlotFolder(tmp_path / "saves").slots()
    assert str(caught.value) == f"the save folder '{tmp_path / 'saves'}' is a file, not a folder"


def test_a_save_folder_that_cannot_be_listed_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another user's folder on a shared computer (CI runs as root: the refusal is made here).
    def refused(self: Path) -> Iterator[Path]:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refused)
    with pytest.raises(SaveError) as caught:
        SlotFolder(tmp_path).slots()
    assert str(caught.value) == f"cannot list '{tmp_path}': Permission denied"


def test_where_names_the_file_a_save_was_moved_to_not_a_link_left_in_its_place(
    tmp_path: Path,
) -> None:
    session = mini_session()
    store = SaveStore(tmp_path)
    store.save("mine", session)
    (tmp_path / "mine.json").rename(tmp_path / "other.json")
    (tmp_path / "mine.json").symlink_to(tmp_path / "other.json")
    assert store.where(session) == "other"


def _aged(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)


def test_someone_plays_while_a_game_holds_its_lock_and_only_looks(tmp_path: Path) -> None:
    assert files.someone_plays(tmp_path / "none") is False
    assert files.someone_plays(tmp_path) is False
    (tmp_path / ".game-aaa.lock").write_bytes(b"")
    _aged(tmp_path / ".game-aaa.lock", 60)
    assert files.someone_plays(tmp_path) is False
    assert (tmp_path / ".game-aaa.lock").exists()  # nobody holds it, and it is left there
    held = files.GameLock(tmp_path, "bbb")  # (its sweep removes the lock nobody holds)
    try:
        (tmp_path / ".game-aaa.lock").write_bytes(b"")
        _aged(tmp_path / ".game-aaa.lock", 60)
        _aged(tmp_path / ".game-bbb.lock", 60)
        assert files.someone_plays(tmp_path) is True
        assert files.someone_plays(tmp_path, limit=1) is False  # only .game-aaa is looked at
        assert files.someone_plays(tmp_path, limit=2) is True
        _aged(tmp_path / ".game-bbb.lock", -60)  # made "just now": its game may not have it yet
        assert files.someone_plays(tmp_path) is False
    finally:
        held.release()


def test_someone_plays_does_not_follow_a_lock_file_that_is_a_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    held = files.GameLock(tmp_path / "elsewhere", "bbb")
    try:
        _aged(tmp_path / "elsewhere" / ".game-bbb.lock", 60)
        assert files.someone_plays(tmp_path / "elsewhere") is True
        link = tmp_path / ".game-ccc.lock"
        link.symlink_to(tmp_path / "elsewhere" / ".game-bbb.lock")
        _aged(link, 60)
        assert files.someone_plays(tmp_path) is False
    finally:
        held.release()


def test_someone_plays_looks_past_fresh_locks_and_links_to_the_fifty_first(
    tmp_path: Path,
) -> None:
    held = files.GameLock(tmp_path, "zzz")
    try:
        _aged(tmp_path / ".game-zzz.lock", 60)
        (tmp_path / ".game-aaa.lock").write_bytes(b"")  # made just now: skipped
        _aged(tmp_path / ".game-aaa.lock", -60)
        (tmp_path / ".game-bbb.lock").symlink_to(tmp_path / "nowhere")  # cannot be opened
        _aged(tmp_path / ".game-bbb.lock", 60)
        (tmp_path / ".game-ccc.lock").write_bytes(b"")  # old enough to be looked at
        _aged(tmp_path / ".game-ccc.lock", 2.5)
        _aged(tmp_path / ".game-zzz.lock", 2.5)
        assert files.someone_plays(tmp_path) is True
        for n in range(47):  # with them, 50 lock files sort before the game played
            (tmp_path / f".game-{n:02d}.lock").write_bytes(b"")
            _aged(tmp_path / f".game-{n:02d}.lock", 60)
        assert files.someone_plays(tmp_path) is False
        assert files.someone_plays(tmp_path, limit=51) is True
    finally:
        held.release()
