"""`class DIR --watch`: the teacher's live table, redrawn as saves land and games start or end."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.classroom.class_watch import watch
from game.saves import files
from game.saves.story_of import StoryChooser
from game.story.checker import load_story
from tests.conftest import ROOT, STORIES, run_cli

MINI = STORIES / "mini"


def play(saves: Path, name: str, keys: str) -> None:
    result = run_cli("--story", str(MINI), "--saves", str(saves), "--name", name, input=keys)
    assert result.returncode == 0, result.stderr


def test_the_live_table_follows_saves_and_who_is_playing(tmp_path: Path) -> None:
    room = tmp_path / "class"
    room.mkdir()
    chooser = StoryChooser(None, MINI, load_story)
    out = io.StringIO()
    held: list[files.GameLock] = []

    def between_rounds(seconds: float) -> None:
        rounds = len(pauses)
        pauses.append(seconds)
        if rounds == 0:  # Ana's and Ben's first saves land
            play(room, "Ana", "1\n2\n")
            play(room, "Ben", "2\n")
        elif rounds == 1:  # Ben is playing (his game holds its lock)
            lock = files.GameLock(room / "ben", "f" * 32)
            old = time.time() - 60
            os.utime(lock.path, (old, old))
            held.append(lock)
        elif rounds == 3:  # Ben stops: nothing else changes, the table is redrawn anyway
            held[0].release()

    pauses: list[float] = []
    assert watch(room, chooser.for_parsed, out, every=0.5, sleep=between_rounds, rounds=5) == 0
    assert pauses == [0.5] * 5
    shown = re.split(r"\n(?=The Letter: |No games yet )", out.getvalue())
    assert shown[0].startswith("No games yet in '")
    assert "The Letter: 2 students, 0 playing now, 0 finished" in shown[1]
    assert "Ana      " in shown[1] and "ch. 1: The letter" in shown[1]
    assert "1 of 1" in shown[1]  # Ana followed the record at her one decision
    assert "The Letter: 2 students, 1 playing now, 0 finished" in shown[2]
    ben = next(line for line in shown[2].splitlines() if line.startswith("Ben"))
    assert "playing" in ben
    assert shown[2].index("Ben") < shown[2].index("Ana")  # who is playing comes first
    assert "0 playing now" in shown[3]
    assert len(shown) == 4  # unchanged rounds draw nothing
    assert all(len(line) <= 100 for line in out.getvalue().splitlines())


def test_watch_from_the_command_line_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    room = tmp_path / "class"
    play(room, "Ana", "1\n2\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    args = [sys.executable, "-m", "game", "class", str(room), "--story", str(MINI)]
    watcher = subprocess.Popen(
        [*args, "--watch", "--every", "0.2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    try:
        assert watcher.stdout is not None
        first = watcher.stdout.readline()
        assert first.startswith("The Letter: 1 students, 0 playing now, 0 finished"), first
        watcher.send_signal(signal.SIGINT)
        out, err = watcher.communicate(timeout=30)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert watcher.returncode == 0, err
    assert err == ""
    assert out.endswith("Stopped watching.\n")


def test_watch_refuses_what_it_cannot_show(tmp_path: Path) -> None:
    csv = run_cli("class", str(tmp_path), "--watch", "--format", "csv")
    assert csv.returncode == 2
    assert csv.stderr == (
        "Error: --watch shows the live table on screen: leave out --format, -o and --table\n"
    )
    missing = run_cli("class", str(tmp_path / "none"), "--watch")
    assert missing.returncode == 2
    assert missing.stderr == f"Error: '{tmp_path / 'none'}' is not a folder to watch\n"
    every = run_cli("class", str(tmp_path), "--watch", "--every", "0")
    assert every.returncode == 2
    assert "--every takes 0.1 to 3600 seconds" in every.stderr


def test_each_round_probes_each_players_lock_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = tmp_path / "class"
    play(room, "Ana", "1\n2\n")
    probed: list[Path] = []
    real = files.someone_plays

    def counted(folder: Path, limit: int = 50) -> bool:
        probed.append(folder)
        return real(folder, limit)

    monkeypatch.setattr(files, "someone_plays", counted)
    chooser = StoryChooser(None, MINI, load_story)
    out = io.StringIO()
    assert watch(room, chooser.for_parsed, out, sleep=lambda _: None, rounds=2) == 0
    assert "The Letter: 1 students, 0 playing now" in out.getvalue()
    # Round one looks and draws the table, round two only looks: Ana's folder once in each.
    assert probed == [room / "ana", room / "ana"]
