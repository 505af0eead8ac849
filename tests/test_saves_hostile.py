"""Hostile save folders: numbers out of range, links, FIFOs, device names, unsaveable games."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from game.errors import SaveError
from game.saves.savefile import checksum
from game.saves.store import SaveStore, valid_slot
from tests.conftest import ROOT, STORIES, run_cli
from tests.test_saves import mini_session

MINI = STORIES / "mini"
POSIX = pytest.mark.skipif(os.name == "nt", reason="needs POSIX links and FIFOs")

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Edit:
    """An edit that sets the field at a dotted path (list indexes as numbers)."""

    def edit(record: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = record
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value

    return edit


# Each is signed with a valid checksum: only the range checks stand between it and a crash.
OUT_OF_RANGE = {
    "played_seconds 10**400": _set("played_seconds", 10**400),
    "played_seconds negative": _set("played_seconds", -1),
    "saved_at in year 1 at +23:59": _set("saved_at", "0001-01-01T00:00:00+23:59"),
    "started_at in year 9999 at -23:59": _set("started_at", "9999-12-31T23:59:59-23:59"),
    "a variable of 10**20": _set("state.variables.doubts", 10**20),
    "story version 10**400": _set("story.version", 10**400),
    "an answer's option 10**400": _set("state.answers.0.given", 10**400),
}


def hostile_folder(folder: Path, edit: Edit, slot: str = "autosave") -> Path:
    """A save folder whose `slot` is signed but edited, with an intact backup beside it."""
    store = SaveStore(folder)
    store.save(slot, mini_session(("burn",)))
    store.save(slot, mini_session())
    path = folder / f"{slot}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    record["checksum"] = checksum(record)
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_a_signed_save_out_of_range_is_damaged_everywhere_it_is_read(
    tmp_path: Path, edit: Edit
) -> None:
    path = hostile_folder(tmp_path, edit)
    store = SaveStore(tmp_path)
    (info,) = store.slots()
    assert info.damaged is not None and "should be" in info.damaged
    with pytest.raises(SaveError) as caught:
        store.load("autosave", mini_session().engine)
    assert "Its backup from " in str(caught.value)
    backup = store.load("autosave.bak", mini_session().engine)
    assert backup.state == mini_session(("burn",)).state
    # The next autosave moves it aside (kept as it was) and saves again.
    before = path.read_bytes()
    message = store.autosave(mini_session())
    assert message is not None and "could not be read (" in message, message
    (aside,) = tmp_path.glob("autosave.damaged-*.json")
    assert aside.read_bytes() == before
    assert store.load("autosave", mini_session().engine).state == mini_session().state


@pytest.mark.parametrize("name", ["played_seconds 10**400", "saved_at in year 1 at +23:59"])
def test_the_commands_say_a_signed_save_out_of_range_is_damaged(tmp_path: Path, name: str) -> None:
    saves = tmp_path / "saves"
    hostile_folder(saves, OUT_OF_RANGE[name])
    listing = run_cli("saves", "--saves", str(saves))
    assert listing.returncode == 0 and listing.stderr == ""
    assert "autosave  " in listing.stdout and "(damaged, see below)" in listing.stdout
    assert "Its backup from " in listing.stdout
    report = run_cli("report", "autosave", "--saves", str(saves), "--story", str(MINI))
    assert report.returncode == 1 and report.stdout == ""
    assert report.stderr.startswith("Error: the save slot 'autosave' is damaged: '")
    assert report.stderr.count("\n") == 1 and "load the slot 'autosave.bak'" in report.stderr
    summary = run_cli("class", str(saves), "--story", str(MINI))
    assert "Traceback" not in summary.stderr
    assert summary.returncode == 1 and "autosave.json" in summary.stderr
    played = run_cli("--story", str(MINI), "--saves", str(saves), input="1\n")
    assert played.returncode == 0 and played.stderr == ""
    assert "The save slot 'autosave' could not be read (" in played.stdout


def test_a_report_with_a_date_out_of_range_is_not_a_crash(tmp_path: Path) -> None:
    hostile_folder(tmp_path, lambda r: None)
    args = ["--saves", str(tmp_path), "--story", str(MINI), "--format", "json"]
    result = run_cli("report", "autosave", *args)
    report = json.loads(result.stdout)
    report["started_at"] = "0001-01-01T00:00:00+23:59"
    report["player"] = "Ana"
    (tmp_path / "classroom").mkdir()
    (tmp_path / "classroom" / "ana.json").write_text(json.dumps(report), encoding="utf-8")
    summary = run_cli("class", str(tmp_path / "classroom"), "--story", str(MINI))
    assert summary.returncode == 0 and "Traceback" not in summary.stderr
    assert "Ana" in summary.stdout


# --- a game that cannot be saved ---------------------------------------------------
UNSAVEABLE: dict[str, tuple[Callable[[Any], None], str]] = {
    "a variable past the integer-string limit": (
        lambda s: setattr(s, "state", _with_doubts(s.state, 10**5000)),
        "the story variable 'doubts' has grown past ±1,000,000,000,000,000, more than a save holds",
    ),
    "a variable past 10**15": (
        lambda s: setattr(s, "state", _with_doubts(s.state, 10**16)),
        "the story variable 'doubts' has grown past ±1,000,000,000,000,000, more than a save holds",
    ),
}


def _with_doubts(state: Any, value: int) -> Any:
    return dataclasses.replace(state, variables={**state.variables, "doubts": value})


@pytest.mark.parametrize("spoil, reason", UNSAVEABLE.values(), ids=UNSAVEABLE.keys())
def test_a_game_that_cannot_be_saved_says_so_and_keeps_the_previous_save(
    tmp_path: Path, spoil: Callable[[Any], None], reason: str
) -> None:
    store = SaveStore(tmp_path)
    session = mini_session(("burn",))
    store.autosave(session)
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.glob("*.json"))
    spoiled = mini_session()
    spoil(spoiled)
    with pytest.raises(SaveError) as caught:
        store.save("mine", spoiled)
    assert str(caught.value) == f"this game cannot be saved: {reason}"
    assert store.autosave(spoiled) == (
        f"Saving is off: this game cannot be saved: {reason}. You can play on, but progress "
        "is not saved."
    )
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.glob("*.json")) == before
    assert store.load("autosave", session.engine).state == session.state


@pytest.mark.parametrize("played", [float("inf"), float("nan"), 1e12, -5.0])
def test_a_clock_gone_wrong_caps_the_play_time_and_still_saves(
    tmp_path: Path, played: float
) -> None:
    session = mini_session()
    session.played_before = played
    store = SaveStore(tmp_path)
    assert store.autosave(session) is None
    saved = store.load("autosave", session.engine).played_seconds
    assert saved == (0.0 if played != played or played < 0 else 10_000_000.0)


def test_a_name_that_is_not_unicode_text_is_not_a_crash(tmp_path: Path) -> None:
    session = mini_session()
    session.player = "Ana \ud800"
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save("mine", session)
    assert str(caught.value).startswith("this game cannot be saved: ")


# --- links ---------------------------------------------------------------------------
@POSIX
def test_a_slot_that_is_a_link_is_neither_followed_nor_written_through(tmp_path: Path) -> None:
    saves, outside = tmp_path / "saves", tmp_path / "outside.txt"
    saves.mkdir()
    outside.write_text("precious")
    (saves / "mine.json").symlink_to(outside)
    store = SaveStore(saves)
    assert store.save("mine", mini_session()) == saves / "mine-2.json"
    assert store.notes == [
        "The save slot 'mine' is a symbolic link, which the game never writes through. So that "
        "neither game loses progress, this game saves in the slot 'mine-2'."
    ]
    assert outside.read_text() == "precious"
    with pytest.raises(SaveError) as caught:
        SaveStore(saves).load("mine", mini_session().engine)
    assert "it is a symbolic link, which the game does not follow" in str(caught.value)
    damaged = {s.slot: s.damaged for s in SaveStore(saves).slots()}
    assert damaged == {
        "mine": "it is a symbolic link, which the game does not follow",
        "mine-2": None,
    }


@POSIX
def test_a_backup_that_is_a_link_is_replaced_not_written_through(tmp_path: Path) -> None:
    saves, outside = tmp_path / "saves", tmp_path / "outside.txt"
    store = SaveStore(saves)
    store.save("mine", mini_session(("burn",)))
    outside.write_text("precious")
    (saves / "mine.bak.json").symlink_to(outside)
    store.save("mine", mini_session())
    assert outside.read_text() == "precious"
    assert not (saves / "mine.bak.json").is_symlink()
    assert store.load("mine.bak", mini_session().engine).state == mini_session(("burn",)).state


@POSIX
def test_temporary_files_never_follow_a_planted_link(tmp_path: Path) -> None:
    saves, outside = tmp_path / "saves", tmp_path / "written-outside.json"
    saves.mkdir()
    # Where the game once put its temporary file (its pid is known), and a stale one.
    (saves / f".mine.json.{os.getpid()}.tmp").symlink_to(outside)
    (saves / ".mine.json.99999.tmp").symlink_to(tmp_path / "nowhere")
    SaveStore(saves).save("mine", mini_session())
    assert not outside.exists()
    assert [p.name for p in saves.glob(".mine.json.*")] == []
    assert SaveStore(saves).load("mine", mini_session().engine).state == mini_session().state


@POSIX
def test_lock_files_that_are_links_are_not_followed(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    session = mini_session()
    (saves / f".game-{session.game_id}.lock").symlink_to(tmp_path / "game-lock-outside")
    SaveStore(saves).save("mine", session)
    assert not (tmp_path / "game-lock-outside").exists()
    (saves / ".special-tasks.lock").unlink()
    (saves / ".special-tasks.lock").symlink_to(tmp_path / "lock-outside")
    store = SaveStore(saves)
    assert store.autosave(session) == (
        f"Saving is off: the lock file '{saves / '.special-tasks.lock'}' is a symbolic link, "
        "which the game does not follow: remove it. You can play on, but progress is not saved."
    )
    assert not (tmp_path / "lock-outside").exists()


# --- FIFOs ---------------------------------------------------------------------------
def _run(*args: str, input: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI with a short timeout: a FIFO opened for reading would block it for ever."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=30,
    )


@POSIX
def test_a_fifo_in_place_of_a_save_never_blocks(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    os.mkfifo(saves / "autosave.json")
    os.mkfifo(tmp_path / "handed-in.json")
    listing = _run("saves", "--saves", str(saves))
    assert listing.returncode == 0
    assert "it is not a regular file (a pipe or a device?)" in listing.stdout
    for target in ("autosave", str(tmp_path / "handed-in.json")):
        report = _run("report", target, "--saves", str(saves), "--story", str(MINI))
        assert report.returncode == 1 and "it is not a regular file" in report.stderr
    played = _run("--story", str(MINI), "--saves", str(saves), input="1\n")
    assert played.returncode == 0 and played.stderr == ""
    assert "The save slot 'autosave' is not a regular file, which the game never writes " in (
        played.stdout
    )
    (tmp_path / "class").mkdir()
    os.mkfifo(tmp_path / "class" / "ana.json")
    summary = _run("class", str(tmp_path / "class"), "--story", str(MINI))
    assert summary.returncode == 1 and "Traceback" not in summary.stderr


@POSIX
def test_the_title_screen_lists_hostile_saves_without_blocking_or_crashing(
    tmp_path: Path,
) -> None:
    from tests.test_pty import start

    saves = tmp_path / "saves"
    hostile_folder(saves, OUT_OF_RANGE["played_seconds 10**400"], slot="big")
    os.mkfifo(saves / "autosave.json")
    terminal = start(tmp_path)
    with terminal:
        terminal.wait_for("1. New game")
        terminal.wait_for("Load a saved game")
        terminal.type("q\r")
        assert "Traceback" not in terminal.screen


# --- names -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt1", "LpT9"]
)
def test_windows_device_names_are_refused_as_slots(tmp_path: Path, name: str) -> None:
    with pytest.raises(SaveError) as caught:
        SaveStore(tmp_path).save(name, mini_session())
    assert str(caught.value) == (
        f"'{name}' cannot name a save slot: Windows keeps that name for a device (con, prn, aux, "
        "nul, com0-com9, lpt0-lpt9); choose another, for example: my-game"
    )
    assert not list(tmp_path.glob("*.json"))


def test_names_that_only_look_like_devices_are_fine() -> None:
    for name in ("console", "con-1", "com10", "lpt", "nul_x", "auxiliary"):
        assert valid_slot(name) == name


def test_a_device_name_typed_in_the_game_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("--story", str(MINI), "--saves", str(tmp_path), input="save nul\n")
    assert "Not saved: 'nul' cannot name a save slot: Windows keeps that name for a device" in (
        result.stdout
    )
    loaded = run_cli("--story", str(MINI), "--saves", str(tmp_path), "--load", "COM1")
    assert loaded.returncode == 1 and loaded.stderr.startswith("Error: 'COM1' cannot name")


# --- a report never replaces a save ------------------------------------------------------
@pytest.fixture
def played(tmp_path: Path) -> Iterator[Path]:
    """tmp_path with saves/ holding an autosave and its backup of a mini game."""
    result = run_cli("--story", str(MINI), "--saves", "saves", input="1\n2\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    yield tmp_path


@pytest.mark.parametrize(
    "source, output",
    [
        ("autosave", "saves/autosave.json"),
        ("autosave", "saves/autosave.bak.json"),
        ("autosave", "saves/new-slot.json"),
        ("autosave", "./saves/../saves/autosave.json"),
        ("saves/autosave.json", "saves/autosave.json"),
        ("autosave", "copy-of-a-save.json"),
    ],
)
def test_a_report_is_never_written_over_a_save(played: Path, source: str, output: str) -> None:
    (played / "copy-of-a-save.json").write_bytes((played / "saves/autosave.json").read_bytes())
    before = {p: p.read_bytes() for p in played.rglob("*.json")}
    args = ["report", source, "--saves", "saves", "--story", str(MINI), "-o", output]
    result = run_cli(*args, cwd=played)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"Error: '{Path(output)}' is ")
    assert "choose another name for -o" in result.stderr
    assert {p: p.read_bytes() for p in played.rglob("*.json")} == before


def test_a_report_beside_the_saves_is_written(played: Path) -> None:
    args = ["report", "autosave", "--saves", "saves", "--story", str(MINI), "-o", "ana.md"]
    result = run_cli(*args, cwd=played)
    assert result.returncode == 0, result.stderr
    assert (played / "ana.md").read_text(encoding="utf-8").startswith("# Report: The Letter")
