"""The names the saves code makes and shows: player folders (an on-disk contract: a student who
updates the game must find their folder again), slot names echoed in messages, and the times
in the names of a second game's autosave and in the order of the title's list.

Expected values are written out here, not computed by the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.errors import SaveError
from game.saves.players import player_folder
from game.saves.slots import own_autosave, sort_key, stamp, valid_slot


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Zoë Ng", "zoe-ng-82aed577"),  # folded to ASCII: a hash keeps 'Zoe Ng' apart
        ("李小龍", "player-c1fa1a5f"),  # nothing left once folded: 'player' and the hash
        ("¡Ana!", "ana-0744625c"),  # no '-' at the start (a folder that looks like an option)
        ("!" + "b" * 35, "b" * 30 + "-9f34842e"),  # the '-' gone before the cut at 30
        ("a" * 29 + " bcd", "a" * 29 + "-cabb42d4"),  # cut at 30, never ending in '-'
        ("x" * 60, "x" * 30 + "-42f2d973"),  # at most 30 letters of the name
        ("Ana " + "b" * 40, "ana-" + "b" * 26 + "-406cf0a3"),
    ],
)
def test_player_folders_of_names_that_need_a_hash_are_exactly_these(name: str, folder: str) -> None:
    assert player_folder(name) == folder


def test_the_stamp_in_a_second_games_autosave_name_is_utc(far_from_utc: None) -> None:
    assert stamp("2026-11-25T08:31:05+02:00") == "20261125-063105"
    assert own_autosave("2026-11-25T08:31:05+00:00", "abcdef123456") == (
        "autosave-20261125-083105-abcdef"
    )


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-40T99:00:00"])
def test_a_time_that_is_not_one_stamps_as_unknown_and_sorts_first(bad: str) -> None:
    assert stamp(bad) == "unknown"
    assert sort_key(bad) == 0.0
    assert sort_key(bad) < sort_key("1970-01-01T00:00:01+00:00")


def test_a_time_without_a_zone_sorts_as_utc_wherever_the_computer_is(far_from_utc: None) -> None:
    assert sort_key("2026-11-25T08:31:00") == sort_key("2026-11-25T08:31:00+00:00")
    assert sort_key("2026-11-25T08:31:00") > sort_key("2026-11-25T17:30:00+09:00")


def test_a_bad_slot_name_is_echoed_whole_up_to_60_characters_then_cut() -> None:
    for name, echoed in (
        ("!" * 60, "!" * 60),
        ("!" * 61, "!" * 57 + "..."),
        ("a b\x1b[2J" + "!" * 70, "a b^[[2J" + "!" * 49 + "..."),  # shown, not obeyed
    ):
        with pytest.raises(SaveError) as caught:
            valid_slot(name)
        assert str(caught.value).startswith(f"'{echoed}' cannot name a save slot: "), caught.value


def test_moving_two_flat_saves_names_both_in_one_line_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.saves import store
    from game.saves.players import adopt_flat_saves
    from game.saves.store import SaveStore
    from tests.test_saves import mini_session

    for slot, at in (("before-raid", "10:00"), ("mine", "11:00")):
        monkeypatch.setattr(store, "utc_now", lambda at=at: f"2026-01-05T{at}:00+00:00")
        keeper = SaveStore(tmp_path)
        keeper.save(slot, mini_session())
        keeper.close()
    assert adopt_flat_saves(tmp_path, "Ana") == [
        f"Moved 2 save(s) of this player ('mine', 'before-raid') into '{tmp_path / 'ana'}'."
    ]
