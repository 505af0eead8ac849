"""Numbers and tagged values a story cannot hold are one clear error each, never a traceback."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.story.checker import load_story
from game.story.rules import MAX_INT
from tests.conftest import STORIES, run_cli


def story_with(tmp_path: Path, chapter: str) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(STORIES / "mini", folder)
    (folder / "03-extra.yaml").write_text(chapter, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, "a whole number of 5,000 characters is outside ±1,000,000,000,000,000"),
        ("10000000000000000", "the whole number '10000000000000000' is outside ±1,000,000,000"),
        ("!!bool maybe", "error[E118]: 'maybe' is not a valid !!bool value"),
        ("!!int abc", "error[E118]: 'abc' is not a valid !!int value"),
        ("!!float abc", "error[E118]: 'abc' is not a valid !!float value"),
        ("!!int ''", "error[E118]: '' is not a valid !!int value"),
    ],
)
def test_a_value_the_story_cannot_hold_is_reported_at_its_place(
    tmp_path: Path, value: str, message: str
) -> None:
    folder = story_with(tmp_path, f"scenes:\n  - id: extra\n    title: {value}\n")
    result = run_cli("check", str(folder))
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode == 1
    line = next(x for x in out.splitlines() if "03-extra.yaml:3:12:" in x)
    assert message in line


def test_a_variable_that_keeps_growing_stays_within_the_story_range() -> None:
    # Burning the letter adds 1 to 'doubts'; at the top of the range it stays there, so the
    # autosave (which refuses numbers beyond the range) keeps working.
    engine = Engine(load_story(STORIES / "mini"))
    state, _ = engine.new_game()
    for start, expected in ((MAX_INT, MAX_INT), (MAX_INT - 1, MAX_INT), (5, 6)):
        at = replace(state, variables={**state.variables, "doubts": start})
        after, _ = engine.choose(at, "burn")
        assert after.variables["doubts"] == expected


def test_aliases_cannot_stand_for_more_text_than_a_story_file_may_hold(tmp_path: Path) -> None:
    # 1.4 MB written once, repeated three times by aliases: 4.2 million characters, more than
    # twice the largest file a story may have. Counting values would count it four times.
    big = "x" * 1_400_000
    folder = story_with(
        tmp_path,
        f"a: &a {big}\nscenes:\n  - id: extra\n    title: Z\n    text: [*a, *a, *a]\n",
    )
    result = run_cli("check", str(folder))
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{folder / '03-extra.yaml'}:5:20: error[E118]:")
    assert "aliases repeat more than 4,000,000 characters" in first
    # Twice is within the bound: the file is then judged on its fields as usual.
    folder = story_with(
        tmp_path / "two", f"a: &a {big}\nscenes:\n  - id: extra\n    title: Z\n    text: [*a, *a]\n"
    )
    assert "aliases repeat" not in run_cli("check", str(folder)).stdout
