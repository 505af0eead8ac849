"""One game per slot: a game's id, and two games sharing a save folder never losing a step."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.engine.session import Session
from game.errors import SaveError
from game.saves.record import SaveDamaged
from game.saves.savefile import checksum, encode, parse
from game.saves.store import SaveStore, read_save_file, session_from
from game.story.checker import load_story
from game.ui.savetext import farewell_lines
from tests.conftest import STORIES
from tests.test_saves import mini_session
from tests.test_saves_trust import _sign

MINI = STORIES / "mini"
SAME_SECOND = "2026-01-05T09:00:00+00:00"


def fresh_game(player: str, started_at: str = SAME_SECOND) -> Session:
    """A new game of the mini story, not yet played."""
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    return Session(engine, state, player=player, started_at=started_at)


def slot_files(folder: Path) -> list[str]:
    """The slots in a folder (not backups, not hidden files), sorted."""
    return sorted(p.stem for p in folder.glob("*.json") if not p.name.endswith(".bak.json"))


def holder(folder: Path, slot: str) -> tuple[str | None, int]:
    """The player and number of decisions in a slot's file."""
    record = json.loads((folder / f"{slot}.json").read_text(encoding="utf-8"))
    return record["player"], len(record["state"]["log"])


def test_each_new_game_has_its_own_random_id_kept_in_its_saves(tmp_path: Path) -> None:
    one, two = fresh_game("Ana"), fresh_game("Ana")
    assert re.fullmatch(r"[0-9a-f]{32}", one.game_id) and one.game_id != two.game_id
    store = SaveStore(tmp_path)
    path = store.save("mine", one)
    assert json.loads(path.read_text(encoding="utf-8"))["game"] == one.game_id
    data = SaveStore(tmp_path).load("mine", one.engine)
    assert data.game_id == one.game_id
    assert session_from(data, one.engine).game_id == one.game_id


