"""Load and check against a bare libyaml load of the same files: time, growth and memory.

    python benchmarks/loadcheck.py [--quick]       # these rows alone
    python benchmarks/loadcheck.py --memory FOLDER ours|bare   # one memory figure (internal)

`check_folder()` (read, parse with positions, build the model, every check; no cache)
against `yaml.load(f, Loader=yaml.CSafeLoader)` of every file of the same story.
`check_folder()` pauses the garbage collector while it loads and checks, so the floor runs
with it paused too. Stories come from benchmarks/generate.py, in chapter files of 1,000
scenes (50 files at 50,000).
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import write_story  # noqa: E402
from benchmarks.table import Row  # noqa: E402

SIZES = (100, 1_000, 10_000, 50_000)
PER_CHAPTER = 1_000
TARGET = 1.5
GROWTH = 1.3
MEMORY = 1.5


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def bare(folder: Path) -> list[object]:
    """The floor: every file loaded by libyaml's safe loader, the garbage collector paused
    as `check_folder()` pauses it; the data kept, as a loaded story is."""
    import yaml

    was = gc.isenabled()
    gc.disable()
    try:
        kept = []
        for path in _files(folder):
            with path.open("rb") as stream:
                kept.append(yaml.load(stream, Loader=yaml.CSafeLoader))
        return kept
    finally:
        if was:
            gc.enable()


def ours(folder: Path) -> object:
    """What is measured: load and check, as `special-tasks check` does (no cache)."""
    from game.story.checker import check_folder

    story, items = check_folder(folder)
    if any(d.is_error for d in items):
        raise RuntimeError(f"the generated story in {folder} fails check")
    return story


def timed(folder: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(ours, floor) wall times in seconds, interleaved: floor, ours, floor, ours..."""
    ours(folder)  # imports and a first pass, measured by neither
    mine: list[float] = []
    floor: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        bare(folder)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        ours(folder)
        mine.append(time.perf_counter() - start)
    return mine, floor


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:,.0f} ms (min {min(times) * 1000:,.0f})"


def memory(folder: Path, which: str) -> float:
    """Peak resident memory in MB over the interpreter's own, in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory", str(folder), which],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return float(json.loads(out.stdout)["mb"])


def _memory_child(folder: Path, which: str) -> None:
    import yaml  # noqa: F401 - imported before the baseline, as the checker's modules are

    import game.story.checker
    import game.story.loader

    game.story.checker.check_story  # noqa: B018 - the checks' modules are imported lazily
    from game.story import check_graph, check_refs, check_usage  # noqa: F401

    base = _peak_kb()
    kept = ours(folder) if which == "ours" else bare(folder)
    peak = _peak_kb()
    print(json.dumps({"mb": (peak - base) / 1024, "kept": kept is not None}))


def _peak_kb() -> int:
    """This process's peak resident set in kB: Linux's VmHWM, which starts afresh at exec
    (getrusage's max RSS of a process forked from a large one starts at the parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rows(base: Path, repeat: int, sizes: tuple[int, ...] = SIZES) -> list[Row]:
    """The load+check rows: each size against its floor, growth, and peak memory."""
    out: list[Row] = []
    per_scene: dict[int, float] = {}
    folders: dict[int, Path] = {}
    for size in sizes:
        folder = folders[size] = write_story(base / f"loadcheck-{size}", size, PER_CHAPTER)
        mine, floor = timed(folder, repeat if size < 50_000 else max(3, repeat // 2))
        ratio = statistics.median(mine) / statistics.median(floor)
        per_scene[size] = statistics.median(mine) / size
        out.append(
            Row(
                f"load+check {size:,} scenes (x{len(mine)})",
                _ms(mine),
                _ms(floor) + " yaml",
                f"{ratio:.2f}x",
                f"<= {TARGET}x",
                ratio <= TARGET,
            )
        )
    largest = max(sizes)
    smaller = min(per_scene[s] for s in sizes if s != largest)
    growth = per_scene[largest] / smaller
    out.append(
        Row(
            f"growth: per-scene cost {largest:,} vs smaller",
            f"{per_scene[largest] * 1e6:.0f} us/scene",
            f"{smaller * 1e6:.0f} us/scene",
            f"{growth:.2f}x",
            f"<= {GROWTH}x",
            growth <= GROWTH,
        )
    )
    mine_mb = memory(folders[largest], "ours")
    floor_mb = memory(folders[largest], "bare")
    out.append(
        Row(
            f"peak memory, load+check {largest:,} (max RSS)",
            f"{mine_mb:.0f} MB",
            f"{floor_mb:.0f} MB yaml",
            f"{mine_mb / floor_mb:.2f}x",
            f"<= {MEMORY}x",
            mine_mb / floor_mb <= MEMORY,
        )
    )
    return out


def main() -> int:
    import tempfile

    from benchmarks.table import table

    args = sys.argv[1:]
    if args[:1] == ["--memory"]:
        _memory_child(Path(args[1]), args[2])
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-loadcheck-") as base:
        found = rows(Path(base), 3 if "--quick" in args else 7)
    print(table(found))
    return 0 if all(r.ok for r in found) else 1


if __name__ == "__main__":
    sys.exit(main())
