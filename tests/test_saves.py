"""Save slots: format, atomic writes with backups, damaged files, bad names, the CLI."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.engine.session import Session
from game.errors import SaveError
from game.saves.savefile import FORMAT, checksum
from game.saves.store import SaveStore, read_save_file, save_dir, session_from, valid_slot
from game.story.checker import load_story
from game.ui.savetext import farewell_lines, slot_table
from tests.conftest import STORIES, run_cli

MINI = STORIES / "mini"


def mini_session(steps: tuple[str, ...] = ("burn", "answer:1", "continue")) -> Session:
    """A mini-story session after `steps` (choice ids, 'answer:N', 'continue')."""
    engine = Engine(load_story(MINI))
    state, _ = engine.new_game()
    session = Session(engine, state, player="Ana", started_at="2026-01-05T09:00:00+00:00")
    return take_steps(session, steps)


def take_steps(session: Session, steps: tuple[str, ...]) -> Session:
    """`session` after `steps`: choice ids (the number of the choice on offer with that id),
    'answer:N' or 'continue'."""
    for step in steps:
        if step == "continue":
            session.advance()
        elif step.startswith("answer:"):
            session.answer(int(step.split(":")[1]))
        else:
            offered = [c.id for c in session.engine.available(session.state)]
            session.choose(offered.index(step) + 1)
    return session


def rewrite(path: Path, edit: dict[str, object], *, sign: bool) -> None:
    """Change top-level fields of a save file, re-signing it or not."""
    record = json.loads(path.read_text(encoding="utf-8"))
    record.update(edit)
    if sign:
        record["checksum"] = checksum(record)
    path.write_text(json.dumps(record), encoding="utf-8")


def test_save_then_load_gives_back_the_same_game(tmp_path: Path) -> None:
    session = mini_session()
    store = SaveStore(tmp_path / "saves")
    path = store.save("before-raid", session)
    assert path == tmp_path / "saves" / "before-raid.json"
    data = SaveStore(tmp_path / "saves").load("before-raid", session.engine)
    assert data.state == session.state
    assert (data.slot, data.player, data.story_id, data.story_version) == (
        "before-raid",
        "Ana",
        "mini",
        2,
    )
    assert data.started_at == "2026-01-05T09:00:00+00:00"
    assert data.notes == ()
    resumed = session_from(data, session.engine)
    assert (resumed.slot, resumed.player, resumed.started_at) == (
        "before-raid",
        "Ana",
        "2026-01-05T09:00:00+00:00",
    )
    assert resumed.played_seconds >= data.played_seconds


def test_the_file_is_versioned_json_naming_everything_by_id(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("one", mini_session())
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["format"] == FORMAT == 2
    assert re.fullmatch(r"[0-9a-f]{32}", record["game"])
    assert record["story"] == {
        "id": "mini", "version": 2, "title": "The Letter", "folder": str(MINI.resolve()),
    }  # fmt: skip
    # sha256 of the compact, key-sorted JSON of all but the checksum, worked out here.
    body = {k: v for k, v in record.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    assert record["checksum"] == "sha256:" + hashlib.sha256(canonical).hexdigest()
    state = record["state"]
    assert state["scene"] == "open" and state["chapter"] == "morning"
    assert state["path"] == ["desk", "burn", "open"]
    assert state["log"] == [{"scene": "desk", "choice": "burn", "historical": False}]
    assert state["answers"] == [{"question": "q-letter", "given": 0, "text": "A gun"}]
    # Compact JSON, one line (the C encoder; pretty-printing costs a long game dearly).
    assert path.read_text(encoding="utf-8").startswith('{"format":2,"game":"')
    assert path.read_text(encoding="utf-8").count("\n") == 1


def test_saving_again_keeps_the_previous_version_as_backup(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    first = mini_session(("burn",))
    store.save("mine", first)
    old = (tmp_path / "mine.json").stat()
    second = mini_session()
    store.save("mine", second)
    assert store.load("mine", second.engine).state == second.state
    assert store.load("mine.bak", second.engine).state == first.state
    # The backup is made by renaming the old file (a second name of it), never by rewriting it.
    backup = (tmp_path / "mine.bak.json").stat()
    assert (backup.st_ino, backup.st_dev) == (old.st_ino, old.st_dev)


def test_hand_edited_slot_is_damaged_and_the_backup_is_offered(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    session = mini_session()
    store.save("mine", mini_session(("burn",)))
    store.save("mine", session)
    rewrite(tmp_path / "mine.json", {"played_seconds": 99999}, sign=False)
    with pytest.raises(SaveError) as caught:
        store.load("mine", session.engine)
    assert str(caught.value).startswith(
        "the save slot 'mine' is damaged: its checksum does not match, so it was damaged or "
        "edited by hand. Its backup from "
    )
    assert str(caught.value).endswith("is intact: load the slot 'mine.bak' to resume from there")


def test_damaged_slot_without_backup_says_so(tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_bytes(b'{"format": 1, "story": ')
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).load("mine", mini_session().engine)
    assert str(caught.value) == (
        "the save slot 'mine' is damaged: it is not valid JSON (Expecting value at line 1, "
        "column 24); there is no intact backup"
    )


def test_a_save_from_a_future_version_is_refused_clearly(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    rewrite(path, {"format": 3}, sign=True)
    with pytest.raises(SaveError) as caught:
        read_save_file(path, load_story(MINI))
    assert str(caught.value) == (
        f"the save file '{path}' was made by a newer version of Special Tasks (save format 3; "
        "this version reads format 2): update the game to load it"
    )


def test_a_save_of_another_story_is_refused(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    rewrite(path, {"story": {"id": "other", "version": 1, "title": "Other"}}, sign=True)
    with pytest.raises(SaveError) as caught:
        read_save_file(path, load_story(MINI))
    assert str(caught.value) == (
        f"'{path}' is a save of the story 'Other' (other), not of 'The Letter' (mini); "
        "play it with --story and that story's folder"
    )


def test_signed_file_with_a_wrong_type_names_the_field(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    record = json.loads(path.read_text(encoding="utf-8"))
    record["state"]["log"][0]["historical"] = "yes"
    rewrite(path, record, sign=True)
    with pytest.raises(SaveError) as caught:
        read_save_file(path, load_story(MINI))
    assert str(caught.value) == (
        f"the save file '{path}' is damaged: 'state.log[0].historical' should be true or false"
    )


@pytest.mark.parametrize(
    "name", ["", "../escape", "a/b", "x" * 41, "dot.json", "caf\u00e9", "esc\x1b[2J", " lead"]
)
def test_slot_names_outside_the_pattern_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save(name, mini_session())
    assert "cannot name a save slot: use 1 to 40 letters, digits, '-' or '_'" in str(caught.value)
    assert "\x1b" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    assert list(tmp_path.parent.glob("escape*")) == []


def test_valid_slot_names_pass_unchanged() -> None:
    for name in ("autosave", "x" * 40, "Before_the-Raid2"):
        assert valid_slot(name) == name


def test_autosave_onto_a_damaged_autosave_moves_it_aside_and_says_so(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    (tmp_path / "autosave.json").write_bytes(b"\x00\xff garbage")
    message = store.autosave(mini_session())
    assert message is not None and store.enabled
    (aside,) = tmp_path.glob("autosave.damaged-*.json")
    assert aside.read_bytes() == b"\x00\xff garbage"
    assert message == (
        "The save slot 'autosave' could not be read (it is not UTF-8 text); it was kept as "
        f"'{aside}' and a new save was written."
    )
    assert store.load("autosave", mini_session().engine).state == mini_session().state


def test_unwritable_save_folder_turns_saving_off_once_and_the_game_goes_on(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("not a folder")
    store = SaveStore(blocker)
    session = mini_session(("burn",))
    assert store.autosave(session) == (
        f"Saving is off: the save folder '{blocker}' is a file, not a folder. "
        "You can play on, but progress is not saved."
    )
    assert not store.enabled
    session.answer(1)
    assert store.autosave(session) is None
    assert farewell_lines(store, session) == ["Saving was off, so the last steps were not saved."]


# Write failures that do not depend on permissions (CI runs as root): test_saves_failures.py


def test_a_folder_where_the_slot_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "mine.json").mkdir()
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError) as caught:
        store.save("mine", mini_session())
    assert str(caught.value) == (
        f"'{tmp_path / 'mine.json'}' is a folder, so nothing can be saved in its place"
    )
    with pytest.raises(SaveError) as caught:
        store.load("mine", mini_session().engine)
    assert "is a folder, not a save file" in str(caught.value)


def test_a_new_game_keeps_the_earlier_autosave_as_a_slot_of_its_own(tmp_path: Path) -> None:
    earlier = mini_session()
    SaveStore(tmp_path).autosave(earlier)
    fresh = mini_session(("open",))
    fresh.started_at = "2026-02-01T10:00:00+00:00"
    store = SaveStore(tmp_path)
    assert store.autosave(fresh) is None
    (kept,) = tmp_path.glob("autosave-*.json")
    assert store.load(kept.stem, earlier.engine).state == earlier.state
    assert store.load("autosave", fresh.engine).state == fresh.state


def test_playing_on_from_the_autosave_overwrites_it(tmp_path: Path) -> None:
    SaveStore(tmp_path).autosave(mini_session(("burn",)))
    store = SaveStore(tmp_path)
    data = store.load("autosave", mini_session().engine)
    session = session_from(data, mini_session().engine)
    session.answer(1)
    assert store.autosave(session) is None
    names = sorted(p.name for p in tmp_path.iterdir())
    lock = f".game-{session.game_id}.lock"
    assert names == [lock, ".special-tasks.lock", "autosave.bak.json", "autosave.json"]


def test_save_dir_prefers_the_option_then_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPECIAL_TASKS_SAVES", raising=False)
    assert save_dir(None) == Path("saves")
    monkeypatch.setenv("SPECIAL_TASKS_SAVES", str(tmp_path / "env"))
    assert save_dir(None) == tmp_path / "env"
    assert save_dir(tmp_path / "opt") == tmp_path / "opt"
    assert not (tmp_path / "env").exists()


def test_slots_are_listed_newest_first_with_damaged_ones_explained(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("first", mini_session(("burn",)))
    rewrite(tmp_path / "first.json", {"saved_at": "2026-01-01T08:00:00+00:00"}, sign=True)
    store.save("second", mini_session())
    (tmp_path / "broken.json").write_text("{}")
    names = [(s.slot, s.damaged) for s in store.slots()]
    assert names[0][0] == "broken" and names[0][1] == "it is not a save (no save format number)"
    assert names[1:] == [("second", None), ("first", None)]
    assert store.newest() == "second"


def test_slot_table_is_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    store = SaveStore(tmp_path)
    store.save("mine", mini_session())
    rewrite(tmp_path / "mine.json", {"saved_at": "2026-03-04T05:06:07+00:00"}, sign=True)
    assert slot_table(SaveStore(tmp_path / "none")) == [f"No saves in '{tmp_path / 'none'}' yet."]
    assert slot_table(store) == [
        f"Saves in '{tmp_path}':",
        "",
        "name  player  story    chapter  progress           saved",
        "mine  Ana     mini v2  Morning  50%, 2 of 2 facts  2026-03-04 05:06",
    ]


# --- through the command line ----------------------------------------------------------
def test_save_in_the_plain_protocol_then_load_resumes_at_the_same_scene(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    first = run_cli("--story", str(MINI), "--saves", saves, input="2\n1\n\nsave mine\nquit\n")
    assert first.returncode == 0 and first.stderr == ""
    assert "> save mine\nSaved in the slot 'mine' (" in first.stdout
    assert first.stdout.endswith(
        f"Your progress is saved in the slot 'autosave'; resume with: --load autosave --saves "
        f"{saves}\n"
        "Goodbye.\n"
    )
    second = run_cli(
        "--story",
        str(MINI),
        "--saves",
        saves,
        "--load",
        "mine",
        input="journal\n",
        env={"TZ": "UTC"},
    )
    assert second.returncode == 0 and second.stderr == ""
    resumed = second.stdout.split("Type help at any choice for the commands.\n", 1)[1]
    assert resumed.startswith("\nResuming the save slot 'mine', saved ")
    assert resumed.split("\n", 2)[2].startswith(
        "\n== Chapter 1 of 2: Morning ==\n\nThe letter\nAugust 1940\n\nIt is a list of names.\n\n"
        "What do you do?\n  1. File it.\n> journal\n\nJournal: 2 of 2 fact notes found.\n"
    )


def test_saves_command_lists_the_slots(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    run_cli("--story", str(MINI), "--saves", str(saves), input="1\n2\n")
    result = run_cli("saves", "--saves", str(saves), env={"TZ": "UTC"})
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"Saves in '{saves}':",
        "",
        "name      player  story    chapter  progress           saved",
    ]
    assert lines[3].startswith("autosave  -       mini v2  Morning  50%, 2 of 2 facts  20")
    assert len(lines) == 4


def test_saves_command_uses_the_environment_folder(tmp_path: Path) -> None:
    result = run_cli("saves", env={"SPECIAL_TASKS_SAVES": str(tmp_path / "s")})
    assert result.stdout == f"No saves in '{tmp_path / 's'}' yet.\n"


def test_corrupted_slot_on_the_command_line_offers_the_backup_which_loads(
    tmp_path: Path,
) -> None:
    saves = str(tmp_path / "saves")
    # A checkpoint saved again ('save' alone re-saves the last one) keeps the first as backup.
    run_cli("--story", str(MINI), "--saves", saves, input="2\n1\n\nsave mine\n1\nsave\n")
    slot = tmp_path / "saves" / "mine.json"
    slot.write_bytes(slot.read_bytes()[:100])
    broken = run_cli("--story", str(MINI), "--saves", saves, "--load", "mine")
    assert broken.returncode == 1 and broken.stdout == ""
    assert broken.stderr.startswith(
        "Error: the save slot 'mine' is damaged: it is not valid JSON (Unterminated string"
    )
    assert "load the slot 'mine.bak' to resume from there" in broken.stderr
    assert broken.stderr.count("\n") == 1
    backup = run_cli("--story", str(MINI), "--saves", saves, "--load", "mine.bak", input="")
    assert backup.returncode == 0 and backup.stderr == ""
    assert "Resuming the save slot 'mine.bak'" in backup.stdout
    assert "The letter\nAugust 1940\n\nIt is a list of names." in backup.stdout


def test_plain_load_command_switches_to_the_saved_game(tmp_path: Path) -> None:
    saves = str(tmp_path / "saves")
    run_cli("--story", str(MINI), "--saves", saves, input="1\n2\nsave opened\n")
    result = run_cli(
        "--story", str(MINI), "--saves", saves, input="load nothing\nload opened\njournal\n"
    )
    assert "Not loaded: there is no save slot 'nothing' in " in result.stdout
    assert "Resuming the save slot 'opened'" in result.stdout
    assert "Journal: 2 of 2 fact notes found." in result.stdout


def test_unusable_save_folder_warns_once_and_the_game_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("--story", str(MINI), "--saves", str(blocker), input="1\n2\n1\n\n\nok\n")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("Saving is off: ") == 1
    assert "The end." in result.stdout


def test_bad_slot_name_on_the_command_line_is_one_clean_line(tmp_path: Path) -> None:
    result = run_cli("--story", str(MINI), "--saves", str(tmp_path), "--load", "../../etc/passwd")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: '../../etc/passwd' cannot name a save slot: use 1 to 40 letters, digits, '-' "
        "or '_' (for example: before-the-raid)\n"
    )


def test_a_named_save_is_a_checkpoint_that_stays_where_it_was_saved(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    # At 'open' (after 'Burn it unread', its reality and the question): a checkpoint, then on.
    played = run_cli(
        "--story", str(MINI), "--saves", str(saves), "--no-shuffle",
        input="2\n1\n\nsave before\n1\n",
    )  # fmt: skip
    assert "Saved in the slot 'before'" in played.stdout
    assert "Your progress is saved in the slot 'autosave'; resume with: --load autosave" in (
        played.stdout
    )
    assert json.loads((saves / "before.json").read_text())["state"]["scene"] == "open"
    assert json.loads((saves / "autosave.json").read_text())["state"]["scene"] == "afternoon"
    assert not (saves / "before.bak.json").exists()
    back = run_cli(
        "--story", str(MINI), "--saves", str(saves), "--no-shuffle", "--load", "before",
        input="",
    )  # fmt: skip
    assert "Resuming the save slot 'before'" in back.stdout
    assert "It is a list of names." in back.stdout
    # Playing on from the checkpoint moves the autosave, never the checkpoint.
    run_cli(
        "--story", str(MINI), "--saves", str(saves), "--no-shuffle", "--load", "before",
        input="1\n",
    )  # fmt: skip
    assert json.loads((saves / "before.json").read_text())["state"]["scene"] == "open"
