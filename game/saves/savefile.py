"""The save file format: a game as versioned JSON with a checksum, and checked back.

A save names scenes, choices, facts and questions only by their ids (never by position),
so a story that gains or reorders content still loads it (see game.saves.migrate).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from game.engine.engine import (
    AnswerEntry,
    GameState,
    LogEntry,
    ReflectionEntry,
    progress_percent,
)
from game.engine.session import Session
from game.errors import SaveError
from game.story.conditions import Value
from game.story.loader import CONTROL_RE, ID_RE
from game.story.model import Story

FORMAT = 1
"""The save format this game writes; it reads this one and older."""
MAX_SAVE_BYTES = 4_000_000
_VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class SaveDamaged(SaveError):
    """A save file that cannot be trusted: unreadable bytes, bad JSON, or a wrong checksum."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SavedAnswer:
    """An answer as saved: the option's index and its text (to survive reordered options)."""

    question: str
    given: int
    text: str


@dataclass(frozen=True)
class SaveRecord:
    """A save file's checked content, before it is fitted to a story."""

    story_id: str
    story_version: int
    story_title: str
    player: str | None
    started_at: str
    saved_at: str
    played_seconds: float
    chapter: str
    """The chapter title at the time of saving (for listings)."""
    progress: str
    scene: str
    chapter_id: str
    variables: dict[str, Value]
    path: tuple[str, ...]
    facts: tuple[str, ...]
    log: tuple[LogEntry, ...]
    answers: tuple[SavedAnswer, ...]
    reflections: tuple[ReflectionEntry, ...]
    due: tuple[tuple[str, str], ...]
    going_to: str | None
    ended: bool
    seed: int | None = None
    """The playthrough's order of choices and options (absent in older saves: story order)."""
    pending_reality: tuple[str, ...] = ()


# --- writing ----------------------------------------------------------------------
def progress(story: Story, state: GameState, historical: frozenset[str]) -> str:
    """How far a game has got, for listings: '40%, 3 of 9 facts' or 'finished'."""
    if state.ended:
        return "finished"
    done = progress_percent(historical, state)
    return f"{done}%, {len(state.facts)} of {len(story.facts)} facts"


def encode(session: Session, saved_at: str) -> bytes:
    """The save file for a session, as UTF-8 JSON bytes with its checksum."""
    story, state = session.story, session.state
    chapter = story.chapter_of(state.scene)
    record: dict[str, Any] = {
        "format": FORMAT,
        "story": {"id": story.id, "version": story.version, "title": story.title},
        "player": session.player,
        "started_at": session.started_at,
        "saved_at": saved_at,
        "played_seconds": round(session.played_seconds, 3),
        "summary": {
            "chapter": chapter.title,
            "progress": progress(story, state, session.engine.historical),
        },
        "state": {
            "scene": state.scene,
            "chapter": chapter.id,
            "variables": dict(state.variables),
            "path": list(state.path),
            "facts": list(state.facts),
            "log": [
                {"scene": e.scene, "choice": e.choice, "historical": e.historical}
                for e in state.log
            ],
            "answers": [_answer_json(story, a) for a in state.answers],
            "reflections": [
                {"reflection": r.reflection, "text": r.text} for r in state.reflections
            ],
            "due": [{"kind": kind, "id": ident} for kind, ident in state.due],
            "going_to": state.going_to,
            "ended": state.ended,
            "seed": state.seed,
            "pending_reality": list(state.pending_reality),
        },
    }
    record["checksum"] = checksum(record)
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _answer_json(story: Story, answer: AnswerEntry) -> dict[str, Any]:
    question = next(q for q in story.questions if q.id == answer.question)
    text = question.options[answer.given]
    return {"question": answer.question, "given": answer.given, "text": text}


