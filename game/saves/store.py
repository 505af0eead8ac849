"""Save slots in a folder: atomic writes, a backup per slot, damaged files kept aside.

Every write goes to a temporary file in the same folder, is flushed to disk, then renamed
over the slot, so a crash at any moment leaves either the old or the new save. The slot's
previous good version is kept as SLOT.bak.json; a damaged slot is moved aside, never
overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from game.engine.engine import Engine
from game.engine.session import Listener, Session, utc_now
from game.errors import SaveError
from game.saves.migrate import SaveData, fitted
from game.saves.migrate import read_save_file as read_save_file
from game.saves.savefile import SaveDamaged, SaveRecord, encode, parse, read_bytes
from game.story.loader import CONTROL_RE

AUTOSAVE = "autosave"
ENV = "SPECIAL_TASKS_SAVES"
SLOT_RE = re.compile(r"[A-Za-z0-9_-]{1,40}\Z")
BACKUP = ".bak"
STALE_TEMP_SECONDS = 60
PAUSE_ENV = "SPECIAL_TASKS_TEST_PAUSE_IN_WRITE"
"""Test-only (docs/testing.md): a process with this set to a file name (e.g. slot.json) stops
itself with SIGSTOP half-way through writing that file's temporary copy, so a test can kill
it at that exact point. Unset (always, outside tests), it changes nothing."""


def save_dir(explicit: Path | None) -> Path:
    """--saves DIR, else $SPECIAL_TASKS_SAVES, else ./saves; not created until the first save."""
    if explicit is not None:
        return explicit
    return Path(os.environ.get(ENV) or "saves")


def shown(text: str) -> str:
    """A name as it may be echoed to a terminal: no control codes, not too long."""
    clean = CONTROL_RE.sub("?", text)
    return clean if len(clean) <= 60 else clean[:57] + "..."


def valid_slot(name: str) -> str:
    """`name` if it can name a slot ([A-Za-z0-9_-]{1,40}); else SaveError saying why."""
    if SLOT_RE.match(name):
        return name
    raise SaveError(
        f"'{shown(name)}' cannot name a save slot: use 1 to 40 letters, digits, '-' or '_' "
        "(for example: before-the-raid)"
    )


@dataclass(frozen=True)
class SlotInfo:
    """One slot, as `special-tasks saves` lists it."""

    slot: str
    player: str | None
    story_id: str
    story_version: int
    chapter: str
    progress: str
    saved_at: str
    damaged: str | None
    """Why the slot cannot be read, or None when it is fine."""


class SaveStore:
    """The save slots in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.enabled = True
        """False after a write failed: the game goes on, saving is off."""
        self.notes: list[str] = []
        """Sentences from the last save for the player (e.g. a damaged slot moved aside)."""
        self.current: set[str] = set()
        """Slots holding this game: written or loaded here, so safe to overwrite."""

    # --- writing ------------------------------------------------------------------
    def save(self, slot: str, session: Session) -> Path:
        """Write the session to `slot` atomically, keeping the previous version as backup."""
        name = valid_slot(slot)
        self.notes = []
        target = self.path(name)
        self._prepare()
        data = encode(session, utc_now())
        old = self._existing(target)
        if old is not None:
            self._set_aside_or_back_up(name, target, old, session)
        self._write(target, data)
        self.current.add(name)
        return target

    def autosave(self, session: Session) -> str | None:
        """Save to "autosave" (and the named slot in use); None, or one line to show."""
        if not self.enabled:
            return None
        notes: list[str] = []
        try:
            for slot in dict.fromkeys([AUTOSAVE, session.slot or AUTOSAVE]):
                self.save(slot, session)
                notes += self.notes
        except (SaveError, OSError) as exc:
            self.enabled = False
            reason = exc.message if isinstance(exc, SaveError) else str(exc)
            return f"Saving is off: {reason}. You can play on, but progress is not saved."
        return " ".join(notes) or None

    def listener(self, warn: Callable[[str], None]) -> Listener:
        """A session listener that autosaves after every step and passes on what to say."""

        def autosave(session: Session, events: object) -> None:
            message = self.autosave(session)
            if message:
                warn(message)

        return autosave

    def _prepare(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise SaveError(f"the save folder '{self.folder}' is a file, not a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise SaveError(f"cannot create the save folder '{self.folder}': {reason}") from None

    def _existing(self, target: Path) -> bytes | None:
        if not target.exists() and not target.is_symlink():
            return None
        if target.is_dir():
            raise SaveError(f"'{target}' is a folder, so nothing can be saved in its place")
        return read_bytes(target)

    def _set_aside_or_back_up(self, name: str, target: Path, old: bytes, session: Session) -> None:
        """Before `target` is replaced: keep its content where nothing will overwrite it."""
        try:
            record = parse(old, str(target))
        except SaveError as exc:
            reason = exc.reason if isinstance(exc, SaveDamaged) else exc.message
            aside = self._free(f"{name}.damaged-{_stamp(utc_now())}", ".json")
            self._move(target, aside)
            self.notes.append(
                f"The save slot '{name}' could not be read ({reason}); it was kept as "
                f"'{aside}' and a new save was written."
            )
            return
        if name == AUTOSAVE and _has_progress(record) and not self._continues(record, session):
            # Another game's autosave: keep it as a slot of its own rather than lose it.
            self._move(target, self._free(f"{AUTOSAVE}-{_stamp(record.saved_at)}", ".json"))
            return
        self._write(self.path(name + BACKUP), old)

    def _continues(self, record: SaveRecord, session: Session) -> bool:
        """True when the saved autosave is this game at the same or an earlier step."""
        if record.started_at != session.started_at:
            return False
        if AUTOSAVE in self.current:
            return True
        return record.path == session.state.path[: len(record.path)] and len(record.log) <= len(
            session.state.log
        )

    def _free(self, stem: str, suffix: str) -> Path:
        candidate, n = self.folder / f"{stem}{suffix}", 1
        while candidate.exists():
            n += 1
            candidate = self.folder / f"{stem}-{n}{suffix}"
        return candidate

    def _move(self, source: Path, target: Path) -> None:
        try:
            os.replace(source, target)
        except OSError as exc:
            raise SaveError(f"cannot move '{source}' aside: {exc.strerror or exc}") from None
        _sync_folder(self.folder)

    def _write(self, target: Path, data: bytes) -> None:
        """Atomic replace: temp file in the same folder, fsync, rename, fsync the folder."""
        self._clear_stale_temps(target)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(_paused_half(f, data, target))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, target)
        except OSError as exc:
            _remove(temp)
            if target.is_dir():
                raise SaveError(f"'{target}' is a folder, so nothing can be saved there") from None
            raise SaveError(f"cannot write '{target}': {exc.strerror or exc}") from None
        _sync_folder(self.folder)

    def _clear_stale_temps(self, target: Path) -> None:
        """Remove temp files left by a process killed mid-write (old enough to be dead)."""
        now = time.time()
        for temp in self.folder.glob(f".{target.name}.*.tmp"):
            try:
                if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
            except OSError:
                continue

    # --- reading ------------------------------------------------------------------
    def path(self, slot: str) -> Path:
        """The file of a slot ('NAME' or its backup 'NAME.bak')."""
        return self.folder / f"{slot}.json"

    def load(self, slot: str, engine: Engine) -> SaveData:
        """A slot ('NAME', or 'NAME.bak' for its backup) fitted to the engine's story."""
        is_backup = slot.endswith(BACKUP)
        name = valid_slot(slot.removesuffix(BACKUP) if is_backup else slot)
        file = self.path(name + BACKUP if is_backup else name)
        if not file.exists() and not file.is_symlink():
            raise SaveError(self._missing(name, is_backup))
        try:
            record = parse(read_bytes(file), str(file))
        except SaveDamaged as exc:
            raise SaveDamaged(
                self.damage_report(name, is_backup, exc.reason), reason=exc.reason
            ) from None
        data = fitted(slot, record, engine.story, str(file))
        if name == AUTOSAVE and not is_backup:
            self.current.add(AUTOSAVE)
        else:
            # Playing on from another save: the autosave now holds a different game.
            self.current.discard(AUTOSAVE)
        self.current.add(name + BACKUP if is_backup else name)
        return data

    def _missing(self, name: str, is_backup: bool) -> str:
        label = f"{name}{BACKUP}" if is_backup else name
        message = f"there is no save slot '{label}' in '{self.folder}'"
        names = [s.slot for s in self.slots()]
        return message + (f" (slots: {', '.join(names)})" if names else "")

    def damage_report(self, name: str, is_backup: bool, reason: str) -> str:
        """A damaged slot explained, offering its backup when that is intact."""
        if is_backup:
            return f"the backup of save slot '{name}' is damaged too: {reason}"
        message = f"the save slot '{name}' is damaged: {reason}"
        backup = self.path(name + BACKUP)
        try:
            record = parse(read_bytes(backup), str(backup))
        except SaveError:
            return message + "; there is no intact backup"
        when = local_time(record.saved_at)
        return (
            message + f". Its backup from {when} is intact: load the slot '{name}{BACKUP}' "
            "to resume from there"
        )

    def slots(self) -> list[SlotInfo]:
        """Every slot in the folder, newest first; unreadable ones say why."""
        if self.folder.exists() and not self.folder.is_dir():
            raise SaveError(f"the save folder '{self.folder}' is a file, not a folder")
        try:
            entries = sorted(self.folder.iterdir()) if self.folder.is_dir() else []
        except OSError as exc:
            raise SaveError(f"cannot list '{self.folder}': {exc.strerror or exc}") from None
        found = [
            self._info(entry.name.removesuffix(".json"), entry)
            for entry in entries
            if entry.name.endswith(".json") and SLOT_RE.match(entry.name.removesuffix(".json"))
        ]
        return sorted(found, key=lambda s: _sort_key(s.saved_at), reverse=True)

    def _info(self, name: str, file: Path) -> SlotInfo:
        try:
            r = parse(read_bytes(file), str(file))
        except SaveError as exc:
            reason = exc.reason if isinstance(exc, SaveDamaged) else exc.message
            try:
                when = datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)
                saved_at = when.isoformat(timespec="seconds")
            except OSError:
                saved_at = ""
            return SlotInfo(name, None, "", 0, "", "", saved_at, reason)
        return SlotInfo(
            name, r.player, r.story_id, r.story_version, r.chapter, r.progress, r.saved_at, None
        )

    def newest(self) -> str | None:
        """The most recently saved readable slot, or None."""
        return next((s.slot for s in self.slots() if s.damaged is None), None)