def test_a_format_1_save_loads_with_an_id_derived_from_its_game(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    session = mini_session()
    for slot in ("autosave", "mine"):
        path = store.save(slot, session)
        record = json.loads(path.read_text(encoding="utf-8"))
        del record["game"]
        record["format"] = 1
        record["checksum"] = checksum(record)
        path.write_text(json.dumps(record), encoding="utf-8")
    story = load_story(MINI)
    auto = read_save_file(tmp_path / "autosave.json", story)
    mine = read_save_file(tmp_path / "mine.json", story)
    assert auto.state == session.state
    assert re.fullmatch(r"[0-9a-f]{32}", auto.game_id) and auto.game_id == mine.game_id
    assert auto.game_id != session.game_id


def _format_1(edit: dict[str, object]) -> bytes:
    """The mini story's save as format 1 wrote it (no game id), with top-level edits."""
    record = json.loads(encode(mini_session(), "2026-01-05T10:00:00+00:00")[0])
    del record["game"]
    record.update(format=1, **edit)
    return json.dumps(_sign(record)).encode("utf-8")


@pytest.mark.parametrize(
    ("player", "game_id"),
    # sha256 of the JSON list [story id, started_at, player], first 32 hex digits; worked
    # out by hand for these values, so a change of the recipe would orphan old saves' slots.
    [("Ana", "702c20ec767054f2ffb8e6e2672ddc8d"), (None, "0c50658aa391fea39b4f6413b66771b5")],
)
def test_a_format_1_games_id_is_a_fixed_hash_of_its_story_start_and_player(
    player: str | None, game_id: str
) -> None:
    record = parse(_format_1({"player": player}), "old.json")
    assert (record.game_id, record.player) == (game_id, player)


def test_a_format_1_save_whose_story_is_no_object_is_damaged_not_a_crash() -> None:
    with pytest.raises(SaveDamaged) as caught:
        parse(_format_1({"story": "mini"}), "old.json")
    assert caught.value.reason == "'story' should be an object"


def test_two_games_started_in_the_same_second_both_keep_every_step(tmp_path: Path) -> None:
    ana, ben = fresh_game("Ana"), fresh_game("Ben")
    ana_store, ben_store = SaveStore(tmp_path), SaveStore(tmp_path)
    messages: list[str | None] = []
    step: Callable[[Session], object]
    # Ana and Ben take turns, each step autosaved: a choice, then the question it brings.
    for step in (lambda g: g.choose(1), lambda g: g.answer(2)):
        step(ana)
        messages.append(ana_store.autosave(ana))
        step(ben)
        messages.append(ben_store.autosave(ben))
    ben.choose(1)
    messages.append(ben_store.autosave(ben))
    own = ben_store.autosave_slot
    assert own == f"autosave-20260105-090000-{ben.game_id[:6]}"
    assert messages == [
        None,
        "The save slot 'autosave' holds another game that is being played now (player: Ana). "
        f"So that neither game loses progress, this game saves in the slot '{own}'.",
        None,
        None,
        None,
    ]
    assert slot_files(tmp_path) == ["autosave", own]
    assert SaveStore(tmp_path).load("autosave", ana.engine).state == ana.state
    assert SaveStore(tmp_path).load(own, ben.engine).state == ben.state


def test_a_new_game_then_the_old_one_going_on_leaves_one_slot_each(tmp_path: Path) -> None:
    old, new = fresh_game("Ana", "2026-01-05T08:00:00+00:00"), fresh_game("Ben")
    old_store, new_store = SaveStore(tmp_path), SaveStore(tmp_path)
    old.choose(1)
    old_store.autosave(old)
    for _ in range(5):  # both keep playing, back and forth: no ping-pong of files
        new.back() if new.can_go_back() else new.choose(2)
        new_store.autosave(new)
        old.back()
        old.choose(1)
        old_store.autosave(old)
    assert old_store.autosave_slot == "autosave"
    assert slot_files(tmp_path) == ["autosave", new_store.autosave_slot]
    assert holder(tmp_path, "autosave") == ("Ana", 1)
    assert holder(tmp_path, new_store.autosave_slot)[0] == "Ben"


def test_a_game_no_longer_played_gives_autosave_to_a_new_one_and_says_where_it_went(
    tmp_path: Path,
) -> None:
    old, new = fresh_game("Ana", "2026-01-05T08:00:00+00:00"), fresh_game("Ben")
    old_store = SaveStore(tmp_path)
    old.choose(1)
    old_store.autosave(old)
    old_store.close()  # Ana's game has stopped
    new.choose(2)
    assert SaveStore(tmp_path).autosave(new) is None
    own = f"autosave-20260105-080000-{old.game_id[:6]}"
    assert slot_files(tmp_path) == ["autosave", own]
    assert holder(tmp_path, "autosave") == ("Ben", 1)
    assert farewell_lines(old_store, old) == [
        "Another game has taken over the slot 'autosave', so your progress is kept in the "
        f"slot '{own}'; resume with: --load {own} --saves {tmp_path}"
    ]
    assert SaveStore(tmp_path).load(own, old.engine).state == old.state


def test_a_named_slot_of_another_game_is_left_alone(tmp_path: Path) -> None:
    ana, ben = mini_session(), fresh_game("Ben")
    SaveStore(tmp_path).save("mine", ana)
    ben_store = SaveStore(tmp_path)
    path = ben_store.save("mine", ben)
    assert path == tmp_path / "mine-2.json"
    assert ben_store.notes == [
        "The save slot 'mine' holds another game (player: Ana). So that neither game loses "
        "progress, this game saves in the slot 'mine-2'."
    ]
    assert SaveStore(tmp_path).load("mine", ana.engine).state == ana.state
    assert not (tmp_path / "mine.bak.json").exists()


def test_the_same_save_resumed_twice_at_once_loses_no_step(tmp_path: Path) -> None:
    SaveStore(tmp_path).autosave(mini_session(("burn",)))
    one_store, two_store = SaveStore(tmp_path), SaveStore(tmp_path)
    engine = mini_session().engine
    one = session_from(one_store.load("autosave", engine), engine)
    two = session_from(two_store.load("autosave", engine), engine)
    assert one.game_id == two.game_id
    one.answer(2)
    assert one_store.autosave(one) is None
    two.answer(1)
    message = two_store.autosave(two)
    assert message is not None and message.startswith(
        "Another game saved over the slot 'autosave' (player: Ana), which this game was using."
    )
    assert SaveStore(tmp_path).load("autosave", engine).state == one.state
    assert SaveStore(tmp_path).load(two_store.autosave_slot, engine).state == two.state


def test_a_slot_of_the_same_game_id_in_another_story_is_another_game(
    tmp_path: Path, make_story: object
) -> None:
    ana = mini_session()
    SaveStore(tmp_path).save("mine", ana)
    record = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    record["story"] = {"id": "other", "version": 1, "title": "Other"}
    record["checksum"] = checksum(record)
    (tmp_path / "mine.json").write_text(json.dumps(record), encoding="utf-8")
    path = SaveStore(tmp_path).save("mine", ana)
    assert path.name == "mine-2.json"
    assert json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))["story"]["id"] == (
        "other"
    )


def test_the_player_saving_their_own_game_again_overwrites_it(tmp_path: Path) -> None:
    session = mini_session(("burn",))
    SaveStore(tmp_path).save("mine", session)
    session.answer(2)
    store = SaveStore(tmp_path)  # a later sitting of the same game
    assert store.save("mine", session) == tmp_path / "mine.json"
    assert store.notes == []
    assert slot_files(tmp_path) == ["mine"]


@pytest.mark.skipif(os.name == "nt", reason="holds the lock with fcntl")
def test_a_save_waits_for_the_lock_and_gives_up_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from game.saves import files

    store = SaveStore(tmp_path)
    first = mini_session(("burn",))
    store.save("mine", first)
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.2)
    with (tmp_path / files.LOCK_NAME).open("rb") as other_game:
        fcntl.flock(other_game.fileno(), fcntl.LOCK_EX)
        with pytest.raises(SaveError) as caught:
            store.save("mine", mini_session())
    assert str(caught.value) == (
        f"another game has held the lock '{tmp_path / files.LOCK_NAME}' for over 0.2 seconds"
    )
    assert store.load("mine", first.engine).state == first.state
    assert store.save("mine", mini_session()) == tmp_path / "mine.json"


