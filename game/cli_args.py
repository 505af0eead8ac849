"""Arguments that several subcommands share: the story folder, the save folder, a name."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.story.paths import shipped_story


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


def name_arg(value: str) -> str:
    name = value.strip()
    if not 1 <= len(name) <= 60 or not name.isprintable():
        raise argparse.ArgumentTypeError(
            "a name is 1 to 60 printable characters (letters, spaces, digits...)"
        )
    return name
