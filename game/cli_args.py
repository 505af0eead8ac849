"""Arguments that several subcommands share (the story folder, the save folder, a name), the
checks of `play`'s values, and `play` read without argparse for the usual spellings.

argparse is imported only to declare options or to report a mistake: a start that plays
(`python -m game --plain --story DIR`) reads its words with `quick_play`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from game.story.paths import shipped_story

if TYPE_CHECKING:
    import argparse


def story_dir(value: str | None) -> Path:
    """The story folder named on the command line, or the shipped story."""
    return Path(value) if value else shipped_story()


def saves_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--saves",
        metavar="DIR",
        type=Path,
        help="the save folder (default: $SPECIAL_TASKS_SAVES, else ./saves)",
    )


def _bad(message: str) -> Exception:
    import argparse

    return argparse.ArgumentTypeError(message)


def name_arg(value: str) -> str:
    name = value.strip()
    if not 1 <= len(name) <= 60 or not name.isprintable():
        raise _bad("a name is 1 to 60 printable characters (letters, spaces, digits...)")
    return name


def width_arg(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise _bad(f"'{value}' is not a whole number") from None
    if not 40 <= width <= 1000:
        raise _bad("the width must be between 40 and 1000 columns")
    return width


def seed_arg(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise _bad(f"'{value[:30]}' is not a whole number from 0 up")
    return int(text)


def minutes_arg(value: str) -> float:
    try:
        minutes = float(value)
    except ValueError:
        raise _bad(f"'{value}' is not a number of minutes") from None
    if not 0 < minutes <= 1440:
        raise _bad("the lesson length must be more than 0 and at most 1440")
    return minutes


PLAY_FLAGS = {"--plain": "plain", "--no-shuffle": "no_shuffle"}
PLAY_VALUES: dict[str, tuple[str, Callable[[str], object]]] = {
    "--story": ("story", str),
    "--width": ("width", width_arg),
    "--saves": ("saves", Path),
    "--load": ("load", str),
    "--name": ("name", name_arg),
    "--chapter": ("chapter", str),
    "--minutes": ("minutes", minutes_arg),
    "--seed": ("seed", seed_arg),
}
"""`play`'s options as cli.py declares them to argparse: dest and type (the default is None)."""


def quick_play(argv: list[str]) -> SimpleNamespace | None:
    """`play ...` read as argparse reads it, for the spellings `--help` shows: each option
    whole and at most once, a value as the next word (not starting with '-'). None for
    anything else (help, a mistake, an abbreviation, `--story=DIR`): argparse then reads the
    line, and says what is wrong, as ever (tests/test_cli_quick.py compares the two)."""
    if not argv or argv[0] != "play":
        return None
    values: dict[str, object] = {dest: False for dest in PLAY_FLAGS.values()}
    values.update({dest: None for dest, _ in PLAY_VALUES.values()})
    seen: set[str] = set()
    words = iter(argv[1:])
    for word in words:
        if word in seen:
            return None
        seen.add(word)
        if word in PLAY_FLAGS:
            values[PLAY_FLAGS[word]] = True
            continue
        if word not in PLAY_VALUES:
            return None
        value = next(words, None)
        if value is None or value.startswith("-"):
            return None
        dest, convert = PLAY_VALUES[word]
        try:
            values[dest] = convert(value)
        except Exception:  # argparse reads it again and reports it
            return None
    return SimpleNamespace(command="play", **values)
