"""Saves when the disk or the folder works against them: nothing lost, nothing left behind.

None of these relies on file permissions (CI runs as root, who may write anywhere): the
failures come from a save folder under a file, a full disk (a file-size limit on this
process), a folder where a file should be, and old leftovers from killed processes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves.files import STALE_TEMP_SECONDS
from game.saves.store import SaveStore
from tests.conftest import run_cli
from tests.test_saves import MINI, mini_session, rewrite

resource = pytest.importorskip("resource", reason="file-size limits are POSIX-only")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _slots(folder: Path) -> list[str]:
    """The visible files (the hidden lock files of the games aside)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@contextmanager
def _disk_full_after(size: int) -> Iterator[None]:
    """Writes past `size` bytes fail with EFBIG in this process, as on a full disk.

    Python ignores SIGXFSZ, so the write raises OSError instead of killing the process.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_save_folder_under_a_file_turns_saving_off_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "file" / "saves"
    store = SaveStore(folder)
    assert store.autosave(mini_session()) == (
        f"Saving is off: cannot create the save folder '{folder}': Not a directory. "
        "You can play on, but progress is not saved."
    )
    assert not store.enabled
    result = run_cli("--story", str(MINI), "--saves", str(folder), input="1\n2\n1\n\n\nok\n")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("Saving is off: cannot create the save folder") == 1
    assert "The end." in result.stdout


def test_a_full_disk_mid_write_keeps_the_old_save_and_removes_the_temp_file(
    tmp_path: Path,
) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    before = (tmp_path / "mine.json").read_bytes()
    with _disk_full_after(len(before) // 2), pytest.raises(SaveError) as caught:
        store.save("mine", mini_session())
    # The backup is the old file under a second name (no byte written), so the slot's own
    # write is what failed: nothing of the slot changed, and the backup holds the same.
    assert str(caught.value) == f"cannot write '{tmp_path / 'mine.json'}': File too large"
    assert (tmp_path / "mine.json").read_bytes() == before
    assert (tmp_path / "mine.bak.json").read_bytes() == before
    assert _temps(tmp_path) == []
    assert _slots(tmp_path) == ["mine.bak.json", "mine.json"]


def test_a_full_disk_turns_autosave_off_and_the_game_goes_on(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    session = mini_session(("burn",))
    with _disk_full_after(100):
        message = store.autosave(session)
    assert message == (
        f"Saving is off: cannot write '{tmp_path / 'autosave.json'}': File too large. "
        "You can play on, but progress is not saved."
    )
    assert not store.enabled and _temps(tmp_path) == []
    assert _slots(tmp_path) == []
    session.answer(1)
    assert store.autosave(session) is None


def test_a_folder_in_place_of_the_backup_stops_the_save_and_leaves_no_temp(
    tmp_path: Path,
) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    before = (tmp_path / "mine.json").read_bytes()
    (tmp_path / "mine.bak.json").mkdir()
    with pytest.raises(SaveError) as caught:
        store.save("mine", mini_session())
    assert str(caught.value) == (
        f"'{tmp_path / 'mine.bak.json'}' is a folder, so nothing can be saved there"
    )
    assert (tmp_path / "mine.json").read_bytes() == before
    assert _temps(tmp_path) == []


def test_temp_files_of_killed_processes_are_cleared_once_they_are_old(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    old, fresh = tmp_path / ".mine.json.11.tmp", tmp_path / ".mine.json.12.tmp"
    for temp in (old, fresh):
        temp.write_bytes(b'{"format": 1, "half a save')
    other = tmp_path / ".other.json.13.tmp"
    other.write_bytes(b"another slot's")
    long_ago = time.time() - STALE_TEMP_SECONDS - 5
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    store.save("mine", mini_session())
    # The old one is gone; a fresh one may be a live process's; another slot's is its own.
    assert _temps(tmp_path) == [".mine.json.12.tmp", ".other.json.13.tmp"]
    assert [s.slot for s in store.slots()] == ["mine"]


def test_a_failed_move_aside_leaves_the_damaged_slot_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "autosave.json").write_bytes(b"\x00 garbage")
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if ".damaged-" in str(target):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    store = SaveStore(tmp_path)
    message = store.autosave(mini_session())
    assert message == (
        f"Saving is off: cannot save in '{tmp_path}': No space left on device. You can play on, "
        "but progress is not saved."
    )
    assert (tmp_path / "autosave.json").read_bytes() == b"\x00 garbage"
    assert _slots(tmp_path) == ["autosave.json"]


def test_a_damaged_backup_is_named_as_such(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    store.save("mine", mini_session())
    (tmp_path / "mine.bak.json").write_text("{", encoding="utf-8")
    result = run_cli("--story", str(MINI), "--saves", str(tmp_path), "--load", "mine.bak")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "Error: the backup of save slot 'mine' is damaged too: it is not valid JSON "
        "(Expecting property name enclosed in double quotes at line 1, column 2)\n"
    )
    # The slot itself is untouched and loads.
    assert store.load("mine", mini_session().engine).state == mini_session().state


def test_a_save_time_without_a_zone_is_taken_as_utc_when_listing(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("early", mini_session())
    store.save("late", mini_session())
    rewrite(tmp_path / "early.json", {"saved_at": "2026-01-05T09:00:00+01:00"}, sign=True)
    rewrite(tmp_path / "late.json", {"saved_at": "2026-01-05T08:30:00"}, sign=True)
    # 08:30 UTC is after 09:00+01:00 (08:00 UTC).
    assert [s.slot for s in store.slots()] == ["late", "early"]
    record = json.loads((tmp_path / "late.json").read_text(encoding="utf-8"))
    assert record["saved_at"] == "2026-01-05T08:30:00"
