"""`play` read without argparse (game/cli_args.py: quick_play) gives what argparse gives, or
leaves the line to argparse: never another reading, never a missed mistake."""

from __future__ import annotations

import argparse
import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import build_parser
from game.cli_args import PLAY_FLAGS, PLAY_VALUES, quick_play
from tests.conftest import ROOT, run_cli

WORDS = [
    *PLAY_FLAGS,
    *PLAY_VALUES,
    "--pla",
    "--story=x",
    "--",
    "-h",
    "--help",
    "-5",
    "",
    " 7 ",
    "41",
    "39",
    "x y",
    "1e3",
    "abc",
    "0",
    "2.5",
    "\x1b[31m",
    "autosave",
    "check",
]


def argparse_reading(argv: list[str]) -> dict[str, object] | None:
    """What argparse makes of `argv` (None: it stops, with a message or the help)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            args = build_parser("play").parse_args(argv)
        except SystemExit:
            return None
    found = dict(vars(args))
    del found["run"]
    return found


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_quick_reading_is_argparse_s_or_none(words: list[str]) -> None:
    argv = ["play", *words]
    quick = quick_play(argv)
    if quick is not None:
        assert vars(quick) == argparse_reading(argv), argv


def test_the_usual_lines_are_read_quickly() -> None:
    line = ["play", "--plain", "--story", "scenes", "--width", "60", "--seed", "7"]
    quick = quick_play(line)
    assert quick is not None and vars(quick) == argparse_reading(line)
    assert quick_play(["play", "--saves", "s", "--name", " Ada ", "--no-shuffle"]) is not None


def test_mistakes_and_help_are_left_to_argparse() -> None:
    for line in (
        ["play", "--width", "5"],
        ["play", "--pla"],
        ["play", "--story"],
        ["play", "--plain", "--plain"],
        ["play", "-h"],
        ["check", "scenes"],
    ):
        assert quick_play(line) is None, line


def test_every_play_option_is_known_to_the_quick_reading() -> None:
    play = build_parser("play")._subparsers._group_actions[0].choices["play"]  # type: ignore[union-attr]
    declared = {s for a in play._actions for s in a.option_strings} - {"-h", "--help"}
    assert declared == set(PLAY_FLAGS) | set(PLAY_VALUES)
    for action in play._actions:
        if action.option_strings[0] in PLAY_VALUES:
            assert action.default is None and isinstance(action, argparse._StoreAction)


def test_a_mistake_is_still_reported_by_argparse() -> None:
    done = run_cli("play", "--plain", "--width", "5", "--story", str(ROOT / "scenes"))
    assert done.returncode == 2
    assert "argument --width: the width must be between 40 and 1000 columns" in done.stderr
