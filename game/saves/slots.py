"""Slot names: which are allowed, the save folder, and the names the game makes up itself."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from game.errors import SaveError
from game.story.visible import visible

AUTOSAVE = "autosave"
ENV = "SPECIAL_TASKS_SAVES"
SLOT_RE = re.compile(r"[A-Za-z0-9_-]{1,40}\Z")
BACKUP = ".bak"
# Windows opens these as devices whatever the folder or extension: 'nul.json' is not a file.
_DEVICE_RE = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?\Z", re.IGNORECASE)


def save_dir(explicit: Path | None) -> Path:
    """--saves DIR, else $SPECIAL_TASKS_SAVES, else ./saves; not created until the first save."""
    if explicit is not None:
        return explicit
    return Path(os.environ.get(ENV) or "saves")


def shown(text: str) -> str:
    """A name as it may be echoed to a terminal: no control codes, not too long."""
    clean = visible(text)
    return clean if len(clean) <= 60 else clean[:57] + "..."


def valid_slot(name: str) -> str:
    """`name` if it can name a slot ([A-Za-z0-9_-]{1,40}, no device name); else SaveError."""
    if _DEVICE_RE.match(name):
        raise SaveError(
            f"'{shown(name)}' cannot name a save slot: Windows keeps that name for a device "
            "(con, prn, aux, nul, com0-com9, lpt0-lpt9); choose another, for example: my-game"
        )
    if SLOT_RE.match(name):
        return name
    raise SaveError(
        f"'{shown(name)}' cannot name a save slot: use 1 to 40 letters, digits, '-' or '_' "
        "(for example: before-the-raid)"
    )


def own_autosave(started_at: str, game_id: str) -> str:
    """The autosave slot of one game when 'autosave' holds another: 'autosave-DATE-TIME-ID'."""
    return f"{AUTOSAVE}-{stamp(started_at)}-{game_id[:6]}"


def numbered(name: str, n: int) -> str:
    """The `n`th alternative to a slot name: 'mine-2', 'mine-3'... (within 40 characters)."""
    suffix = f"-{n}"
    return name[: 40 - len(suffix)] + suffix


def local_time(iso: str) -> str:
    """An ISO time as the local date and time to the minute, e.g. '2026-11-25 08:31'."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return shown(iso)


def stamp(iso: str) -> str:
    """An ISO time as 'YYYYMMDD-HHMMSS' in UTC, for file names ('unknown' if it is not one)."""
    try:
        return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    except (ValueError, OverflowError, OSError):
        return "unknown"


def sort_key(iso: str) -> float:
    """An ISO time as a number that sorts by time (0 when it is not a time)."""
    try:
        when = datetime.fromisoformat(iso)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0
