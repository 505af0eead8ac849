"""In process: which story a save is of, and which files count as saves (so a report is
never written over one). The CLI tests of these run in subprocesses, which mutmut cannot
see (docs/testing.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from game.saves.store import SaveStore, is_save_file
from game.saves.story_of import StoryChooser
from game.story.checker import load_story
from game.story.model import Story
from tests.conftest import STORIES
from tests.test_saves import mini_session

MINI = STORIES / "mini"


def _chooser(given: Path | None, default: Path) -> tuple[StoryChooser, list[Path]]:
    loaded: list[Path] = []

    def load(folder: Path) -> Story:
        loaded.append(folder)
        return load_story(folder)

    return StoryChooser(given, default, load), loaded


def test_a_save_is_of_the_story_given_else_the_one_it_recorded_else_the_default(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other"
    shutil.copytree(STORIES / "visits", other)
    chooser, loaded = _chooser(None, other)
    assert chooser.for_record("mini", str(MINI)).id == "mini"  # the folder it recorded
    assert chooser.for_record("mini", str(MINI)).id == "mini"
    assert loaded == [MINI]  # each folder is loaded once
    assert chooser.for_record("elsewhere", str(MINI)).id == load_story(other).id  # another id
    assert chooser.for_record("mini", str(tmp_path)).id == load_story(other).id  # no story there
    assert chooser.for_record("mini", None).id == load_story(other).id
    given, _ = _chooser(other, MINI)
    assert given.for_record("mini", str(MINI)).id == load_story(other).id  # --story wins


def test_a_save_file_names_its_story_by_the_folder_it_recorded(tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", mini_session())
    chooser, _ = _chooser(None, STORIES / "visits")
    assert chooser.for_save(path).id == "mini"
    (tmp_path / "broken.json").write_text("{")
    assert chooser.for_save(tmp_path / "broken.json").id == load_story(STORIES / "visits").id


def test_a_slot_name_in_the_save_folder_or_any_file_holding_a_save_is_a_save(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    handed = SaveStore(tmp_path / "in").save("handed", mini_session())
    (tmp_path / "report.md").write_bytes(handed.read_bytes())  # a save, however named
    (tmp_path / "shape.json").write_text(json.dumps({"format": 2}))  # no state: not a save
    (tmp_path / "list.json").write_text("[1]")
    assert is_save_file(saves / "mine.json", saves)  # a slot, even before it exists
    assert is_save_file(saves / "mine.bak.json", saves)
    assert is_save_file(tmp_path / "report.md", saves)
    assert is_save_file(handed, saves)
    for not_a_save in (
        saves / "mine",
        saves / "bad name.json",
        tmp_path / "mine.json",
        tmp_path / "shape.json",
        tmp_path / "list.json",
    ):
        assert not is_save_file(not_a_save, saves), not_a_save
