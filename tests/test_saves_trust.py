"""What a save file must prove before it is trusted, and what loading it may change.

Each test is named for a bug that once passed the whole suite (listed in docs/testing.md):
a save with no checksum accepted, the size limit gone, control characters from a save
reaching the terminal, and a migrated save keeping its own idea of what was historical.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from game.engine.engine import Engine
from game.errors import SaveError
from game.saves.store import SaveStore
from game.story.checker import load_story
from tests.conftest import run_cli
from tests.test_saves import MINI, mini_session
from tests.test_story_evolution import edited_story, saved_at_open

LIMIT = 4_000_000


def _sign(record: dict[str, object]) -> dict[str, object]:
    """The record with its checksum worked out here, independently of the game's code:
    sha256 of the compact, key-sorted JSON of every field but the checksum."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return {**body, "checksum": "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()}


def _saved(tmp_path: Path) -> tuple[SaveStore, Path, dict[str, object]]:
    store = SaveStore(tmp_path)
    path = store.save("mine", mini_session())
    return store, path, json.loads(path.read_text(encoding="utf-8"))


def test_the_checksum_is_sha256_of_the_canonical_json(tmp_path: Path) -> None:
    _, _, record = _saved(tmp_path)
    assert record == _sign(record)


def test_a_save_with_no_checksum_at_all_is_damaged(tmp_path: Path) -> None:
    store, path, record = _saved(tmp_path)
    del record["checksum"]
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        store.load("mine", Engine(load_story(MINI)))
    assert "its checksum does not match, so it was damaged or edited by hand" in str(caught.value)
    result = run_cli("report", str(path), "--story", str(MINI))
    assert result.returncode == 1 and result.stdout == ""
    assert "its checksum does not match" in result.stderr


def test_a_save_over_the_size_limit_is_refused_even_when_it_is_valid(tmp_path: Path) -> None:
    store, path, record = _saved(tmp_path)
    # Trailing spaces keep it valid JSON with a valid checksum: only the size is wrong,
    # and the first LIMIT bytes alone would still parse.
    text = json.dumps(record)
    path.write_text(text + " " * (LIMIT + 1 - len(text)), encoding="utf-8")
    assert path.stat().st_size == LIMIT + 1
    with pytest.raises(SaveError) as caught:
        store.load("mine", Engine(load_story(MINI)))
    assert "the save slot 'mine' is damaged: it is larger than 4,000,000 bytes" in str(caught.value)
    # One byte less is a save like any other.
    path.write_text(text + " " * (LIMIT - len(text)), encoding="utf-8")
    assert store.load("mine", Engine(load_story(MINI))).player == "Ana"


@pytest.mark.parametrize("control", ["\x1b[2J", "\x9b2J", "\x07", "\x85"])
def test_control_characters_in_a_saves_text_never_reach_the_terminal(
    tmp_path: Path, control: str
) -> None:
    _, path, record = _saved(tmp_path)
    record["player"] = f"Ana{control}"
    summary = dict(record["summary"])  # type: ignore[call-overload]
    summary["chapter"] = f"Morning{control}"
    record["summary"] = summary
    path.write_text(json.dumps(_sign(record)), encoding="utf-8")
    listed = run_cli("saves", "--saves", str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    visible = control.replace(control[0], "\ufffd", 1)
    assert f"Ana{visible}" in listed.stdout and f"Morning{visible}" in listed.stdout
    assert control[0] not in listed.stdout
    report = run_cli("report", str(path), "--story", str(MINI))
    assert report.returncode == 0, report.stderr
    assert "- **Player:** Ana\ufffd" in report.stdout
    assert control[0] not in report.stdout


# --- migration: the story decides what was historical ---------------------------------
def _history_moved_to_burning(tmp_path: Path) -> Path:
    """The mini story with the record changed: the letter was burnt, not opened."""
    return edited_story(
        tmp_path,
        {
            "01-morning.yaml": [
                ("        goto: open\n        history: true\n", "        goto: open\n"),
                ("        goto: burn\n", "        goto: burn\n        history: true\n"),
            ]
        },
    )


def test_a_migrated_save_takes_historical_from_the_story_as_it_is_now(tmp_path: Path) -> None:
    store, session = saved_at_open(tmp_path / "saves")
    assert [e.historical for e in session.state.log] == [False]  # burnt: a what-if then
    story = load_story(_history_moved_to_burning(tmp_path))
    data = store.load("mine", Engine(story))
    assert [(e.choice, e.historical) for e in data.state.log] == [("burn", True)]


def test_playing_on_from_a_migrated_save_saves_the_current_record(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saved_at_open(saves)
    folder = _history_moved_to_burning(tmp_path)
    result = run_cli("--story", str(folder), "--saves", str(saves), "--load", "mine", input="1\n")
    assert result.returncode == 0, result.stderr
    # Playing on from the checkpoint 'mine' moves the autosave, which holds the new step.
    log = json.loads((saves / "autosave.json").read_text(encoding="utf-8"))["state"]["log"]
    assert [(e["choice"], e["historical"]) for e in log[:1]] == [("burn", True)]
    assert len(log) == 2 and log[1]["historical"] is True
