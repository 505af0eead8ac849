"""SaveStore's choice of slot pinned in-process: what a slot that is no save file is called,
how many other names a game tries, stale temp files of a slot it passes over, a newer
game's save set aside, backups on a disk without hard links, where a game that never saved
is, and a bad slot name explained (mutmut survivors in store.py and slots.py)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves.slots import valid_slot
from game.saves.store import SaveStore
from tests.test_saves_store_edges import BEN, game, record_of
from tests.test_saves_trust import _sign


def _ben_in(folder: Path, slot: str = "cp") -> Path:
    """Ben's game saved in `slot`, his game no longer played."""
    ben = SaveStore(folder)
    path = ben.save(slot, game(player="Ben", game_id=BEN))
    ben.close()
    return path


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk refuses hard links, as FAT does: backups are then written as copies."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)


def test_a_slot_that_is_a_pipe_is_called_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "cp.json")
    store = SaveStore(tmp_path)
    path = store.save("cp", game())
    assert path == tmp_path / "cp-2.json"
    assert store.notes == [
        "The save slot 'cp' is not a regular file, which the game never writes through. "
        "So that neither game loses progress, this game saves in the slot 'cp-2'."
    ]


def test_a_game_tries_a_hundred_other_names_before_giving_up(tmp_path: Path) -> None:
    first = _ben_in(tmp_path)
    for n in range(2, 101):
        shutil.copyfile(first, tmp_path / f"cp-{n}.json")  # cp, cp-2 ... cp-100: all Ben's
    store = SaveStore(tmp_path)
    assert store.save("cp", game()) == tmp_path / "cp-101.json"
    store.close()
    shutil.copyfile(first, tmp_path / "cp-101.json")
    with pytest.raises(SaveError) as full:
        SaveStore(tmp_path).save("cp", game())
    assert full.value.message == f"no free slot name like 'cp' is left in '{tmp_path}'"


def test_stale_temp_files_of_a_slot_passed_over_are_cleared(tmp_path: Path) -> None:
    _ben_in(tmp_path)
    planted = tmp_path / ".cp.json.1-abcd1234.tmp"
    planted.symlink_to(tmp_path / "elsewhere")  # no temp of the game is a link: cleared at once
    store = SaveStore(tmp_path)
    assert store.save("cp", game()) == tmp_path / "cp-2.json"
    assert not os.path.lexists(planted)
    assert record_of(tmp_path / "cp.json")["player"] == "Ben"


def test_a_newer_games_save_in_the_slot_is_set_aside_naming_its_file(tmp_path: Path) -> None:
    path = _ben_in(tmp_path)
    path.write_text(json.dumps(_sign({**record_of(path), "format": 3})), encoding="utf-8")
    store = SaveStore(tmp_path)
    assert store.save("cp", game()) == path
    assert len(store.notes) == 1
    assert store.notes[0].startswith(
        f"The save slot 'cp' could not be read (the save file '{path}' was made by a newer "
        "version of Special Tasks (save format 3; this version reads format 2): update the "
        "game to load it); it was kept as '"
    )
    assert record_of(path)["player"] == "Ana"


def test_without_hard_links_the_games_own_earlier_save_is_copied_to_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = SaveStore(tmp_path)
    path = first.save("cp", game())
    first.close()
    earlier = path.read_bytes()
    _no_hard_links(monkeypatch)
    store = SaveStore(tmp_path)  # the same game, saving from a new store: its save is parsed
    assert store.save("cp", game(("burn",))) == path
    assert (tmp_path / "cp.bak.json").read_bytes() == earlier
    assert store.notes == []


def test_without_hard_links_an_empty_autosave_taken_over_is_copied_to_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bens = _ben_in(tmp_path, "autosave").read_bytes()  # Ben never made a step
    _no_hard_links(monkeypatch)
    store = SaveStore(tmp_path)
    assert store.autosave(game()) is None
    assert (tmp_path / "autosave.bak.json").read_bytes() == bens
    assert record_of(tmp_path / "autosave.json")["player"] == "Ana"
    store.close()


def test_a_game_that_never_saved_is_in_no_slot(tmp_path: Path) -> None:
    _ben_in(tmp_path)
    assert SaveStore(tmp_path).where(game()) is None


def test_a_bad_slot_name_is_explained_with_an_example() -> None:
    with pytest.raises(SaveError) as bad:
        valid_slot("my game")
    assert bad.value.message == (
        "'my game' cannot name a save slot: use 1 to 40 letters, digits, '-' or '_' "
        "(for example: before-the-raid)"
    )


def test_a_save_cut_short_after_its_file_is_written_is_still_this_games_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C landing after the rename of a step's autosave but before the store has noted it
    (seen under load: the game's last save on the way out said 'Another game saved over the
    slot autosave' and went to a fresh slot)."""
    from game.saves.folder import SlotFolder

    session = game()
    store = SaveStore(tmp_path)
    assert store.autosave(session) is None
    written = SlotFolder._write

    def then_interrupted(self: SlotFolder, target: Path, data: bytes) -> None:
        written(self, target, data)
        raise KeyboardInterrupt  # stands for the exception the signal handler raises

    session.choose(1)  # the next step, whose save is cut short
    monkeypatch.setattr(SlotFolder, "_write", then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.autosave(session)
    monkeypatch.setattr(SlotFolder, "_write", written)
    assert store.autosave(session) is None  # no note: the slot holds this game's own save
    assert store.autosave_slot == "autosave"
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["autosave.bak.json", "autosave.json"]
