"""`special-tasks new DIR`: a starter story that passes check --strict and plays to its end."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_new_writes_a_story_that_checks_strictly_and_plays_to_its_end(tmp_path: Path) -> None:
    story, saves = tmp_path / "my-story", tmp_path / "saves"
    made = run_cli("new", str(story))
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in story.iterdir()) == [
        "01-descent.yaml", "02-surface.yaml", "story.yaml",
    ]  # fmt: skip
    assert f"Next: special-tasks check --strict {story}" in made.stdout
    checked = run_cli("check", "--strict", str(story))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout
    # The starter has what the format offers: a what-if, an exhibit, a question, a reflection.
    text = "".join(p.read_text(encoding="utf-8") for p in story.iterdir())
    for needle in ("history: true", "reality:", "exhibits:", "questions:", "reflections:"):
        assert needle in text, needle
    # Play: the what-if first (and back to the record), answer, reflect, then the end.
    played = run_cli(
        "--story", str(story), "--saves", str(saves), "--name", "Author",
        input="2\n\n1\n\n\n\n\nA reflection.\n\n\n",
    )  # fmt: skip
    assert played.returncode == 0, played.stderr
    assert "Documents to examine:" in played.stdout
    assert "What really happened" in played.stdout
    assert "Debrief: your decisions against the record." in played.stdout
    record = json.loads((saves / "author" / "autosave.json").read_text(encoding="utf-8"))
    assert record["state"]["ended"] is True
    assert record["state"]["documents"] == ["alarm-report"]


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = run_cli("new", str(tmp_path / "taken"))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"Error: '{tmp_path / 'taken'}' already exists and is not an empty folder; "
        "choose a new one\n"
    )
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
