"""Shared fixtures: small stories written to temporary folders, and running the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from game.engine.engine import (
    ChoicePrompt,
    ContinuePrompt,
    Engine,
    QuestionPrompt,
    ReflectionPrompt,
)
from game.story.model import Story

# A test run started where Ctrl-C is ignored (a background job: `pytest &`, some CI runners)
# passes that on to every game it starts, which then never sees the SIGINT a test sends (it
# hangs, or exits as if nothing happened). A handler, unlike "ignore", is not inherited: the
# games start with Ctrl-C's default, as they do at a student's terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Property tests are judged on their results, never on time: a loaded CI machine may take
# seconds over one example (no per-example deadline; the suite's timeout still applies).
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

ROOT = Path(__file__).resolve().parents[1]
STORIES = Path(__file__).resolve().parent / "stories"

BASE_MANIFEST = """\
story:
  id: base
  title: Base
  version: 1
  start: one

variables:
  flag: false
  count: 0

sources:
  - id: src
    cite: "A Book, 1950."
    kind: scholarship
"""

BASE_CHAPTER = """\
chapter:
  id: main
  title: Main

scenes:
  - id: one
    text: First.
    facts: [f1]
    choices:
      - text: Go on.
        goto: two
        history: true
      - text: Wander.
        goto: side
        set: {flag: true}
        add: {count: 1}
  - id: side
    text: A detour.
    reality: Nobody wandered.
    next: two
  - id: two
    text: Second.
    choices:
      - text: Finish.
        goto: three
        history: true
      - text: Finish boldly.
        goto: three
        id: bold
        if: "flag and count >= 1"
  - id: three
    text: The end.
    end: true

facts:
  - id: f1
    title: Fact one
    text: Something happened.
    sources: [src]
    certainty: established

questions:
  - id: q1
    after: one
    ask: What?
    options: [a, b]
    answer: 0
    explain: Because.
"""


def write_story(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (name -> text) into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def own_story_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test has its own story cache (XDG_CACHE_HOME), never the user's: the runs of one
    test (run_cli, pty games) share it, as one user's runs do, and no test sees another's."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("SPECIAL_TASKS_NO_CACHE", raising=False)
    return cache


@pytest.fixture
def make_story(tmp_path: Path) -> Callable[..., Path]:
    """Write a story from the base texts with edits: make_story(chapter=..., manifest=...)."""

    def make(chapter: str = BASE_CHAPTER, manifest: str = BASE_MANIFEST, **extra: str) -> Path:
        files = {"story.yaml": manifest, "01-main.yaml": chapter}
        files.update({name.replace("_", "-") + ".yaml": text for name, text in extra.items()})
        return write_story(tmp_path / "story", files)

    return make


@pytest.fixture
def far_from_utc() -> Iterator[None]:
    """Local time nine hours ahead of UTC, so that a time read as local shows."""
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "JST-9")
    time.tzset()
    yield
    mp.undo()
    time.tzset()


@pytest.fixture
def mini_story() -> Path:
    """The hand-written test story in tests/stories/mini."""
    return STORIES / "mini"


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def run_cli(
    *args: str, input: str | None = "", cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m game ARGS` in a subprocess, as a user would.

    A game is played with `--no-shuffle` (story order), since tests type option numbers,
    unless the test asks for an order itself (`--seed`, `--shuffle-as-played`).
    """
    args = _story_order(args)
    # Each run autosaves into its own folder, never into the checkout's saves/.
    saves = tempfile.mkdtemp(prefix="special-tasks-saves-")
    full_env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "SPECIAL_TASKS_SAVES": saves,
        **(env or {}),
    }
    # Under mutmut's first pass (which tests reach which function) this names no mutant but
    # asks each call to be recorded, which a child in another folder cannot do: the child
    # runs the code unmutated, as mutmut cannot see it anyway (docs/testing.md).
    if full_env.get("MUTANT_UNDER_TEST") == "stats":
        del full_env["MUTANT_UNDER_TEST"]
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
    )


def _story_order(args: tuple[str, ...]) -> tuple[str, ...]:
    """`args` with --no-shuffle added when they play a game and fix no order themselves."""
    if "--shuffle-as-played" in args:
        return tuple(a for a in args if a != "--shuffle-as-played")
    playing = not args or args[0] == "play" or args[0].startswith("-")
    if not playing or "--seed" in args or "--no-shuffle" in args or {"-h", "--help"} & set(args):
        return args
    return (*args, "--no-shuffle")


def historical_inputs(story: Story, *, before_finish: tuple[str, ...] = ()) -> str:
    """The plain-protocol input that walks the historical path, answering every question right.

    `before_finish`: lines (commands) typed at the last step, before Enter finishes the story.
    """
    engine = Engine(story)
    state, _ = engine.new_game()
    lines: list[str] = []
    while not state.ended:
        prompt = engine.prompt(state)
        if isinstance(prompt, ChoicePrompt):
            index = next(i for i, c in enumerate(prompt.choices) if c.history)
            lines.append(str(index + 1))
            state, _ = engine.choose(state, prompt.choices[index].id)
        elif isinstance(prompt, ContinuePrompt):
            lines += [*(before_finish if prompt.finish else ()), ""]
            state, _ = engine.advance(state)
        elif isinstance(prompt, QuestionPrompt):
            lines.append(str(prompt.question.answer + 1))
            state, _ = engine.answer(state, prompt.question.answer)
        else:
            assert isinstance(prompt, ReflectionPrompt)
            lines.append("I would compare it with the archive documents.")
            state, _ = engine.reflect(state, lines[-1])
    return "\n".join(lines) + "\n"
