"""SaveStore's edges pinned in-process: loading (what the error names, the lock, the labels,
chapter games), where a game's save is now, the slot names a game falls back to, a game's own
earlier or later autosave, and which files are saves (mutmut survivors in store.py)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.engine.session import Session
from game.errors import SaveError
from game.saves.record import SaveDamaged
from game.saves.store import SaveStore, is_save_file, practice_slot, session_from
from game.story.checker import load_story
from tests.conftest import STORIES
from tests.test_saves import take_steps
from tests.test_saves_trust import _sign

MINI = STORIES / "mini"
STARTED = "2026-01-05T09:00:00+00:00"
ANA = "aaaaaa" + "0" * 26
BEN = "bbbbbb" + "0" * 26
ANA_OWN = "autosave-20260105-090000-aaaaaa"  # Ana's own autosave slot, written out by hand


def game(
    steps: tuple[str, ...] = (),
    *,
    player: str | None = "Ana",
    game_id: str = ANA,
    played_before: float = 0.0,
    engine: Engine | None = None,
    start: str | None = None,
) -> Session:
    """A mini-story game after `steps` (choice ids, 'answer:N', 'continue'), clock stopped."""
    engine = engine or Engine(load_story(MINI))
    state, _ = engine.new_game(start) if start else engine.new_game()
    session = Session(
        engine,
        state,
        player=player,
        started_at=STARTED,
        game_id=game_id,
        played_before=played_before,
        clock=lambda: 0.0,
    )
    return take_steps(session, steps)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def record_of(path: Path) -> dict[str, object]:
    record = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(record, dict)
    return record


def state_path(path: Path) -> list[str]:
    state = record_of(path)["state"]
    assert isinstance(state, dict)
    return list(state["path"])


# --- loading --------------------------------------------------------------------------


def test_loading_a_missing_slot_or_backup_names_it_and_the_slots_there(tmp_path: Path) -> None:
    session = game()
    SaveStore(tmp_path).save("cp", session)
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError) as missing:
        store.load("gone", session.engine)
    assert missing.value.message == f"there is no save slot 'gone' in '{tmp_path}' (slots: cp)"
    with pytest.raises(SaveError) as no_backup:
        store.load("cp.bak", session.engine)
    assert no_backup.value.message == f"there is no save slot 'cp.bak' in '{tmp_path}' (slots: cp)"


def test_loading_a_save_of_a_newer_game_names_its_file(tmp_path: Path) -> None:
    session = game()
    path = SaveStore(tmp_path).save("cp", session)
    path.write_text(json.dumps(_sign({**record_of(path), "format": 3})), encoding="utf-8")
    with pytest.raises(SaveError) as newer:
        SaveStore(tmp_path).load("cp", session.engine)
    assert newer.value.message.startswith(
        f"the save file '{path}' was made by a newer version of Special Tasks"
    )


def test_loading_a_save_of_another_story_names_its_file(
    tmp_path: Path, make_story: Callable[..., Path]
) -> None:
    session = game()
    path = SaveStore(tmp_path / "saves").save("cp", session)
    other = Engine(load_story(make_story()))
    with pytest.raises(SaveError) as wrong:
        SaveStore(tmp_path / "saves").load("cp", other)
    assert wrong.value.message.startswith(
        f"'{path}' is a save of the story 'The Letter' (mini), not of 'Base' (base)"
    )


def test_a_damaged_slot_keeps_the_short_reason_apart(tmp_path: Path) -> None:
    session = game()
    path = SaveStore(tmp_path).save("cp", session)
    path.write_text(json.dumps({**record_of(path), "player": "Eve"}), encoding="utf-8")
    with pytest.raises(SaveDamaged) as damaged:
        SaveStore(tmp_path).load("cp", session.engine)
    reason = "its checksum does not match, so it was damaged or edited by hand"
    assert damaged.value.reason == reason
    assert damaged.value.message == (
        f"the save slot 'cp' is damaged: {reason}; there is no intact backup"
    )


def test_a_loaded_game_is_being_played_so_a_new_game_leaves_its_autosave(
    tmp_path: Path,
) -> None:
    first = SaveStore(tmp_path)
    first.autosave(game(("burn",)))
    first.close()
    engine = Engine(load_story(MINI))
    ana = SaveStore(tmp_path)
    ana.load("autosave", engine)  # Ana plays on: her store is open
    line = SaveStore(tmp_path).autosave(game(player="Ben", game_id=BEN))
    assert line == (
        "The save slot 'autosave' holds another game that is being played now (player: Ana). "
        "So that neither game loses progress, this game saves in the slot "
        "'autosave-20260105-090000-bbbbbb'."
    )
    assert record_of(tmp_path / "autosave.json")["player"] == "Ana"
    ana.close()


def test_playing_on_from_the_autosaves_backup_keeps_the_later_autosave(tmp_path: Path) -> None:
    first = SaveStore(tmp_path)
    first.autosave(game(("burn",)))
    first.autosave(game(("burn", "answer:1", "continue")))
    first.close()
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    data = store.load("autosave.bak", engine)
    assert store.where(session_from(data, engine)) == "autosave.bak"
    assert store.autosave(session_from(data, engine)) is None
    assert files_in(tmp_path) == [f"{ANA_OWN}.json", "autosave.bak.json", "autosave.json"]
    assert state_path(tmp_path / "autosave.json") == ["desk"]
    assert state_path(tmp_path / f"{ANA_OWN}.json") == ["desk", "burn", "open"]


def test_a_loaded_chapter_game_autosaves_in_its_chapters_slot(tmp_path: Path) -> None:
    SaveStore(tmp_path).save("practice", game(start="afternoon"))
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    data = store.load("practice", engine)
    store.autosave(session_from(data, engine))
    assert files_in(tmp_path) == ["chapter-afternoon.json", "practice.json"]


def test_a_save_with_an_empty_path_loads_as_a_main_game(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("cp", game())
    record = record_of(path)
    state = record["state"]
    assert isinstance(state, dict)
    path.write_text(json.dumps(_sign({**record, "state": {**state, "path": []}})), "utf-8")
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    store.load("cp", engine)
    assert store.autosave_slot == "autosave"


def test_a_resumed_game_keeps_its_play_time_slot_and_where(tmp_path: Path) -> None:
    SaveStore(tmp_path).save("cp", game(("burn",), played_before=600.0))
    SaveStore(tmp_path).autosave(game(("burn",)))
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    named = session_from(store.load("cp", engine), engine)
    assert (named.played_before, named.slot) == (600.0, "cp")
    assert store.where(named) == "cp"
    auto = session_from(SaveStore(tmp_path).load("autosave", engine), engine)
    assert auto.slot is None


# --- where the game's save is now ---------------------------------------------------------


def test_a_copy_of_the_autosave_is_not_taken_for_the_games_slot(tmp_path: Path) -> None:
    session = game(("burn",))
    store = SaveStore(tmp_path)
    store.autosave(session)
    shutil.copy(tmp_path / "autosave.json", tmp_path / "a-copy.json")  # sorts first
    assert store.where(session) == "autosave"
    assert store.autosave_slot == "autosave"


def test_a_checkpoint_found_under_another_name_stays_a_checkpoint(tmp_path: Path) -> None:
    session = game(("burn",))
    store = SaveStore(tmp_path)
    store.save("cp", session)
    (tmp_path / "cp.json").rename(tmp_path / "kept.json")
    assert store.where(session) == "kept"
    assert store.where(session) == "kept"  # asked again, the same answer
    assert store.autosave(session) is None
    assert files_in(tmp_path) == ["autosave.json", "kept.json"]


# --- another game in the slot: the names fallen back to -----------------------------------


def _ana_overwritten(tmp_path: Path) -> tuple[SaveStore, Session]:
    """Ana autosaves; then a game of no player's name takes Ana's own slot and 'autosave'."""
    ana = game(("burn",))
    store = SaveStore(tmp_path)
    store.autosave(ana)
    nameless = SaveStore(tmp_path)
    nameless.save(ANA_OWN, game(player=None, game_id=BEN))
    nameless.close()
    shutil.copy(tmp_path / f"{ANA_OWN}.json", tmp_path / "autosave.json")
    return store, ana


def test_an_overwritten_autosave_falls_back_to_the_games_own_numbered_slot(
    tmp_path: Path,
) -> None:
    store, ana = _ana_overwritten(tmp_path)
    assert store.autosave(ana) == (
        "Another game saved over the slot 'autosave' (player: no name given), which this game "
        f"was using. So that neither game loses progress, this game saves in the slot "
        f"'{ANA_OWN}-2'."
    )
    assert store.autosave_slot == f"{ANA_OWN}-2"


def test_two_notes_of_one_autosave_are_one_line_of_sentences(tmp_path: Path) -> None:
    store, ana = _ana_overwritten(tmp_path)
    (tmp_path / f"{ANA_OWN}-2.json").write_bytes(b"not json")
    line = store.autosave(ana)
    assert line is not None
    damaged = (
        f"The save slot '{ANA_OWN}-2' could not be read (it is not valid JSON (Expecting value "
        f"at line 1, column 1)); it was kept as '{tmp_path}{os.sep}{ANA_OWN}-2.damaged-"
    )
    moved = (
        "' and a new save was written. Another game saved over the slot 'autosave' (player: no "
        "name given), which this game was using. So that neither game loses progress, this "
        f"game saves in the slot '{ANA_OWN}-2'."
    )
    assert re.fullmatch(re.escape(damaged) + r"[0-9-]+\.json" + re.escape(moved), line), line


# --- the same game in 'autosave': an earlier step is overwritten, a later one kept --------

EARLY = ("burn",)
LATE = ("burn", "answer:1", "continue")
BRANCH = ("ask", "answer:1", "continue")


@pytest.mark.parametrize(
    ("in_autosave", "resumed_from", "kept"),
    [
        (EARLY, LATE, False),  # an earlier step of the game resumed: overwritten
        (LATE, LATE, False),  # the very step resumed (another sitting): overwritten
        (LATE, EARLY, True),  # a later step: kept as the game's own slot
        (LATE, BRANCH, True),  # another branch as long: kept
    ],
)
def test_the_same_game_in_autosave_is_overwritten_only_at_an_earlier_step(
    tmp_path: Path, in_autosave: tuple[str, ...], resumed_from: tuple[str, ...], kept: bool
) -> None:
    first = SaveStore(tmp_path)
    first.save("autosave", game(in_autosave, played_before=10.0))
    first.save("cp", game(resumed_from, played_before=20.0))
    first.close()
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    assert store.autosave(session_from(store.load("cp", engine), engine)) is None
    old = f"{ANA_OWN}.json" if kept else "autosave.bak.json"
    assert files_in(tmp_path) == sorted([old, "autosave.json", "cp.json"])
    assert state_path(tmp_path / old) == {
        EARLY: ["desk"], LATE: ["desk", "burn", "open"]
    }[in_autosave]  # fmt: skip


def test_a_copy_of_the_loaded_save_in_autosave_is_overwritten_after_going_back(
    tmp_path: Path,
) -> None:
    first = SaveStore(tmp_path)
    first.save("cp", game(LATE))
    first.close()
    shutil.copy(tmp_path / "cp.json", tmp_path / "autosave.json")
    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    session = session_from(store.load("cp", engine), engine)
    assert session.back()
    assert store.autosave(session) is None
    assert files_in(tmp_path) == ["autosave.bak.json", "autosave.json", "cp.json"]
    assert state_path(tmp_path / "autosave.json") == ["desk", "burn"]


# --- saving off ---------------------------------------------------------------------------


def test_a_save_folder_name_too_long_turns_saving_off_saying_why(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 300)
    line = SaveStore(folder).autosave(game())
    why = OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(folder))
    assert line == f"Saving is off: {why}. You can play on, but progress is not saved."


# --- chapter slots ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chapter", "slot"),
    [
        ("a" * 31 + "-bcd", "chapter-" + "a" * 31),  # cut at 40, the '-' left over trimmed
        ("b" * 40, "chapter-" + "b" * 32),
    ],
)
def test_a_long_chapter_id_makes_a_slot_of_40_characters_at_most(
    tmp_path: Path, chapter: str, slot: str
) -> None:
    story = tmp_path / "story"
    shutil.copytree(MINI, story)
    afternoon = story / "02-afternoon.yaml"
    text = afternoon.read_text(encoding="utf-8")
    afternoon.write_text(text.replace("  id: afternoon\n", f"  id: {chapter}\n"), "utf-8")
    assert practice_slot(load_story(story), "afternoon") == slot


# --- which files are saves ----------------------------------------------------------------


def test_a_link_to_a_save_is_a_save_whatever_its_name(tmp_path: Path) -> None:
    saved = SaveStore(tmp_path / "saves").save("cp", game())
    link = tmp_path / "report.txt"
    link.symlink_to(saved)
    assert is_save_file(link, tmp_path / "saves")


def test_a_slot_name_in_a_folder_that_cannot_be_resolved_counts_as_a_save(
    tmp_path: Path,
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    try:
        loop.resolve()
    except (OSError, RuntimeError):
        pass
    else:
        pytest.skip("this Python resolves a link loop without an error")
    assert is_save_file(loop / "autosave.json", tmp_path / "saves")
