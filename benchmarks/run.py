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
from benchmarks.generate import write_story  # noqa: E402
from benchmarks.keypress_pty import keypress_pty_rows  # noqa: E402
from benchmarks.scale import scale_rows  # noqa: E402
from benchmarks.startup import startup_rows  # noqa: E402
from benchmarks.table import Row, table  # noqa: E402

SIZES = (100, 1_000, 10_000)


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


def load_check(folder: Path, repeat: int) -> tuple[float, float]:
    """(load+check seconds, bare CSafeLoader seconds) for one story folder."""
    import yaml

    from game.story.checker import check_folder

    files = sorted(folder.glob("*.yaml"))

    def bare() -> None:
        for path in files:
            with path.open("rb") as stream:
                yaml.load(stream, Loader=yaml.CSafeLoader)

    def ours() -> None:
        _, items = check_folder(folder)
        if any(d.is_error for d in items):
            raise RuntimeError(f"the generated story in {folder} fails check")

    ours_t: list[float] = []
    bare_t: list[float] = []
    for _ in range(repeat):
        bare_t.append(_best(bare, 1))
        ours_t.append(_best(ours, 1))
    return min(ours_t), min(bare_t)


def load_rows(base: Path, repeat: int) -> list[Row]:
    rows: list[Row] = []
    per_scene: dict[int, float] = {}
    for size in SIZES:
        folder = write_story(base / f"story-{size}", size)
        ours, bare = load_check(folder, repeat if size < 10_000 else max(3, repeat // 2))
        per_scene[size] = ours / size
        target = "<= 2.0x" if size == 10_000 else "(for growth)"
        rows.append(
            Row(
                f"load+check {size:,} scenes",
                f"{ours * 1000:.0f} ms",
                f"{bare * 1000:.0f} ms",
                f"{ours / bare:.2f}x",
                target,
                ours / bare <= 2.0 or size != 10_000,
            )
        )
    # Linear growth: the cost per scene at 10,000 scenes is no more than 1.3 times the
    # cheapest per-scene cost of the smaller stories (fixed costs make 100 dearer per scene).
    growth = per_scene[10_000] / min(per_scene[100], per_scene[1_000])
    rows.append(
        Row(
            "growth: per-scene cost 10,000 vs smaller",
            f"{per_scene[10_000] * 1e6:.0f} us/scene",
            f"{min(per_scene[100], per_scene[1_000]) * 1e6:.0f} us/scene",
            f"{growth:.2f}x",
            "<= 1.3x",
            growth <= 1.3,
        )
    )
    return rows


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
        rows.extend(load_rows(Path(base), repeat))
        rows.append(broken_links(Path(base)))
        rows.extend(scale_rows(Path(base), args.quick))
    print(table(rows))
    print()
    print("What each start-up path imports (python -X importtime, cumulative):")
    print("\n".join(imports))
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