def session_from(data: SaveData, engine: Engine, *, limit_seconds: float | None = None) -> Session:
    """A session that resumes the save: its state, player, play time, slot and start time."""
    slot = data.slot.removesuffix(BACKUP)
    return Session(
        engine,
        data.state,
        player=data.player,
        played_before=data.played_seconds,
        slot=None if slot == AUTOSAVE else slot,
        limit_seconds=limit_seconds,
        started_at=data.started_at,
    )


def local_time(iso: str) -> str:
    """An ISO time as the local date and time to the minute, e.g. '2026-11-25 08:31'."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError, OSError):
        return shown(iso)


def _has_progress(record: SaveRecord) -> bool:
    return bool(record.log or record.answers or record.reflections or len(record.path) > 1)


def _stamp(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y%m%d-%H%M%S")
    except (ValueError, OverflowError, OSError):
        return "unknown"


def _sort_key(iso: str) -> float:
    try:
        when = datetime.fromisoformat(iso)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def _paused_half(f: BinaryIO, data: bytes, target: Path) -> bytes:
    """The bytes still to write; with PAUSE_ENV naming `target`, half is written first."""
    if os.environ.get(PAUSE_ENV) != target.name:
        return data
    f.write(data[: len(data) // 2])
    f.flush()
    os.kill(os.getpid(), signal.SIGSTOP)
    return data[len(data) // 2 :]


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it survives a power cut (not possible on Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