@pytest.mark.parametrize(
    ("state", "moved"),
    [
        ({"path": ["desk", "burn"]}, True),  # two scenes reached: progress
        ({"answers": [{"question": "q-letter", "given": 0, "text": "A gun"}]}, True),
        ({"reflections": [{"reflection": "r-day", "text": "Why?"}]}, True),
        ({}, False),  # the first scene only: nothing to lose, so it becomes the backup
    ],
    ids=["two-scenes", "an-answer", "a-reflection", "nothing"],
)
def test_a_new_game_moves_an_earlier_autosave_aside_only_when_it_holds_progress(
    tmp_path: Path, state: dict[str, object], moved: bool
) -> None:
    old = fresh_game("Ana", "2026-01-05T08:00:00+00:00")
    record = json.loads(encode(old, "2026-01-05T08:30:00+00:00")[0])
    record["state"].update({"path": ["desk"], "log": [], "answers": [], "reflections": []})
    record["state"].update(state)
    (tmp_path / "autosave.json").write_text(json.dumps(_sign(record)), encoding="utf-8")
    new = fresh_game("Ben")
    new.choose(2)
    assert SaveStore(tmp_path).autosave(new) is None
    own = f"autosave-20260105-080000-{old.game_id[:6]}"
    assert slot_files(tmp_path) == (["autosave", own] if moved else ["autosave"])
    assert (tmp_path / "autosave.bak.json").exists() is not moved


def test_a_resumed_save_keeps_the_lesson_length_slot_and_replayed_history(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", mini_session(("burn",)))
    store.save("mine", mini_session())
    engine = Engine(load_story(MINI))
    data = store.load("mine.bak", engine)
    session = session_from(data, engine, limit_seconds=600.0)
    assert (session.slot, session.limit_seconds, session.resumed) == ("mine", 600.0, False)
    assert session.history != []
    assert session_from(data, engine).limit_seconds is None


def test_a_resumed_save_whose_steps_do_not_replay_says_it_was_resumed(tmp_path: Path) -> None:
    record = json.loads(encode(mini_session(), "2026-01-05T10:00:00+00:00")[0])
    record["state"]["log"][0]["choice"] = "ask"  # its path went by 'burn', not the guard
    (tmp_path / "odd.json").write_text(json.dumps(_sign(record)), encoding="utf-8")
    engine = Engine(load_story(MINI))
    session = session_from(read_save_file(tmp_path / "odd.json", engine.story), engine)
    assert (session.resumed, session.history) == (True, [])


def test_another_games_slot_of_forty_letters_gives_a_numbered_name_of_forty(
    tmp_path: Path,
) -> None:
    name = "a" * 40
    SaveStore(tmp_path).save(name, fresh_game("Ana"))
    path = SaveStore(tmp_path).save(name, fresh_game("Ben"))
    assert path.stem == "a" * 38 + "-2"
    assert sorted(s.slot for s in SaveStore(tmp_path).slots()) == [path.stem, name]


def test_a_save_file_read_from_anywhere_is_named_by_its_file(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("handed-in", mini_session())
    data = read_save_file(path, load_story(MINI))
    assert data.slot == "handed-in"
    assert session_from(data, Engine(load_story(MINI))).slot == "handed-in"


def test_a_game_begun_at_a_chapter_autosaves_in_that_chapters_slot(tmp_path: Path) -> None:
    from game.saves.slots import local_time
    from game.saves.store import follow

    engine = Engine(load_story(MINI))
    store = SaveStore(tmp_path)
    follow(store, Session(engine, engine.new_game()[0]))
    assert store.autosave_slot == "autosave"
    follow(store, Session(engine, engine.new_game("afternoon")[0]))
    assert store.autosave_slot == "chapter-afternoon"
    assert local_time("not a time\x1b[2J") == "not a time^[[2J"


@pytest.mark.parametrize("own_taken", [False, True])
def test_a_game_whose_autosave_was_moved_plays_on_in_the_slot_it_was_moved_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_taken: bool
) -> None:
    from game.saves import store

    monkeypatch.setattr(store, "utc_now", lambda: "2026-01-05T08:30:00+00:00")
    old, new = fresh_game("Ana", "2026-01-05T08:00:00+00:00"), fresh_game("Ben")
    old_store = SaveStore(tmp_path)
    old.choose(1)
    old_store.autosave(old)
    old_store.close()
    own = f"autosave-20260105-080000-{old.game_id[:6]}"
    if own_taken:  # then it is moved to the next of its own names, found by looking
        (tmp_path / f"{own}.json").write_text("not a save")
        own += "-2"
    new.choose(2)
    monkeypatch.setattr(store, "utc_now", lambda: "2026-01-05T09:00:00+00:00")  # the newest
    assert SaveStore(tmp_path).autosave(new) is None
    assert old_store.where(old) == own
    old.answer(1)  # Ana plays on: her next autosave goes on in her slot, with no note
    assert old_store.autosave(old) is None
    assert SaveStore(tmp_path).load(own, old.engine).state == old.state
    assert holder(tmp_path, "autosave") == ("Ben", 1)
