"""The rows of what a player feels: keypress to screen with saving, the story cache, start-up.

Each figure is a ratio against a floor measured in the same run (see BENCHMARKS.md).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_story
from benchmarks.keypress import measure
from benchmarks.table import Row

ROOT = Path(__file__).resolve().parents[1]
KEYPRESS_SCENES = 1_000


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f})"


def keypress_rows(base: Path, steps: int, repeat: int) -> list[Row]:
    """Enter to next screen, saving on against off, and the last ten steps of a long game
    against its first ten: `repeat` games of `steps` steps each (in lockstep, see keypress.py),
    stopping before the story's ending, whose debrief is a screen of another kind."""
    story = write_story(base / f"keypress-{KEYPRESS_SCENES}", KEYPRESS_SCENES)
    saving: list[float] = []
    unsaved: list[float] = []
    ready: list[float] = []
    first: list[float] = []
    last: list[float] = []
    size = 0
    for _ in range(repeat):
        found = measure(story, steps)
        saving += found.saving
        unsaved += found.off
        ready += found.ready
        first += found.saving[:10]
        last += found.saving[-10:]
        size = found.save_bytes
    on, off = statistics.median(saving), statistics.median(unsaved)
    growth = statistics.median(last) / statistics.median(first)
    return [
        Row(
            f"Enter to next screen, saving on (plain, {repeat}x{steps} steps)",
            _ms(saving),
            _ms(unsaved) + " off",
            f"{on / off:.2f}x",
            "<= 1.3x",
            on / off <= 1.3,
        ),
        Row(
            f"  same games: last 10 steps vs first 10 (x{repeat})",
            _ms(last),
            _ms(first),
            f"{growth:.2f}x",
            "<= 1.3x",
            growth <= 1.3,
        ),
        Row(
            f"  the save after it, done by the '> ' ({size // 1000} kB at the end)",
            _ms(ready),
            "",
            "",
            "(not waited for)",
            True,
        ),
    ]


def cache_row(story: Path, repeat: int) -> Row:
    """Warm load of the shipped story (from the story cache) against a cold one (check_folder)."""
    from game.story.cache import checked
    from game.story.checker import check_folder

    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        cold_result = checked(story, check_folder)  # writes the cache
        warm: list[float] = []
        cold: list[float] = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = checked(story, check_folder)
            warm.append(time.perf_counter() - start)
            start = time.perf_counter()
            check_folder(story)
            cold.append(time.perf_counter() - start)
        if result[1] != cold_result[1] or result[0] != cold_result[0]:
            raise RuntimeError("the warm load differs from the cold one")
    ratio = statistics.median(cold) / statistics.median(warm)
    return Row(
        "story cache: warm load vs cold (shipped)",
        _ms(warm),
        _ms(cold),
        f"{ratio:.1f}x faster",
        ">= 5x",
        ratio >= 5,
    )


def _env(cache: str) -> dict[str, str]:
    saves = tempfile.mkdtemp(prefix="bench-saves-")
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "SPECIAL_TASKS_SAVES": saves,
        "XDG_CACHE_HOME": cache,
    }


def _until(command: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, bytes]:
    """Seconds from starting `command` until `marker` is on its stdout; and its stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    seen = b""
    while marker not in seen:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            raise RuntimeError(f"{command} ended before printing {marker!r}")
        seen += chunk
    elapsed = time.perf_counter() - start
    proc.kill()
    _, err = proc.communicate()
    return elapsed, err


def _wall(command: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - start, done.stderr


def _top_imports(stderr: bytes, count: int = 5) -> str:
    """The `count` imports with the largest cumulative time in `-X importtime` output."""
    rows: list[tuple[int, str]] = []
    total = 0
    for line in stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  "):  # one space after the bar: imported at the top level
            total += int(cumulative)
        rows.append((int(cumulative), name.strip()))
    rows.sort(reverse=True)
    if not rows:
        return "(no import lines)"
    shown = ", ".join(f"{name} {us / 1000:.0f}" for us, name in rows[:count])
    return f"{total / 1000:.0f} ms in imports; top: {shown} (ms)"


def startup_rows(story: Path, repeat: int) -> tuple[list[Row], list[str]]:
    """Start to first scene in the plain protocol (story cache warm) against importing yaml;
    and what each path imports (-X importtime)."""
    from game.engine.engine import Engine
    from game.story.checker import load_story
    from game.ui.render_plain import event_lines

    loaded = load_story(story)
    _, events = Engine(loaded).new_game()
    marker = [line for line in event_lines(loaded, events[0]) if line.strip()][-1].encode()
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = _env(cache)
        game = [sys.executable, "-m", "game", "play", "--plain", "--story", str(story)]
        floor = [sys.executable, "-c", "import yaml"]
        _until(game, marker, env)  # the first start fills the story cache (and bytecode)
        _wall(floor, env)
        ours: list[float] = []
        base: list[float] = []
        for _ in range(repeat):  # interleaved, so that a busy moment hurts both alike
            base.append(_wall(floor, env)[0])
            ours.append(_until(game, marker, env)[0])
        cold_env = {**env, "SPECIAL_TASKS_NO_CACHE": "1"}
        cold = [_until(game, marker, cold_env)[0] for _ in range(repeat)]
        imports = [
            "  play --plain (cache warm): "
            + _top_imports(_until([sys.executable, "-X", "importtime", *game[1:]], marker, env)[1]),
            '  python -c "import yaml":   '
            + _top_imports(_wall([sys.executable, "-X", "importtime", *floor[1:]], env)[1]),
        ]
    mine, low = statistics.median(ours), statistics.median(base)
    rows = [
        Row(
            "start-up to first scene (plain, cache warm)",
            _ms(ours),
            _ms(base) + " yaml",
            f"{mine / low:.2f}x",
            "<= 2.0x",
            mine / low <= 2.0,
        ),
        Row(
            "  the same with SPECIAL_TASKS_NO_CACHE=1",
            _ms(cold),
            _ms(base) + " yaml",
            f"{statistics.median(cold) / low:.2f}x",
            "(for reference)",
            True,
        ),
    ]
    return rows, imports
