"""A student's SSH user name, made into their save folder's name and a name for the report."""

from __future__ import annotations

import unicodedata

from game.saves.players import player_folder

NAME_LIMIT = 60
"""The longest player name, as the title screen accepts it."""


def folder_name(user: str) -> str:
    """The folder under the class folder for the user name `user`: the game's own player
    folder (`special-tasks --name`), so `report --saves DIR --name NAME` finds it.

    Letters and digits are kept (folded to ASCII, lower case) and anything else becomes `-`;
    a name that lost more than case and spacing gets a short digest, so two names never share
    a folder. It is never a path, a hidden file, a device name or empty: `../../etc` is
    `etc-` and a digest.
    """
    return player_folder(user[:200] or "student")


def player_name(user: str) -> str:
    """The name put on the save and the report: `user` without invisible characters, spaces
    folded, cut to the title screen's limit (empty when nothing printable is left)."""
    text = unicodedata.normalize("NFKC", user[:200])
    shown = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(shown.split())[:NAME_LIMIT].strip()
