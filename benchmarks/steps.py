"""Step time and peak memory while playing, in a process of its own; prints JSON.

    python benchmarks/steps.py STORY_DIR

A step is what the terminal game does per keypress: one engine transition, then rendering
its events and the next prompt to a rich Console (recording, 80 columns).
"""

from __future__ import annotations

import io
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Engine,
    GameState,
    QuestionPrompt,
    Step,
)
from game.story.checker import load_story
from game.ui.render_rich import event_view, prompt_view

PLAYTHROUGHS = 20


def _move(engine: Engine, state: GameState, turn: int) -> Step:
    """The next transition, varying choices and answers from one playthrough to the next."""
    prompt = engine.prompt(state)
    if isinstance(prompt, ChoicePrompt):
        return engine.choose(state, prompt.choices[turn % len(prompt.choices)].id)
    if isinstance(prompt, ContinuePrompt):
        return engine.advance(state)
    if isinstance(prompt, QuestionPrompt):
        return engine.answer(state, turn % len(prompt.question.options))
    return engine.reflect(state, "I would check the archives." if turn % 2 else None)


def play(engine: Engine, turn: int, times: list[float] | None) -> None:
    """One playthrough, rendering every step; appends each step's seconds to `times`."""
    console = Console(record=True, width=80, file=io.StringIO(), color_system="truecolor")
    state, events = engine.new_game()
    for event in events:
        console.print(event_view(engine.story, event))
    step = 0
    while not isinstance(engine.prompt(state), EndedPrompt):
        start = time.perf_counter()
        state, events = _move(engine, state, turn + step)
        for event in events:
            console.print(event_view(engine.story, event))
        console.print(prompt_view(engine.prompt(state)))
        if times is not None:
            times.append(time.perf_counter() - start)
        step += 1


def main() -> None:
    engine = Engine(load_story(Path(sys.argv[1])))
    play(engine, 0, None)  # warm-up: first-use imports and caches inside rich
    times: list[float] = []
    for turn in range(PLAYTHROUGHS):
        play(engine, turn, times)
    tracemalloc.start()
    play(engine, 1, None)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "steps": len(times),
                "median_ms": statistics.median(times) * 1000,
                "rss_mb": rss_kb / 1024,
                "traced_mb": traced / 2**20,
            }
        )
    )


if __name__ == "__main__":
    main()
