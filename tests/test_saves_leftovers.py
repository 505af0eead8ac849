"""Saves among leftovers and odd files: damaged copies already set aside, every fresh name
taken, a planted lock or temp, a save moved by hand, a file name the system refuses.

Each is something a shared or long-used save folder really holds; none needs permissions
(CI runs as root).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves import files, folder, store
from game.saves.players import adopt_flat_saves, player_folder
from game.saves.record import SaveDamaged
from game.saves.savefile import encode, parse, read_bytes, recorded_folder
from game.saves.store import SaveStore
from tests.conftest import run_cli
from tests.test_saves import MINI, mini_session

NOW = "2026-01-05T09:30:00+00:00"
STAMP = "20260105-093000"


@pytest.mark.parametrize(("earlier", "kept_as"), [(0, ""), (1, "-2"), (2, "-3")])
def test_damaged_copies_already_set_aside_get_the_next_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: int, kept_as: str
) -> None:
    monkeypatch.setattr(folder, "utc_now", lambda: NOW)
    names = [f"autosave.damaged-{STAMP}.json", f"autosave.damaged-{STAMP}-2.json"][:earlier]
    for name in names:
        (tmp_path / name).write_bytes(b"an earlier damaged save")
    (tmp_path / "autosave.json").write_bytes(b"{")
    message = SaveStore(tmp_path).autosave(mini_session())
    aside = tmp_path / f"autosave.damaged-{STAMP}{kept_as}.json"
    assert message == (
        "The save slot 'autosave' could not be read (it is not valid JSON (Expecting property "
        f"name enclosed in double quotes at line 1, column 2)); it was kept as '{aside}' and a "
        "new save was written."
    )
    assert aside.read_bytes() == b"{"
    for name in names:
        assert (tmp_path / name).read_bytes() == b"an earlier damaged save"


def test_when_every_fresh_name_holds_another_game_the_save_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "MAX_FRESH", 2)
    other = SaveStore(tmp_path)
    for slot in ("mine", "mine-2", "mine-3"):
        other.save(slot, mini_session(("burn",)))
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save("mine", mini_session())
    assert str(caught.value) == f"no free slot name like 'mine' is left in '{tmp_path}'"
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.json")} == before


def test_a_new_game_takes_autosave_from_an_ended_one_that_made_no_decision(
    tmp_path: Path,
) -> None:
    first = SaveStore(tmp_path)
    first.autosave(mini_session(()))  # begun, then left before any decision
    empty = (tmp_path / "autosave.json").read_bytes()
    first.close()
    second = SaveStore(tmp_path)
    assert second.autosave(mini_session()) is None  # nothing to say: nothing was lost
    # The empty game is kept as the backup, not as a slot of its own.
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["autosave.bak.json", "autosave.json"]
    assert (tmp_path / "autosave.bak.json").read_bytes() == empty
    assert second.load("autosave", mini_session().engine).state == mini_session().state


def test_a_save_moved_to_another_name_by_hand_is_found_there(tmp_path: Path) -> None:
    session = mini_session()
    mine = SaveStore(tmp_path)
    mine.save("mine", session)
    (tmp_path / "kept.json").write_bytes((tmp_path / "mine.json").read_bytes())
    (tmp_path / "mine.json").write_bytes(b"overwritten by something else")
    assert mine.where(session) == "kept"
    (tmp_path / "kept.json").unlink()
    assert mine.where(session) is None


def test_a_planted_folder_with_a_temp_files_name_does_not_stop_saving(tmp_path: Path) -> None:
    store_ = SaveStore(tmp_path)
    store_.save("mine", mini_session(("burn",)))
    planted = tmp_path / ".mine.json.1-feedbeef.tmp"
    (planted / "inside").mkdir(parents=True)
    store_.save("mine", mini_session())
    assert (planted / "inside").is_dir()  # not a temp of ours: left, never followed
    assert store_.load("mine", mini_session().engine).state == mini_session().state


def test_a_lock_file_that_is_a_link_stops_saving_with_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("x")
    (tmp_path / files.LOCK_NAME).symlink_to(tmp_path / "elsewhere")
    message = SaveStore(tmp_path).autosave(mini_session())
    assert message == (
        f"Saving is off: the lock file '{tmp_path / files.LOCK_NAME}' is a symbolic link, which "
        "the game does not follow: remove it. You can play on, but progress is not saved."
    )
    assert (tmp_path / "elsewhere").read_text() == "x"
    assert not (tmp_path / "autosave.json").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX-only")
def test_a_lock_file_that_is_a_pipe_stops_saving_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / files.LOCK_NAME)
    message = SaveStore(tmp_path).autosave(mini_session())
    assert message == (
        f"Saving is off: the lock file '{tmp_path / files.LOCK_NAME}' is not a file (it is not "
        "a regular file (a pipe or a device?)). You can play on, but progress is not saved."
    )


def test_moving_a_players_saves_without_hard_links_falls_back_to_a_checked_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk without hard links (FAT, some network shares) still gets the saves moved."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    flat = SaveStore(tmp_path)
    flat.save("mine", mini_session())
    flat.save("mine", mini_session())  # and its backup
    flat.close()
    saved = (tmp_path / "mine.json").read_bytes()
    monkeypatch.setattr(os, "link", no_links)
    own = tmp_path / player_folder("Ana")
    assert adopt_flat_saves(tmp_path, "Ana") == [
        f"Moved 1 save(s) of this player ('mine') into '{own}'."
    ]
    assert sorted(p.name for p in own.iterdir()) == ["mine.bak.json", "mine.json"]
    assert (own / "mine.json").read_bytes() == saved
    assert not (tmp_path / "mine.json").exists()


def test_a_named_players_flat_saves_move_into_their_folder_with_the_backup(
    tmp_path: Path,
) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    store.save("mine", mini_session())
    store.close()  # a game being played keeps its slots where they are
    saved, backup = (tmp_path / "mine.json").read_bytes(), (tmp_path / "mine.bak.json").read_bytes()
    own = tmp_path / player_folder("Ana")
    assert adopt_flat_saves(tmp_path, "Ana") == [
        f"Moved 1 save(s) of this player ('mine') into '{own}'."
    ]
    assert (own / "mine.json").read_bytes() == saved
    assert (own / "mine.bak.json").read_bytes() == backup
    assert sorted(tmp_path.glob("*.json")) == []


def test_a_move_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("mine")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a").write_text("theirs")
    with pytest.raises(FileExistsError):
        files.move_to(tmp_path / "a", tmp_path / "sub" / "a")
    assert (tmp_path / "a").read_text() == "mine"
    assert (tmp_path / "sub" / "a").read_text() == "theirs"


def test_a_checked_rename_never_replaces_a_file_that_appeared_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "a").write_text("mine")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a").write_text("theirs")
    with pytest.raises(FileExistsError):
        files.move_to(tmp_path / "a", tmp_path / "sub" / "a")
    assert (tmp_path / "a").read_text() == "mine"
    assert (tmp_path / "sub" / "a").read_text() == "theirs"


def test_a_player_whose_slot_name_is_taken_in_their_folder_keeps_it_where_it_is(
    tmp_path: Path,
) -> None:
    SaveStore(tmp_path).save("mine", mini_session())
    own = tmp_path / player_folder("Ana")
    own.mkdir()
    (own / "mine.json").write_text("their own, already")
    (tmp_path / "broken.json").write_bytes(b"{")  # unreadable: never moved
    assert adopt_flat_saves(tmp_path, "Ana") == []
    assert (tmp_path / "mine.json").is_file()
    assert (own / "mine.json").read_text() == "their own, already"


def test_a_game_too_big_for_a_save_file_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    session = mini_session()
    session.player = "x" * 4_000_000
    with pytest.raises(SaveError) as caught:
        encode(session, NOW)
    assert str(caught.value) == "this game cannot be saved: it is larger than 4,000,000 bytes"
    message = SaveStore(tmp_path).autosave(session)
    assert message == (
        "Saving is off: this game cannot be saved: it is larger than 4,000,000 bytes. "
        "You can play on, but progress is not saved."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_story_folder_a_save_cannot_record_is_left_out(tmp_path: Path) -> None:
    assert recorded_folder(str(tmp_path)) == str(tmp_path.resolve())
    assert recorded_folder(str(tmp_path / "a\x1b[2Jb")) is None  # control characters
    assert recorded_folder(str(tmp_path / "a\u2028b")) is None  # not printable
    assert recorded_folder("/" + "x" * 1000) is None  # too long to be read back
    assert recorded_folder("a\x00b") is None  # no such path at all


def test_a_number_too_large_for_json_makes_a_save_damaged() -> None:
    with pytest.raises(SaveDamaged) as caught:
        parse(b'{"format": 1, "played_seconds": 1e400}', "f.json")
    assert caught.value.reason == "it holds values JSON cannot represent"


def test_a_file_name_the_system_refuses_is_one_clear_error(tmp_path: Path) -> None:
    long = tmp_path / ("n" * 300 + ".json")
    with pytest.raises(SaveError) as caught:
        read_bytes(long)
    assert str(caught.value) == f"cannot read the save file '{long}': File name too long"


def test_every_command_given_a_name_the_system_refuses_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    long = "n" * 300
    for args, expected in (
        (("report", f"{long}.json", "--story", str(MINI)), "cannot read the save file"),
        (("class", long), "cannot summarise"),
        (("check", long), "cannot read the story folder"),
        (("--story", long), "cannot read the story folder"),
    ):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode != 0 and result.stdout == "", args
        assert result.stderr.startswith(f"Error: {expected} '{long}"), args
        assert result.stderr.endswith(": File name too long\n"), args
        assert result.stderr.count("\n") == 1, args


def test_the_backup_is_copied_where_the_disk_has_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    mine = SaveStore(tmp_path)
    mine.save("mine", mini_session(("burn",)))
    first = (tmp_path / "mine.json").read_bytes()
    monkeypatch.setattr(os, "link", no_links)
    mine.save("mine", mini_session())
    assert (tmp_path / "mine.bak.json").read_bytes() == first
    assert mine.load("mine", mini_session().engine).state == mini_session().state
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(("taken", "moved_to"), [(1, "-2"), (99, "-100"), (100, None)])
def test_a_game_given_up_autosave_takes_the_first_free_of_its_hundred_own_names(
    tmp_path: Path, taken: int, moved_to: str | None
) -> None:
    old = mini_session(("burn",))
    old_store = SaveStore(tmp_path)
    old_store.autosave(old)
    old_store.close()
    own = f"autosave-20260105-090000-{old.game_id[:6]}"
    for n in range(1, taken + 1):
        (tmp_path / f"{own if n == 1 else f'{own}-{n}'}.json").write_text("taken")
    new = mini_session(("open",))
    message = SaveStore(tmp_path).autosave(new)
    if moved_to is None:
        assert message == (
            f"Saving is off: no free slot name like '{own}' is left in '{tmp_path}'. "
            "You can play on, but progress is not saved."
        )
        return
    assert message is None
    assert SaveStore(tmp_path).load(own + moved_to, old.engine).state == old.state
    assert SaveStore(tmp_path).load("autosave", new.engine).state == new.state


def test_the_newest_slot_of_a_folder_with_none_readable_is_none(tmp_path: Path) -> None:
    assert SaveStore(tmp_path).newest() is None
    (tmp_path / "mine.json").write_text("{")
    assert SaveStore(tmp_path).newest() is None
    SaveStore(tmp_path).save("later", mini_session())
    assert SaveStore(tmp_path).newest() == "later"


def test_a_players_slot_whose_name_is_taken_stays_and_the_others_still_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = SaveStore(tmp_path)
    monkeypatch.setattr(store, "utc_now", lambda: "2026-01-05T09:00:00+00:00")
    ana.save("other", mini_session())
    monkeypatch.setattr(store, "utc_now", lambda: "2026-01-05T09:05:00+00:00")
    ana.save("mine", mini_session())  # the newest: looked at first
    ana.close()
    own = tmp_path / player_folder("Ana")
    own.mkdir()
    (own / "mine.json").write_text("their own, already")
    assert adopt_flat_saves(tmp_path, "Ana") == [
        f"Moved 1 save(s) of this player ('other') into '{own}'."
    ]
    assert (tmp_path / "mine.json").is_file() and not (tmp_path / "other.json").exists()


def test_the_saves_of_a_game_being_played_are_not_moved(tmp_path: Path) -> None:
    ana = SaveStore(tmp_path)
    ana.save("mine", mini_session())  # still being played: the store holds its lock
    assert adopt_flat_saves(tmp_path, "Ana") == []
    assert (tmp_path / "mine.json").is_file()
    ana.close()
    assert len(adopt_flat_saves(tmp_path, "Ana")) == 1
