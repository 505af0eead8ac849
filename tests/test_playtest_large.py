"""`special-tasks playtest` on generated stories of thousands of scenes: the report fits a
terminal (no line over 200 characters) and a long story is not mistaken for an endless one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_story

WIDEST = 200

# Each test plays or searches a story of thousands of scenes in a CLI subprocess: about 15 s
# on a quiet machine, over a minute with coverage on a loaded one. Longer than the suite's
# 60 s, shorter than run_cli's own 120 s, so a hang still fails here and says where.
pytestmark = pytest.mark.timeout(150)


def chain(folder: Path, scenes: int, trap: bool = False) -> Path:
    """A linear chain s0 → s1 → … of `scenes` scenes, 1,000 to a chapter file. With `trap`,
    the last scene offers a what-if into a scene whose every choice is closed (a soft-lock)."""
    manifest = "story:\n  id: chain\n  title: Chain\n  version: 1\n  start: s0\n"
    files = {"story.yaml": manifest + "variables:\n  flag: false\n"}
    for first in range(0, scenes, 1000):
        lines = [f"chapter: {{id: c{first}, title: Part {first}}}", "scenes:"]
        for i in range(first, min(scenes, first + 1000)):
            lines += [f"  - id: s{i}", f"    text: Scene {i}."]
            if i < scenes - 1:
                lines.append(f"    next: s{i + 1}")
            elif not trap:
                lines.append("    end: true")
            else:
                lines += [
                    "    choices:",
                    "      - {text: Finish., goto: end, history: true}",
                    "      - {text: Wander., goto: trap, set: {flag: true}}",
                    "  - id: trap",
                    "    text: A trap.",
                    "    reality: Nobody wandered.",
                    "    choices:",
                    "      - {text: Out., goto: end, if: not flag}",
                    "      - {text: Away., goto: end, id: away, if: not flag}",
                    "  - id: end",
                    "    text: The end.",
                    "    end: true",
                ]
        files[f"{first // 1000:02d}.yaml"] = "\n".join(lines) + "\n"
    return write_story(folder, files)


def test_a_chain_longer_than_ten_thousand_scenes_reaches_its_ending(tmp_path: Path) -> None:
    # 10,500 scenes in a row: more than the 10,000 steps a small story gets, so a fixed
    # cap would call every run "endless".
    folder = chain(tmp_path / "long", 10_500)
    done = run_cli("playtest", str(folder), "--runs", "2")
    assert done.returncode == 0, done.stdout
    assert done.stdout == (
        f"Playtest of 'Chain' ({folder}): 2 runs, seed 0\n"
        "Scenes reached: 10500 of 10500 (100%)\n"
        "Choices taken: 0 of 0 (100%)\n"
        "Endings:\n"
        "  s10499: 2 runs\n"
        "Scenes never reached: none\n"
        "Choices never taken: none\n"
        "OK: every run reached an ending (no soft-locks, crashes or endless loops).\n"
    )


def test_a_long_replay_is_wrapped_and_written_whole_to_the_replays_file(tmp_path: Path) -> None:
    folder = chain(tmp_path / "trap", 3000, trap=True)
    whole = tmp_path / "replays.txt"
    done = run_cli("playtest", str(folder), "--runs", "4", "--replays", str(whole))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= WIDEST
    head = lines.index("  replay (run 1): (3,001 scenes)")
    assert lines[head - 1].startswith("Soft-lock in 2 runs: scene 'trap' at ")
    assert lines[head + 1].startswith("    s0 --> s1 --> s2 --> ")
    assert lines[head + 11] == "    … 285 more lines; --replays FILE writes the whole replay …"
    assert lines[head + 21] == "    --> s2996 --> s2997 --> s2998 --> s2999 --trap--> trap"
    assert lines[head + 22 :] == ["FAILED: 2 runs stopped without reaching an ending."]
    steps = " ".join(f"s{i} -->" for i in range(2999))
    assert whole.read_text(encoding="utf-8") == (
        f"soft-lock (run 1): {steps} s2999 --trap--> trap\n"
    )


def test_exhaustive_search_shows_each_long_witness_by_its_last_steps(tmp_path: Path) -> None:
    folder = chain(tmp_path / "trap", 3000, trap=True)
    whole = tmp_path / "replays.txt"
    done = run_cli("playtest", str(folder), "--exhaustive", "--replays", str(whole))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= WIDEST
    # One line a scene, however long its path; the soft-lock's replay wrapped as above.
    assert len(lines) < 3002 + 40
    assert lines[3:6] == ["  s0: s0", "  s1: s0 --> s1", "  s2: s0 --> s1 --> s2"]
    tail = " --> ".join(f"s{i}" for i in range(2984, 3000))
    assert f"  trap: (3,001 scenes) … {tail} --trap--> trap" in lines
    assert f"  end: (3,001 scenes) … {tail} --end--> end" in lines
    assert "  (3,001 scenes)" in lines
    steps = " ".join(f"s{i} -->" for i in range(2999))
    assert whole.read_text(encoding="utf-8") == (
        f"soft-lock at trap: {steps} s2999 --trap--> trap\n"
    )
