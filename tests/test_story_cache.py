"""The parsed-story cache: warm loads give the same story and verdicts as cold ones, and a
damaged, foreign or stale cache file, or one that cannot be written, only costs a cold load."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from game.story.cache import Result, cache_dir, checked
from game.story.checker import check_folder
from game.story.conditions import Condition
from tests.conftest import ROOT, STORIES, run_cli

LONG_AGO = 1_600_000_000  # 2020: older than the cache's two-second guard against racy edits


def _deep(value: object) -> Any:
    """Everything of a model object, positions (`pos`, `at`) included, as plain data."""
    if isinstance(value, Condition):
        return ("condition", value.source, value.variables, value.scenes, value.facts)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple((f.name, _deep(getattr(value, f.name))) for f in dataclasses.fields(value)),
        )
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_deep(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _deep(v)) for k, v in value.items()))
    return value


COLD = {"check": check_folder}
"""The checker `checked` calls on a miss (the tests swap it to catch a cold load)."""


def cold_check(folder: str | Path) -> Result:
    return COLD["check"](folder)


def _cold_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a cold load fails the test: what `checked` returns comes from the cache."""

    def refuse(folder: object) -> Result:
        raise AssertionError("the story was loaded cold, not from the cache")

    monkeypatch.setitem(COLD, "check", refuse)


def _old_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for path in target.iterdir():
        os.utime(path, (LONG_AGO, LONG_AGO))
    return target


def _cache_files() -> list[Path]:
    return sorted(cache_dir().glob("story-*.json"))


@pytest.mark.parametrize("folder", [ROOT / "scenes", STORIES / "mini"], ids=["shipped", "mini"])
def test_a_warm_load_gives_the_cold_story_and_verdicts(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _old_copy(folder, tmp_path / "story")
    cold = check_folder(story)
    assert checked(story, cold_check) == cold and _cache_files() != []
    _cold_only(monkeypatch)
    warm = checked(story, cold_check)
    assert warm[1] == cold[1]
    assert _deep(warm[0]) == _deep(cold[0])
    # The cache file is data, one JSON document a line: no pickle, nothing to run.
    for line in _cache_files()[0].read_text(encoding="utf-8").splitlines():
        json.loads(line)


def test_the_verdicts_of_a_story_with_errors_are_cached_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    chapter = sorted(p for p in story.iterdir() if p.name != "story.yaml")[0]
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("goto:", "goto: nowhere #", 1))
    os.utime(chapter, (LONG_AGO, LONG_AGO))
    cold = check_folder(story)
    assert any(d.is_error for d in cold[1])
    checked(story, cold_check)
    _cold_only(monkeypatch)
    assert checked(story, cold_check)[1] == cold[1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"', "'", 40),
        lambda text: "",
        lambda text: "\x00\xff garbage",
        # A well-formed file of another engine version: foreign, so ignored.
        lambda text: text.replace('"engine": "', '"engine": "9', 1),
        # The right key, data altered after the checksum was taken.
        lambda text: text.replace("The Letter", "The Lettet", 1),
    ],
    ids=["truncated", "mangled", "empty", "binary", "foreign", "edited"],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_rebuilt(
    tmp_path: Path, damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    cold = check_folder(story)
    checked(story, cold_check)
    (file,) = _cache_files()
    text = file.read_text(encoding="utf-8", errors="surrogateescape")
    changed = damage(text)
    assert changed != text
    file.write_text(changed, encoding="utf-8", errors="surrogateescape")
    again = checked(story, cold_check)
    assert again[1] == cold[1] and _deep(again[0]) == _deep(cold[0])
    # It was written anew: the next load is a warm one.
    _cold_only(monkeypatch)
    assert _deep(checked(story, cold_check)[0]) == _deep(cold[0])


def test_a_changed_story_file_makes_the_cache_stale(tmp_path: Path) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    checked(story, cold_check)
    manifest = story / "story.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "The Letter" in text
    # The same size, an older time than before, but a different one: still seen.
    manifest.write_text(text.replace("The Letter", "The Lettet"), encoding="utf-8")
    os.utime(manifest, ns=(LONG_AGO * 10**9 - 1, LONG_AGO * 10**9 - 1))
    loaded = checked(story, cold_check)[0]
    assert loaded is not None and loaded.title == "The Lettet"


def test_a_new_chapter_file_makes_the_cache_stale(tmp_path: Path) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    checked(story, cold_check)
    extra = story / "99-extra.yaml"
    extra.write_text("chapter:\n  id: extra\n  title: Extra\n\nscenes: [{}]\n", encoding="utf-8")
    os.utime(extra, (LONG_AGO, LONG_AGO))
    verdicts = checked(story, cold_check)[1]
    assert verdicts == check_folder(story)[1]
    assert any(d.file.endswith("99-extra.yaml") for d in verdicts)


def test_no_cache_env_loads_cold_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    monkeypatch.setenv("SPECIAL_TASKS_NO_CACHE", "1")
    assert checked(story, cold_check) == check_folder(story)
    assert not cache_dir().exists()


def test_an_unwritable_cache_folder_just_means_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    plain = run_cli("check", str(STORIES / "mini"))
    blocked = run_cli("check", str(STORIES / "mini"), env={"XDG_CACHE_HOME": str(blocker)})
    assert (blocked.returncode, blocked.stdout, blocked.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
    played = run_cli("--story", str(STORIES / "mini"), env={"XDG_CACHE_HOME": str(blocker)})
    assert played.returncode == 0 and "Traceback" not in played.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


def test_the_cache_lives_in_xdg_cache_home(tmp_path: Path) -> None:
    result = run_cli("check", str(STORIES / "mini"), env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0
    assert [p.parent.name for p in (tmp_path / "special-tasks").glob("story-*.json")] == [
        "special-tasks"
    ]