def checksum(record: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of everything but the checksum itself."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


# --- reading ----------------------------------------------------------------------
def parse(data: bytes, shown: str) -> SaveRecord:
    """Check a save file's bytes; SaveDamaged if they cannot be trusted."""

    def damaged(reason: str) -> SaveDamaged:
        return SaveDamaged(f"the save file '{shown}' is damaged: {reason}", reason=reason)

    if len(data) > MAX_SAVE_BYTES:
        raise damaged(f"it is larger than {MAX_SAVE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise damaged("it is not UTF-8 text") from None
    try:
        record = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        reason = f"it is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        raise damaged(reason) from None
    except (ValueError, RecursionError):
        raise damaged("it is not valid JSON (nested too deep or a number too long)") from None
    if not isinstance(record, dict):
        raise damaged("it is not a save (no save format number)")
    version = record.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged("it is not a save (no save format number)")
    if version > FORMAT:
        raise SaveError(
            f"the save file '{shown}' was made by a newer version of Special Tasks "
            f"(save format {version}; this version reads format {FORMAT}): "
            "update the game to load it"
        )
    try:
        expected = checksum(record)
    except (ValueError, RecursionError):
        raise damaged("it holds values JSON cannot represent") from None
    if record.get("checksum") != expected:
        raise damaged("its checksum does not match, so it was damaged or edited by hand")
    try:
        return _record(_Reader(record, ""))
    except _Bad as exc:
        raise damaged(str(exc)) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


class _Bad(Exception):
    """A field of a save has the wrong shape (internal to `parse`)."""


class _Reader:
    """Typed access to one JSON object, naming the field when it is wrong."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise _Bad(f"'{where or 'the file'}' should be an object")
        self.obj: dict[str, Any] = obj
        self.where = where

    def get(self, key: str, optional: bool = False) -> Any:
        if key not in self.obj and not optional:
            raise _Bad(f"'{self.name(key)}' is missing")
        return self.obj.get(key)

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, optional: bool = False) -> Any:
        value = self.get(key, optional)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise _Bad(f"'{self.name(key)}' should be text")
        # Text from a save may reach a terminal (listings, reports): defuse control codes.
        return CONTROL_RE.sub("\ufffd", value)

    def ident(self, key: str, optional: bool = False) -> Any:
        value = self.get(key, optional)
        if value is None and optional:
            return None
        return _ident(value, self.name(key))

    def integer(self, key: str) -> int:
        value = self.get(key, False)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(f"'{self.name(key)}' should be a whole number")
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key, False)
        if not isinstance(value, bool):
            raise _Bad(f"'{self.name(key)}' should be true or false")
        return value

    def time(self, key: str) -> str:
        value = self.text(key)
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _Bad(f"'{self.name(key)}' should be a date and time") from None
        return str(value)

    def items(self, key: str) -> list[Any]:
        value = self.get(key, False)
        if not isinstance(value, list):
            raise _Bad(f"'{self.name(key)}' should be a list")
        return value

    def objects(self, key: str) -> list[_Reader]:
        return [_Reader(v, f"{self.name(key)}[{i}]") for i, v in enumerate(self.items(key))]

    def ids(self, key: str) -> tuple[str, ...]:
        return tuple(_ident(v, f"{self.name(key)}[{i}]") for i, v in enumerate(self.items(key)))

    def child(self, key: str) -> _Reader:
        return _Reader(self.get(key, False), self.name(key))


def _ident(value: Any, name: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value) or len(value) > 200:
        raise _Bad(f"'{name}' should be an id (lowercase letters, digits and '-')")
    return value


def _record(r: _Reader) -> SaveRecord:
    story, summary, state = r.child("story"), r.child("summary"), r.child("state")
    seconds = r.get("played_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise _Bad("'played_seconds' should be a number of seconds")
    variables = state.child("variables")
    values: dict[str, Value] = {}
    for name, value in variables.obj.items():
        if not _VARIABLE_RE.match(name) or not isinstance(value, (bool, int, str)):
            raise _Bad(f"'state.variables' holds a bad entry '{name[:40]}'")
        values[name] = CONTROL_RE.sub("\ufffd", value) if isinstance(value, str) else value
    due: list[tuple[str, str]] = []
    for d in state.objects("due"):
        kind = d.text("kind")
        if kind not in ("question", "reflection"):
            raise _Bad(f"'{d.name('kind')}' should be question or reflection")
        due.append((kind, d.ident("id")))
    answers = []
    for a in state.objects("answers"):
        given = a.integer("given")
        if given < 0:
            raise _Bad(f"'{a.name('given')}' should not be negative")
        answers.append(SavedAnswer(a.ident("question"), given, a.text("text")))
    return SaveRecord(
        story_id=story.ident("id"),
        story_version=story.integer("version"),
        story_title=story.text("title"),
        player=r.text("player", optional=True),
        started_at=r.time("started_at"),
        saved_at=r.time("saved_at"),
        played_seconds=float(seconds),
        chapter=summary.text("chapter"),
        progress=summary.text("progress"),
        scene=state.ident("scene"),
        chapter_id=state.ident("chapter"),
        variables=values,
        path=state.ids("path"),
        facts=state.ids("facts"),
        log=tuple(
            LogEntry(e.ident("scene"), e.ident("choice"), e.flag("historical"))
            for e in state.objects("log")
        ),
        answers=tuple(answers),
        reflections=tuple(
            ReflectionEntry(x.ident("reflection"), x.text("text", optional=True))
            for x in state.objects("reflections")
        ),
        due=tuple(due),
        going_to=state.ident("going_to", optional=True),
        ended=state.flag("ended"),
        seed=_seed(state.get("seed", True)),
        pending_reality=state.ids("pending_reality") if "pending_reality" in state.obj else (),
    )


MAX_SEED = 2**63


def _seed(value: Any) -> int | None:
    """A saved seed: a whole number in range, or None (story order)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_SEED:
        raise _Bad("'state.seed' should be a whole number from 0 up, or null")
    return value


def read_bytes(path: Path) -> bytes:
    """A save file's bytes (at most one byte over the size limit); SaveError if unreadable."""
    try:
        with path.open("rb") as f:
            return f.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"there is no save file '{path}'") from None
    except IsADirectoryError:
        raise SaveError(f"'{path}' is a folder, not a save file") from None
    except OSError as exc:
        if path.is_dir():
            raise SaveError(f"'{path}' is a folder, not a save file") from None
        raise SaveError(f"cannot read the save file '{path}': {exc.strerror or exc}") from None
