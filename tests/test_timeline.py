"""The `timeline` command of the shipped story, played in plain mode: every date in order."""

from __future__ import annotations

import re

from game.story.checker import load_story
from game.story.text import MONTHS
from tests.conftest import ROOT, historical_inputs, run_cli

ENTRY = re.compile(r"  ((?:(\d+) )?(?:(\w+) )?(\d{4})) · (scene|fact): (.+)")


def timeline_of_the_historical_path() -> list[str]:
    story = ROOT / "scenes"
    typed = historical_inputs(load_story(story), before_finish=("timeline",))
    played = run_cli("play", "--story", str(story), "--no-shuffle", input=typed)
    assert played.returncode == 0, played.stderr
    shown = played.stdout.split("Timeline: the dated scenes and facts you have met, in order.\n")
    assert len(shown) == 2
    return shown[1].split("\n\n", 1)[0].splitlines()


def test_a_month_or_year_alone_comes_after_the_precise_dates_inside_it() -> None:
    entries = timeline_of_the_historical_path()
    keys = []
    for entry in entries:
        found = ENTRY.fullmatch(entry)
        assert found, entry
        day, month, year = found.group(2), found.group(3), found.group(4)
        keys.append((int(year), MONTHS.index(month) + 1 if month else 13, int(day or 32)))
    assert keys == sorted(keys)
    assert len(entries) > 30
    at = {entry.split(": ", 1)[1]: i for i, entry in enumerate(entries)}
    assert "  17 August 1940 · scene: Seventeenth of August" in entries
    assert "  August 1940 · scene: Sylvia" in entries
    assert at["Seventeenth of August"] < at["The Green Cross hospital"] < at["Sylvia"]
    assert entries[at["Hero of the Soviet Union"] - 1 : at["Hero of the Soviet Union"] + 1] == [
        "  6 May 1960 · scene: Release",
        "  1960 · fact: Hero of the Soviet Union",
    ]
    assert at["Who was Sudoplatov?"] + 1 == at["Sylvia Ageloff"]  # 23 May 1938, then 1938
