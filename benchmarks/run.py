"""Run every benchmark and print a table of measured figures against their targets.

    python benchmarks/run.py [--quick]

Each ratio is against a floor measured in the same run on the same machine, so the table
means the same on a fast laptop and a slow classroom PC. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.feel import cache_row, keypress_rows  # noqa: E402
from benchmarks.keypress_pty import keypress_pty_rows  # noqa: E402
from benchmarks.loadcheck import rows as loadcheck_rows  # noqa: E402
from benchmarks.scale import scale_rows  # noqa: E402
from benchmarks.startup import imports_note, startup_rows  # noqa: E402
from benchmarks.table import Row, print_table  # noqa: E402


def machine() -> str:
    """nproc, CPU model and Python version, as BENCHMARKS.md records them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    load = ""
    if hasattr(os, "getloadavg"):
        one, five, _ = os.getloadavg()
        load = f"; load average {one:.1f} (1 min), {five:.1f} (5 min) at the start"
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {sys.platform}"
        + load
    )


def shipped_or_mini() -> tuple[Path, str]:
    """The shipped story when it passes check, else the mini test story."""
    from game.story.checker import check_folder

    shipped = ROOT / "scenes"
    _, items = check_folder(shipped)
    if not any(d.is_error for d in items):
        return shipped, "shipped story (scenes/)"
    return ROOT / "tests" / "stories" / "mini", "mini story (the shipped one fails check)"


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def throughput(story: Path, runs: int) -> Row:
    """Playtest playthroughs per second on one core."""
    from game.authoring.playtest import playtest
    from game.story.checker import load_story

    loaded = load_story(story)
    start = time.perf_counter()
    playtest(loaded, runs, 0)
    rate = runs / (time.perf_counter() - start)
    return Row("playtest throughput", f"{rate:,.0f} runs/s", "", "", ">= 5,000/s", rate >= 5000)


def huge_condition(repeat: int) -> Row:
    """A 1 MB condition is refused by its length, before any tokenizing (moved from tests/)."""
    from game.errors import ConditionError
    from game.story.conditions import compile_condition

    def refuse() -> None:
        try:
            compile_condition("true and " * 120_000 + "true", {})
        except ConditionError:
            return
        raise AssertionError("the huge condition was accepted")

    ms = _best(refuse, repeat) * 1000
    return Row("huge condition refused (1 MB)", f"{ms:.2f} ms", "", "", "< 500 ms", ms < 500)


def broken_links(base: Path, count: int = 2000) -> Row:
    """Check a story with `count` misspelt links: each reported, suggestions within a budget."""
    from game.story.checker import check_folder

    scenes = "".join(
        f"  - id: scene-number-{i}\n    text: Scene {i}.\n    choices:\n"
        f"      - text: Go.\n        goto: scene-number-{i + 1}\n        history: true\n"
        f"      - text: Lost.\n        goto: scene-numbr-{i}\n"
        for i in range(count)
    )
    folder = base / "broken-links"
    folder.mkdir()
    (folder / "story.yaml").write_text(
        "story:\n  id: big\n  title: Big\n  version: 1\n  start: scene-number-0\n"
    )
    (folder / "01-main.yaml").write_text(
        f"chapter:\n  id: main\n  title: Main\n\nscenes:\n{scenes}"
        f"  - id: scene-number-{count}\n    text: The end.\n    end: true\n"
    )
    start = time.perf_counter()
    _, items = check_folder(folder)
    seconds = time.perf_counter() - start
    found = sum(1 for d in items if d.code == "E104")
    return Row(
        f"check {count:,} broken links",
        f"{seconds:.1f} s",
        "",
        f"{found:,} reported",
        "< 15 s, all",
        seconds < 15 and found == count,
    )


def step_rows(story: Path) -> list[Row]:
    """Step time and peak memory, measured in a fresh process so nothing else inflates them."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("steps.py")), str(story)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "NO_COLOR": "1",
            "SPECIAL_TASKS_SAVES": tempfile.mkdtemp(prefix="bench-saves-"),
        },
    )
    figures = json.loads(out.stdout)
    median_ms, rss_mb, traced_mb = figures["median_ms"], figures["rss_mb"], figures["traced_mb"]
    return [
        Row(
            "one step: choose + render (median)",
            f"{median_ms:.2f} ms",
            "",
            f"{figures['steps']} steps",
            "< 2 ms",
            median_ms < 2,
        ),
        Row(
            "peak memory while playing (max RSS)",
            f"{rss_mb:.1f} MB",
            f"{traced_mb:.1f} MB traced",
            "",
            "< 60 MB",
            rss_mb < 60,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (noisier)")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    # Every story cache the benchmarks fill is their own, never the user's.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench-cache-")
    # Processes start as an installed game does, from compiled bytecode (kept out of the
    # tree), even where the environment says not to write it.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-pyc-")
    story, which = shipped_or_mini()
    print(f"Machine: {machine()}")
    print(f"Story for start-up, throughput and steps: {which}")
    rows, imports = startup_rows(story, repeat * 2)
    rows.append(cache_row(story, repeat * 3))
    rows.extend(step_rows(story))
    rows.append(throughput(story, 10_000 if args.quick else 50_000))
    rows.append(huge_condition(repeat))
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as base:
        rows.extend(keypress_rows(Path(base), 300 if args.quick else 800, 1 if args.quick else 5))
        rows.extend(
            keypress_pty_rows(Path(base), 100 if args.quick else 400, 1 if args.quick else 5)
        )
        rows.extend(loadcheck_rows(Path(base), repeat))
        rows.append(broken_links(Path(base)))
        rows.extend(scale_rows(Path(base), args.quick))
    return print_table(rows, imports_note(imports))


if __name__ == "__main__":
    sys.exit(main())
