"""The save file format: a game as versioned JSON with a checksum, and checked back.

A save names scenes, choices, facts and questions only by their ids (never by position),
so a story that gains or reorders content still loads it (see game.saves.migrate).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.engine.engine import AnswerEntry, GameState, progress_percent
from game.engine.session import Session
from game.errors import SaveError
from game.saves.files import UnsafeFile, read_limited
from game.saves.migrate import upgrade
from game.saves.reader import Bad, Reader, integer_ok, record_of
from game.saves.record import (
    FORMAT,
    MAX_INTEGER,
    MAX_SAVE_BYTES,
    MAX_SECONDS,
    SaveDamaged,
    SaveRecord,
)
from game.story.model import Story
from game.story.rules import CONTROL_RE

__all__ = ["FORMAT", "MAX_SAVE_BYTES", "SaveDamaged", "checksum", "encode", "parse", "read_bytes"]


# --- writing ----------------------------------------------------------------------
def progress(story: Story, state: GameState, historical: frozenset[str]) -> str:
    """How far a game has got, for listings: '40%, 3 of 9 facts' or 'finished'."""
    if state.ended:
        return "finished"
    done = progress_percent(historical, state)
    return f"{done}%, {len(state.facts)} of {len(story.facts)} facts"


def encode(session: Session, saved_at: str) -> tuple[bytes, str]:
    """The save file for a session (UTF-8 JSON bytes) and its checksum; SaveError if none.

    The bytes are checked as a loaded save would be, so a save that could not be read back
    is never written (the previous one stays).
    """
    _check_variables(session.state)
    try:
        record = _record_json(session, saved_at)
        record["checksum"] = checksum(record)
        # Compact: without `indent` json uses its C encoder (pretty-printing forces the
        # pure-Python one, several times slower on a long game's path and log).
        text = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text += "\n"
        data = text.encode("utf-8")
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:
        raise SaveError(f"this game cannot be saved: {str(exc)[:200]}") from None
    try:
        digest = parse(data, "the new save").checksum
    except SaveDamaged as exc:
        raise SaveError(f"this game cannot be saved: {exc.reason}") from None
    return data, digest


def _check_variables(state: GameState) -> None:
    for name, value in state.variables.items():
        if isinstance(value, int) and not isinstance(value, bool) and not integer_ok(value):
            raise SaveError(
                f"this game cannot be saved: the story variable '{name}' has grown past "
                f"±{MAX_INTEGER:,}, more than a save holds"
            )


MAX_FOLDER_CHARS = 1000
"""A story folder longer than this (or with control characters) is not recorded."""


def recorded_folder(folder: str) -> str | None:
    """The story's folder as a save records it (absolute), or None when it cannot be read
    back (too long, or with control characters): then resuming needs `--story` again."""
    try:
        where = str(Path(folder).resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    if len(where) > MAX_FOLDER_CHARS or CONTROL_RE.search(where) or not where.isprintable():
        return None
    return where


def _folder_json(folder: str) -> dict[str, str]:
    where = recorded_folder(folder)
    return {} if where is None else {"folder": where}


def _record_json(session: Session, saved_at: str) -> dict[str, Any]:
    story, state = session.story, session.state
    chapter = story.chapter_of(state.scene)
    return {
        "format": FORMAT,
        "game": session.game_id,
        "story": {
            "id": story.id,
            "version": story.version,
            "title": story.title,
            **_folder_json(story.folder),
        },
        "player": session.player,
        "started_at": session.started_at,
        "saved_at": saved_at,
        "played_seconds": _capped(session.played_seconds),
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
            "documents": list(state.documents),
        },
    }


def _capped(played: float) -> float:
    """Play time as saved: to the millisecond, within 0 to MAX_SECONDS (a clock gone wrong
    costs the figure, never the save)."""
    if not math.isfinite(played):
        return float(MAX_SECONDS) if played > 0 else 0.0
    return round(min(max(played, 0.0), float(MAX_SECONDS)), 3)


def _answer_json(story: Story, answer: AnswerEntry) -> dict[str, Any]:
    question = story.question(answer.question)
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
        return record_of(Reader(upgrade(record, version), ""), expected)
    except Bad as exc:
        raise damaged(str(exc)) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def read_bytes(path: Path, *, follow: bool = True) -> bytes:
    """A save file's bytes (at most one byte over the size limit); SaveError if unreadable.

    Never blocks (a FIFO or device is refused); with follow=False a link is refused too.
    """
    try:
        return read_limited(path, MAX_SAVE_BYTES, follow=follow)
    except FileNotFoundError:
        raise SaveError(f"there is no save file '{path}'") from None
    except IsADirectoryError:
        raise SaveError(f"'{path}' is a folder, not a save file") from None
    except UnsafeFile as exc:
        reason = str(exc.strerror)
        message = f"the save file '{path}' cannot be used: {reason}"
        raise SaveDamaged(message, reason=reason) from None
    except OSError as exc:
        if _is_folder(path):
            raise SaveError(f"'{path}' is a folder, not a save file") from None
        raise SaveError(f"cannot read the save file '{path}': {exc.strerror or exc}") from None


def _is_folder(path: Path) -> bool:
    """True for a folder; False also where the system refuses the name (e.g. too long)."""
    try:
        return path.is_dir()
    except OSError:
        return False
