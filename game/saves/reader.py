"""A save's JSON checked field by field: every text, id, number and date has a type and bounds."""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone
from typing import Any

from game.engine.engine import LogEntry, ReflectionEntry
from game.saves.record import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_INTEGER,
    MAX_OPTIONS,
    MAX_SECONDS,
    MAX_VERSION,
    SavedAnswer,
    SaveRecord,
)
from game.story.conditions import Value
from game.story.loader import ID_RE
from game.story.visible import UNSAFE_RE, quoted

_VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
GAME_ID_RE = re.compile(r"[0-9a-f]{32}\Z")


class Bad(Exception):
    """A field of a save has the wrong shape or is out of bounds (the message names it)."""


def valid_time(value: str) -> bool:
    """True for an ISO 8601 time that converts to UTC and falls between 1970 and 9000."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        year = moment.astimezone(timezone.utc).year
    except (ValueError, OverflowError, OSError):
        return False
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def seconds(value: Any) -> float | None:
    """A play time in seconds if `value` is one (finite, 0 to MAX_SECONDS), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    # Compare before converting: float(10**400) itself raises OverflowError.
    if not 0 <= value <= MAX_SECONDS or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(value)


def integer_ok(value: int) -> bool:
    """True for a story integer a save may hold (at most MAX_INTEGER either side of 0)."""
    return -MAX_INTEGER <= value <= MAX_INTEGER


class Reader:
    """Typed access to one JSON object, naming the field when it is wrong."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise Bad(f"'{where or 'the file'}' should be an object")
        self.obj: dict[str, Any] = obj
        self.where = where

    def get(self, key: str, optional: bool = False) -> Any:
        if key not in self.obj and not optional:
            raise Bad(f"'{self.name(key)}' is missing")
        return self.obj.get(key)

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, optional: bool = False) -> Any:
        value = self.get(key, optional)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise Bad(f"'{self.name(key)}' should be text")
        # Text from a save may reach a terminal (listings, reports): defuse control codes.
        return UNSAFE_RE.sub("\ufffd", value)

    def ident(self, key: str, optional: bool = False) -> Any:
        value = self.get(key, optional)
        if value is None and optional:
            return None
        return _ident(value, self.name(key))

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.get(key, False)
        if not isinstance(value, int) or isinstance(value, bool):
            raise Bad(f"'{self.name(key)}' should be a whole number")
        if not low <= value <= high:
            raise Bad(f"'{self.name(key)}' should be a whole number from {low} to {high:,}")
        return value

    def seconds(self, key: str) -> float:
        value = seconds(self.get(key, False))
        if value is None:
            raise Bad(f"'{self.name(key)}' should be a number of seconds from 0 to {MAX_SECONDS:,}")
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key, False)
        if not isinstance(value, bool):
            raise Bad(f"'{self.name(key)}' should be true or false")
        return value

    def time(self, key: str) -> str:
        value = self.text(key)
        if not valid_time(value):
            raise Bad(
                f"'{self.name(key)}' should be a date and time between {EARLIEST_YEAR} and "
                f"{LATEST_YEAR}"
            )
        return str(value)

    def items(self, key: str) -> list[Any]:
        value = self.get(key, False)
        if not isinstance(value, list):
            raise Bad(f"'{self.name(key)}' should be a list")
        return value

    def objects(self, key: str) -> list[Reader]:
        return [Reader(v, f"{self.name(key)}[{i}]") for i, v in enumerate(self.items(key))]

    def ids(self, key: str) -> tuple[str, ...]:
        return tuple(_ident(v, f"{self.name(key)}[{i}]") for i, v in enumerate(self.items(key)))

    def child(self, key: str) -> Reader:
        return Reader(self.get(key, False), self.name(key))


def _ident(value: Any, name: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value) or len(value) > 200:
        raise Bad(f"'{name}' should be an id (lowercase letters, digits and '-')")
    return value


def record_of(r: Reader, checksum: str) -> SaveRecord:
    """The checked record of a save's JSON (already upgraded to the current format)."""
    story, summary, state = r.child("story"), r.child("summary"), r.child("state")
    game = r.get("game")
    if not isinstance(game, str) or not GAME_ID_RE.match(game):
        raise Bad("'game' should be the game's id (32 hexadecimal digits)")
    return SaveRecord(
        game_id=game,
        checksum=checksum,
        story_id=story.ident("id"),
        story_version=story.integer("version", 0, MAX_VERSION),
        story_title=story.text("title"),
        story_folder=story.text("folder", optional=True),
        player=r.text("player", optional=True),
        started_at=r.time("started_at"),
        saved_at=r.time("saved_at"),
        played_seconds=r.seconds("played_seconds"),
        chapter=summary.text("chapter"),
        progress=summary.text("progress"),
        scene=state.ident("scene"),
        chapter_id=state.ident("chapter"),
        variables=_variables(state.child("variables")),
        path=state.ids("path"),
        facts=state.ids("facts"),
        log=tuple(
            LogEntry(e.ident("scene"), e.ident("choice"), e.flag("historical"))
            for e in state.objects("log")
        ),
        answers=tuple(
            SavedAnswer(a.ident("question"), a.integer("given", 0, MAX_OPTIONS), a.text("text"))
            for a in state.objects("answers")
        ),
        reflections=tuple(
            ReflectionEntry(x.ident("reflection"), x.text("text", optional=True))
            for x in state.objects("reflections")
        ),
        due=tuple(_due(d) for d in state.objects("due")),
        going_to=state.ident("going_to", optional=True),
        ended=state.flag("ended"),
        seed=_seed(state.get("seed", True)),
        pending_reality=state.ids("pending_reality") if "pending_reality" in state.obj else (),
        documents=state.ids("documents") if "documents" in state.obj else (),
    )


MAX_SEED = 2**63


def _seed(value: Any) -> int | None:
    """A saved seed: a whole number in range, or None (story order)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_SEED:
        raise Bad("'state.seed' should be a whole number from 0 up, or null")
    return value


def _variables(variables: Reader) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for name, value in variables.obj.items():
        if not _VARIABLE_RE.match(name) or not isinstance(value, (bool, int, str)):
            raise Bad(f"'state.variables' holds a bad entry {quoted(name, 40)}")
        if isinstance(value, int) and not isinstance(value, bool) and not integer_ok(value):
            raise Bad(f"'state.variables.{name[:40]}' should be within ±{MAX_INTEGER:,}")
        values[name] = UNSAFE_RE.sub("\ufffd", value) if isinstance(value, str) else value
    return values


def _due(d: Reader) -> tuple[str, str]:
    kind = d.text("kind")
    if kind not in ("question", "reflection"):
        raise Bad(f"'{d.name('kind')}' should be question or reflection")
    return kind, d.ident("id")
