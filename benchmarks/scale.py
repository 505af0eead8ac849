"""The rows of constant-cost steps: engine and playtest per step as stories grow, and random
playthroughs with plain text rendered, per second.

    python benchmarks/scale.py [--quick]

The step rows are ratios against the same figure on the 100-scene story, measured in the
same run and interleaved with it, so a busy moment hurts both alike (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import write_story
from benchmarks.table import Row, table
from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    Event,
    QuestionPrompt,
    StoryEnded,
)
from game.engine.session import Session
from game.story.model import Story

ENGINE_SIZES = (100, 1_000, 10_000)
PLAYTEST_SIZES = (100, 50_000)
PLAYTEST_PER_CHAPTER = 1_000
"""The 50,000-scene story is written in chapter files of 1,000 scenes (50 files)."""
STEPS_PER_REPETITION = 10_000
"""Each engine repetition plays whole games until it has made at least this many steps."""
PLAYTHROUGH_RATE = 800
"""Playthroughs a second of the 100-scene story with plain text (5x inkjs's 160 here)."""
WIDTH = 80


def load(folder: Path) -> Story:
    """A generated story, loaded and checked as `play` and `playtest` load it."""
    from game.story.checker import check_folder

    story, items = check_folder(folder)
    if story is None or any(d.is_error for d in items):
        raise RuntimeError(f"the generated story in {folder} fails check")
    return story


def random_step(session: Session, rng: random.Random) -> list[Event]:
    """One move of a random player: a choice on offer, an answer, a reflection or Continue."""
    prompt = session.engine.prompt(session.state)
    if isinstance(prompt, ChoicePrompt):
        return session.choose(rng.randrange(len(prompt.choices)) + 1)
    if isinstance(prompt, ContinuePrompt):
        return session.advance()
    if isinstance(prompt, QuestionPrompt):
        return session.answer(rng.randrange(len(prompt.question.options)) + 1)
    return session.reflect(rng.choice(("I would ask the archive first.", None)))


def game_steps(engine: Engine, rng: random.Random) -> int:
    """One whole random game through the engine (and its undo history); its step count."""
    state, _ = engine.new_game(seed=rng.randrange(1 << 31))
    session = Session(engine, state)
    steps = 0
    while not session.state.ended:
        random_step(session, rng)
        steps += 1
    return steps


def plain_game(engine: Engine, rng: random.Random, width: int | None) -> int:
    """One whole random game with every event, prompt and the closing debrief rendered as
    the plain protocol prints them (folded at `width`, as `PlainGame` writes them); the
    characters of text made."""
    from game.classroom.debrief import debrief_lines, session_debrief
    from game.ui.plain import event_text, prompt_text, screen_text

    story = engine.story
    state, events = engine.new_game(seed=rng.randrange(1 << 31))
    session = Session(engine, state)
    written = 0
    while True:
        for event in events:
            written += len(event_text(story, event, width))
            if isinstance(event, StoryEnded):
                lines = ["", *debrief_lines(story, session_debrief(session))]
                written += len(screen_text(lines, width))
        prompt = engine.prompt(session.state)
        if isinstance(prompt, EndedPrompt):
            return written
        written += len(prompt_text(prompt, width))
        events = random_step(session, rng)


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def _us(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e6:.1f} us (min {min(values) * 1e6:.1f})"


def engine_rows(base: Path, repeat: int) -> list[Row]:
    """The engine's cost per step in whole random games of 100, 1,000 and 10,000 scenes,
    the sizes interleaved in each repetition."""
    engines = {n: Engine(load(write_story(base / f"scale-{n}", n))) for n in ENGINE_SIZES}
    gc.freeze()  # as `play` does once its story is loaded (game/ui/launch.py)
    per_step: dict[int, list[float]] = {n: [] for n in ENGINE_SIZES}
    for r in range(repeat + 1):
        for n, engine in engines.items():
            rng = random.Random(r)

            def games(engine: Engine = engine, rng: random.Random = rng) -> int:
                steps = 0
                while steps < STEPS_PER_REPETITION:
                    steps += game_steps(engine, rng)
                return steps

            seconds, steps = _timed(games)
            if r:  # the first round warms up
                per_step[n].append(seconds / steps)
    floor = statistics.median(per_step[100])
    rows = []
    for n in ENGINE_SIZES:
        ratio = statistics.median(per_step[n]) / floor
        last = n == ENGINE_SIZES[-1]
        rows.append(
            Row(
                f"engine step, whole random games, {n:,} scenes",
                _us(per_step[n]),
                "" if n == 100 else _us(per_step[100]) + " at 100",
                "" if n == 100 else f"{ratio:.2f}x",
                "<= 1.3x" if last else "(for growth)",
                ratio <= 1.3 or not last,
            )
        )
    return rows


def playtest_rows(base: Path, repeat: int, runs_small: int, runs_large: int) -> list[Row]:
    """`playtest`'s runs per scene entered at 100 and 50,000 scenes, the story compiled once
    (its cost, once per playtest, is a row of its own); every large run must end."""
    from game.authoring.playtest import play_runs
    from game.authoring.playtest_model import compile_story

    small = load(write_story(base / "playtest-100", 100))
    large_folder = write_story(base / "playtest-50000", 50_000, per_chapter=PLAYTEST_PER_CHAPTER)
    large = load(large_folder)
    compile_seconds, _ = _timed(lambda: len(compile_story(large).scenes))
    compiled = {100: compile_story(small), 50_000: compile_story(large)}
    per_step: dict[int, list[float]] = {n: [] for n in PLAYTEST_SIZES}
    ended = stopped = 0
    for r in range(repeat):
        for n, runs in ((100, runs_small), (50_000, runs_large)):
            start = time.perf_counter()
            result = play_runs(compiled[n], runs, r)
            per_step[n].append((time.perf_counter() - start) / result.steps)
            if n == 50_000:
                ended += sum(result.endings.values())
                stopped += sum(p.count for p in result.problems.values())
    ratio = statistics.median(per_step[50_000]) / statistics.median(per_step[100])
    files = len(list(large_folder.glob("*-part.yaml")))
    return [
        Row(
            f"playtest per scene entered, 50,000 scenes ({files} files)",
            _us(per_step[50_000]),
            _us(per_step[100]) + " at 100",
            f"{ratio:.2f}x",
            "<= 1.3x",
            ratio <= 1.3,
        ),
        Row(
            f"  its {repeat * runs_large} runs reach an ending",
            f"{ended} ended",
            f"cap {compiled[50_000].max_steps:,} scenes",
            f"{stopped} stopped",
            "all end",
            stopped == 0 and ended == repeat * runs_large,
        ),
        Row(
            "  compiling it for playtest, once (50,000 scenes)",
            f"{compile_seconds:.2f} s",
            "",
            f"{compile_seconds / 50_000 * 1e6:.0f} us/scene",
            "(for reference)",
            True,
        ),
    ]


def playthrough_rows(base: Path, repeat: int, games: int) -> list[Row]:
    """Whole random games of the 100-scene story per second, with plain text rendered,
    unfolded (output to a pipe) and folded at 80 columns (a terminal), against inkjs's
    random play of the same story written in ink (benchmarks/inkjs.py), one repetition of
    each in turn; against the issue's 160 a second when inkjs cannot run here."""
    from benchmarks.inkjs import INKJS, ISSUE_FIGURE, inkjs_rates

    engine = Engine(load(write_story(base / "plain-100", 100)))
    gc.freeze()  # as `play` does once its story is loaded
    load_average = ""
    if hasattr(os, "getloadavg"):
        load_average = f"load {os.getloadavg()[0]:.1f}"
    widths = (None, WIDTH)
    rngs = {width: random.Random(0) for width in widths}
    for width in widths:
        plain_game(engine, rngs[width], width)  # a first game fills what is remembered
    rates: dict[int | None, list[float]] = {width: [] for width in widths}
    ink: list[float] = []
    why = ""
    for _ in range(repeat):
        if why == "":
            found, why = inkjs_rates(100, max(20, games // 3), 1)
            ink += found or []
        for width in widths:

            def batch(rng: random.Random = rngs[width], width: int | None = width) -> int:
                return sum(plain_game(engine, rng, width) for _ in range(games))

            seconds, _ = _timed(batch)
            rates[width].append(games / seconds)
    measured = bool(ink) and not why
    ink_rate = statistics.median(ink) if measured else ISSUE_FIGURE
    if measured:
        floor = f"inkjs {ink_rate:,.0f}/s (best {max(ink):,.0f})"
    else:
        floor = f"inkjs {ISSUE_FIGURE:.0f}/s (the issue's)"
    rows = []
    for width in widths:
        median = statistics.median(rates[width])
        ratio = median / ink_rate
        rows.append(
            Row(
                "playthroughs/s, engine + plain text, 100 scenes"
                + (f", folded at {width}" if width else ""),
                f"{median:,.0f}/s (best {max(rates[width]):,.0f})",
                floor,
                f"{ratio:.1f}x inkjs",
                ">= 5x inkjs" if measured else f">= {PLAYTHROUGH_RATE}/s",
                ratio >= 5 if measured else median >= PLAYTHROUGH_RATE,
            )
        )
    note = f"the same story in ink, inkjs {INKJS} in Node.js, in turn" if measured else why
    rows.append(Row(f"  inkjs: {note}", load_average, "", "", "(for reference)", True))
    return rows


def scale_rows(base: Path, quick: bool) -> list[Row]:
    """Every row of this module, for benchmarks/run.py."""
    repeat = 5 if quick else 7
    rows = engine_rows(base, repeat)
    rows += playtest_rows(base, 5, 200 if quick else 1_000, 2 if quick else 4)
    rows += playthrough_rows(base, repeat, 100 if quick else 300)
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (noisier)")
    args = parser.parse_args()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bench-cache-")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        print(table(scale_rows(Path(folder), args.quick)))
