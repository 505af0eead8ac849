"""In process: which save `report` reads (report_source, its one resolver of SLOT|FILE, the
save folder and --name), the error for each input it cannot use, and that each save is read
and parsed once, its story chosen from that parse. The CLI tests of `report` pin the same
messages from a subprocess (tests/test_report.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.classroom.class_folder import read_entry
from game.classroom.report_command import playthrough, report_source
from game.errors import SaveError, UsageError
from game.saves import savefile
from game.saves.record import SaveRecord
from game.saves.store import SaveStore
from game.saves.story_of import StoryChooser
from game.story.checker import load_story
from tests.conftest import STORIES
from tests.test_saves import mini_session

MINI = STORIES / "mini"


def _saves(tmp_path: Path) -> Path:
    """A save folder with the slot 'ana' of a game played without --name, and a player
    folder 'bea/' with the slot 'bea'."""
    saves = tmp_path / "saves"
    SaveStore(saves).save("ana", mini_session())
    bea = mini_session()
    bea.player = "Bea"
    SaveStore(saves / "bea").save("bea", bea)
    return saves


def _error(target: str | None, saves: Path, name: str | None = None) -> str:
    chooser = StoryChooser(None, MINI, load_story)
    with pytest.raises(SaveError) as caught:
        playthrough(report_source(target, saves, name), chooser.for_parsed)
    return caught.value.message


def test_a_slot_is_the_players_and_else_that_of_a_game_played_without_a_name(
    tmp_path: Path,
) -> None:
    saves = _saves(tmp_path)
    chooser = StoryChooser(None, MINI, load_story)
    own = report_source("bea", saves, "Bea")
    assert (own.store.folder, own.slot, own.file) == (saves / "bea", "bea", None)
    assert playthrough(own, chooser.for_parsed).player == "Bea"
    flat = report_source("ana", saves, "Bea")  # not in bea/: the one played without a name
    assert (flat.store.folder, flat.slot) == (saves, "ana")
    assert playthrough(flat, chooser.for_parsed).player == "Ana"
    file = report_source(str(saves / "ana.json"), saves, "Bea")
    assert (file.slot, file.file) == (None, saves / "ana.json")
    newest = report_source(None, saves, "Bea")
    assert (newest.store.folder, newest.slot, newest.file) == (saves / "bea", None, None)
    assert playthrough(newest, chooser.for_parsed).player == "Bea"


def test_each_input_that_cannot_be_reported_on_says_why(tmp_path: Path) -> None:
    saves = _saves(tmp_path)
    (saves / "bad.json").write_text("{", encoding="utf-8")
    os.utime(saves / "bad.json", (0, 0))  # listed by its time, after 'ana'
    (tmp_path / "folder").mkdir()
    slots = "(slots: ana, bad)"
    assert _error("nobody", saves) == f"there is no save slot 'nobody' in '{saves}' {slots}"
    # Under --name, a slot found nowhere is said of the folder of games without a name.
    assert _error("nobody", saves, "Bea") == f"there is no save slot 'nobody' in '{saves}' {slots}"
    assert _error("ana.bak", saves) == f"there is no save slot 'ana.bak' in '{saves}' {slots}"
    assert _error("bad", saves) == (
        "the save slot 'bad' is damaged: it is not valid JSON (Expecting property name enclosed "
        "in double quotes at line 1, column 2); there is no intact backup"
    )
    assert _error(str(tmp_path / "folder"), saves) == (
        f"'{tmp_path / 'folder'}' is a folder, not a save file"
    )
    assert _error(str(tmp_path / "gone.json"), saves) == (
        f"there is no save file '{tmp_path / 'gone.json'}'"
    )
    assert _error(None, saves, "Cy") == (
        f"there are no saves in '{saves / 'cy'}' to report on: play first, "
        "or name a save file or slot (see: special-tasks saves)"
    )
    assert _error(None, tmp_path / "none") == (
        f"there are no saves in '{tmp_path / 'none'}' to report on: play first, "
        "or name a save file or slot (see: special-tasks saves)"
    )


def test_a_story_that_cannot_be_loaded_is_said_before_a_save_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    saves = _saves(tmp_path)
    (saves / "bad.json").write_text("{", encoding="utf-8")
    chooser = StoryChooser(tmp_path / "no-story", MINI, load_story)
    for target in ("bad", "nobody", str(saves / "bad.json"), str(tmp_path / "gone.json")):
        with pytest.raises(UsageError, match="no story folder at"):
            playthrough(report_source(target, saves, None), chooser.for_parsed)


def test_each_save_is_parsed_once_and_its_story_chosen_from_that_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = _saves(tmp_path)
    parsed: list[str] = []
    real = savefile.parse

    def counted(data: bytes, shown: str) -> SaveRecord:
        parsed.append(Path(shown).name)
        return real(data, shown)

    monkeypatch.setattr(savefile, "parse", counted)
    chooser = StoryChooser(None, MINI, load_story)
    for target in ("ana", str(saves / "ana.json")):
        parsed.clear()
        assert playthrough(report_source(target, saves, None), chooser.for_parsed).player == "Ana"
        assert parsed == ["ana.json"]
    parsed.clear()
    entry = read_entry(saves / "ana.json", "ana.json", chooser.for_parsed)  # `class`
    assert (entry.kind, entry.name, parsed) == ("save", "Ana", ["ana.json"])
