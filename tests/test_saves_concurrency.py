"""Games played at the same moment in one save folder, as real processes: no step is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_story

STEPS = 30
GAME = [sys.executable, "-m", "game", "--no-shuffle"]  # the tests type option numbers


def chain_story(folder: Path) -> Path:
    """A story of STEPS decisions in a row (then the end), so each game saves many times."""
    scenes = []
    for i in range(STEPS):
        scenes.append(
            f"  - id: s{i}\n    text: Step {i}.\n    choices:\n"
            f"      - text: Go on.\n        goto: s{i + 1}\n        history: true\n"
            f"      - text: Wander on.\n        goto: s{i + 1}\n        id: wander\n"
        )
    scenes.append(f"  - id: s{STEPS}\n    text: The end.\n    end: true\n")
    manifest = "story:\n  id: chain\n  title: Chain\n  version: 1\n  start: s0\n"
    chapter = "chapter:\n  id: only\n  title: Only\n\nscenes:\n" + "".join(scenes)
    return write_story(folder, {"story.yaml": manifest, "01-only.yaml": chapter})


def keys_of(n: int) -> list[str]:
    """Game n's input: its own mix of choices, so each game has a path of its own."""
    return ["2\n" if (i + n) % 3 == 0 else "1\n" for i in range(STEPS)]


def until_prompt(game: subprocess.Popen[bytes]) -> bytes:
    """Game output up to and including its next '> ' prompt."""
    assert game.stdout is not None
    seen = b""
    while not seen.endswith(b"> "):
        byte = game.stdout.read(1)
        assert byte, seen.decode(errors="replace")
        seen += byte
    return seen


def play_at_once(story: Path, saves: Path, players: int) -> list[str]:
    """Start `players` games; once all wait at their first prompt, all take their first step
    (and save) at once; once all have, all play the rest at once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    games = [
        subprocess.Popen(
            # No --name: every game shares the one folder (with a name, each has its own).
            [*GAME, "--story", str(story), "--saves", str(saves), "--plain"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )
        for n in range(players)
    ]
    try:
        shown = [until_prompt(game) for game in games]
        # The second barrier: no game ends while another has yet to save for the first time.
        for step in (slice(0, 1), slice(1, None)):
            for n, game in enumerate(games):
                assert game.stdin is not None
                game.stdin.write("".join(keys_of(n)[step]).encode())
                game.stdin.flush()
            if step.start == 0:
                shown = [
                    before + until_prompt(game) for before, game in zip(shown, games, strict=True)
                ]
        outputs = []
        for before, game in zip(shown, games, strict=True):
            out, err = game.communicate(timeout=300)
            assert game.returncode == 0 and err == b"", err.decode(errors="replace")
            outputs.append((before + out).decode())
        return outputs
    finally:
        for game in games:
            if game.poll() is None:
                game.kill()
                game.wait()


def check_no_step_lost(saves: Path, outputs: list[str]) -> None:
    slots = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in saves.glob("*.json")
        if not p.name.endswith(".bak.json")
    }
    # One slot per game: nothing piles up, and no game's save is another's.
    assert len(slots) == len(outputs)
    assert "autosave" in slots
    assert all(name == "autosave" or name.startswith("autosave-") for name in slots)
    saids = [out.rsplit("; resume with: --load ", 1)[1].split(" ", 1)[0] for out in outputs]
    assert sorted(saids) == sorted(slots)  # each game names its own slot
    for n, (out, said) in enumerate(zip(outputs, saids, strict=True)):
        record = slots[said]
        historical = [e["historical"] for e in record["state"]["log"]]
        assert historical == [k == "1\n" for k in keys_of(n)], f"P{n} lost steps"
        if said != "autosave":  # the game was told, as it played or as it ended
            assert (
                f"So that neither game loses progress, this game saves in the slot '{said}'." in out
                or f"Another game has taken over the slot 'autosave', so your progress is kept "
                f"in the slot '{said}'"
                in out
            )


@pytest.mark.parametrize("players", [2, 10])
def test_games_played_at_the_same_moment_in_one_folder_lose_no_step(
    tmp_path: Path, players: int
) -> None:
    story = chain_story(tmp_path / "story")
    saves = tmp_path / "saves"
    outputs = play_at_once(story, saves, players)
    check_no_step_lost(saves, outputs)
