"""Three students' games of the mini story, played through the real CLI once per test run."""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

from tests.conftest import STORIES, run_cli

MINI = STORIES / "mini"

# Each student plays on their own machine (save folder) and saves a checkpoint by name.
GAMES = {
    # Burns the letter (a what-if), answers right, writes a reflection with HTML in it.
    "ana": ("Ana", "2\n2\n\nsave ana\n1\n\n\nI would <b>read</b> it & tell.\n"),
    # Follows the record throughout, answers right, skips the reflection.
    "bea": ("Bea", "1\n2\nsave bea\n1\n\n\n\n"),
    # Asks the guard (a what-if), answers wrong, takes the other choice, stops in chapter 2.
    "cy": ("Cy", "3\n1\n\nsave cy\n2\n"),
}


@cache
def played() -> Path:
    """A folder with one save folder per student (ana/, bea/, cy/), each holding its slot."""
    root = Path(tempfile.mkdtemp(prefix="special-tasks-class-"))
    for slot, (name, keys) in GAMES.items():
        saves = root / slot
        result = run_cli("--story", str(MINI), "--name", name, "--saves", str(saves), input=keys)
        assert result.returncode == 0, result.stderr
        assert f"Saved in the slot '{slot}'" in result.stdout
    return root


def moved_story_save(slot: str) -> str:
    """One student's save as if its story folder had moved away since (re-signed)."""
    from game.saves.savefile import checksum

    record = json.loads(save_file(slot).read_text(encoding="utf-8"))
    record["story"]["folder"] = str(played() / "the-story-moved-away")
    record["checksum"] = checksum(record)
    return json.dumps(record)


def student_folder(slot: str) -> Path:
    """One student's own save folder (`--name` keeps each player's saves apart)."""
    return played() / slot / slot


def save_file(slot: str) -> Path:
    """The autosave of one student's game, at its last step ('save NAME' is a checkpoint)."""
    return student_folder(slot) / "autosave.json"
