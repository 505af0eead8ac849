"""A save knows its story's folder: a game of a story played with --story resumes, reports
and counts in `class` without --story again, while that folder still holds the same story."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import STORIES, run_cli


def own_story(tmp_path: Path) -> Path:
    story = tmp_path / "our-story"
    shutil.copytree(STORIES / "mini", story)
    return story


def test_a_game_of_another_story_resumes_and_reports_without_story(tmp_path: Path) -> None:
    story, saves = own_story(tmp_path), tmp_path / "saves"
    first = run_cli("--story", str(story), "--saves", str(saves), "--name", "Ana", input="1\n2\n")
    assert first.returncode == 0, first.stderr
    assert "--story" not in first.stdout  # the save knows where its story is
    record = json.loads((saves / "ana" / "autosave.json").read_text(encoding="utf-8"))
    assert record["story"]["folder"] == str(story.resolve())
    # Run from elsewhere, without --story: the save's story is found and the game resumes.
    again = run_cli("--saves", str(saves), "--name", "Ana", "--load", "autosave", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Resuming the save slot 'autosave'" in again.stdout
    assert "It is a list of names." in again.stdout
    report = run_cli("report", "--saves", str(saves), "--name", "Ana", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["story"]["id"] == "mini"
    summary = run_cli("class", str(saves), "--format", "csv", "--table", "students")
    assert summary.returncode == 0, summary.stderr
    assert "Ana" in summary.stdout


def test_a_moved_story_falls_back_to_the_shipped_one_with_a_clear_error(tmp_path: Path) -> None:
    story, saves = own_story(tmp_path), tmp_path / "saves"
    run_cli("--story", str(story), "--saves", str(saves), input="1\n")
    shutil.rmtree(story)
    again = run_cli("--saves", str(saves), "--load", "autosave")
    assert again.returncode == 1
    assert "Traceback" not in again.stderr
    assert "is a save of the story 'The Letter' (mini)" in again.stderr


def test_a_folder_holding_another_story_now_is_not_used(tmp_path: Path) -> None:
    story, saves = own_story(tmp_path), tmp_path / "saves"
    run_cli("--story", str(story), "--saves", str(saves), input="1\n")
    manifest = story / "story.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("  id: mini", "  id: other"), encoding="utf-8"
    )
    again = run_cli("--saves", str(saves), "--load", "autosave")
    assert again.returncode == 1
    assert "is a save of the story 'The Letter' (mini)" in again.stderr


def test_a_story_folder_too_long_to_record_is_named_in_the_resume_hint(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(c * 250 for c in "abcd"))  # over the 1,000 characters recorded
    deep.mkdir(parents=True)
    story, saves = shutil.copytree(STORIES / "mini", deep / "our-story"), tmp_path / "saves"
    played = run_cli("--story", str(story), "--saves", str(saves), input="1\n")
    assert played.returncode == 0, played.stderr
    assert f"resume with: --load autosave --saves {saves} --story {story}\n" in played.stdout
    record = json.loads((saves / "autosave.json").read_text(encoding="utf-8"))
    assert "folder" not in record["story"]
