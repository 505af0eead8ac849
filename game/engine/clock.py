"""The time a save or a hand-in is stamped with, and the lesson's last minutes: in a module of
their own, so that the save folder's code (game/saves/folder.py) and the title screen's
(game/ui/screens.py, controller.py) do not import the engine to tell the time."""

from __future__ import annotations

from datetime import datetime, timezone

WARN_SECONDS = 120
"""With this much lesson time left, the player is told that the game will stop soon."""


def utc_now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
