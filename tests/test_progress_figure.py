"""One progress figure everywhere: the status bar, `saves`, the Load menu and the reports all
show the share of the historical path's scenes visited, for the same game."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_terminal_input import NEW_GAME, play


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def test_the_status_bar_saves_load_menu_and_reports_show_one_figure(
    mini_story: Path, saves: Path
) -> None:
    # Open the letter (on the record) and answer: two of the record's four scenes visited.
    first = play(mini_story, saves, NEW_GAME + "1\r2\r\rquit\r")
    assert first.game.session.state.visited == {"desk", "open"}
    assert "Progress 50% ·" in first.game.toolbar(200)
    listed = run_cli("saves", "--saves", str(saves))
    assert listed.returncode == 0, listed.stderr
    assert "  50%, 2 of 2 facts  " in listed.stdout
    menu = play(mini_story, saves, "3\r\r")  # the title screen's Load list, then back out
    assert "1. autosave · Morning · 50%, 2 of 2 facts · saved " in menu.text
    common = ("report", "--saves", str(saves), "--story", str(mini_story))
    markdown = run_cli(*common)
    assert "- **Progress:** 50%, chapter 1 of 2 (Morning)\n" in markdown.stdout
    html = run_cli(*common, "--format", "html")
    assert "<dt>Progress</dt><dd>50%, chapter 1 of 2 (Morning)</dd>" in html.stdout
    data = json.loads(run_cli(*common, "--format", "json").stdout)
    assert data["summary"]["progress"] == 50


def test_a_finished_game_is_100_percent_and_finished_everywhere(
    mini_story: Path, saves: Path
) -> None:
    done = play(mini_story, saves, NEW_GAME + "1\r2\r1\r\r\r\r\r")
    assert done.game.session.state.ended
    assert "Progress 100% ·" in done.game.toolbar(200)
    assert "  finished  " in run_cli("saves", "--saves", str(saves)).stdout
    common = ("report", "--saves", str(saves), "--story", str(mini_story))
    assert "- **Progress:** finished\n" in run_cli(*common).stdout
    data = json.loads(run_cli(*common, "--format", "json").stdout)
    assert (data["finished"], data["summary"]["progress"]) == (True, 100)
