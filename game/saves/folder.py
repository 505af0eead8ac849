"""A save folder's slots as files: listing, reading, writing, backups, damage moved aside.

The folder knows nothing of which game is being played; `SaveStore` (store.py) decides which
slot a game may write, and this class does the file work for it and for `saves`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.clock import utc_now
from game.errors import SaveError
from game.saves import files
from game.saves.slots import (
    BACKUP,
    SLOT_RE,
    local_time,
    numbered,
    own_autosave,
    sort_key,
    stamp,
    valid_slot,
)
from game.story.frozen import Frozen

if TYPE_CHECKING:
    from game.saves.record import SaveRecord

MAX_FRESH = 100
"""How many alternative names to try before giving up on a slot."""


@dataclass(frozen=True, eq=False, repr=False)
class SlotInfo(Frozen):
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


@dataclass(frozen=True, eq=False, repr=False)
class SlotRead(Frozen):
    """A save file read and parsed once, not yet fitted to a story."""

    label: str
    """The slot ('NAME', or 'NAME.bak' for its backup), or a save file's name without '.json'."""
    file: Path
    raw: bytes
    record: SaveRecord


class SlotFolder:
    """The save slot files in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.notes: list[str] = []
        """Sentences from the last save for the player (e.g. a damaged slot moved aside)."""
        self._alive: files.GameLock | None = None
        self.raw: dict[str, str] = {}
        """Slot -> sha256 of the very bytes this game last wrote or loaded there: while the
        slot still holds them, it is this game's, known without parsing it again."""

    def remember(self, name: str, data: bytes) -> None:
        self.raw[name] = _digest(data)

    def unchanged(self, name: str, data: bytes) -> bool:
        """True when `data` are the very bytes this game last wrote or loaded in `name`."""
        return self.raw.get(name) == _digest(data)

    def path(self, slot: str) -> Path:
        """The file of a slot ('NAME' or its backup 'NAME.bak')."""
        return self.folder / f"{slot}.json"

    def _prepare(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise SaveError(f"the save folder '{self.folder}' is a file, not a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise SaveError(f"cannot create the save folder '{self.folder}': {reason}") from None

    def close(self) -> None:
        """This game stops being played here: others may now take over its 'autosave'."""
        if self._alive is not None:
            self._alive.release()
            self._alive = None

    def _keep_alive(self, game_id: str) -> None:
        """Hold the lock that tells other games this one is being played (one game at a time)."""
        if self._alive is not None and self._alive.game_id == game_id:
            return
        if self._alive is not None:
            self._alive.release()
        self._alive = files.GameLock(self.folder, game_id)

    def _free_own_slot(self, record: SaveRecord) -> Path:
        own = own_autosave(record.started_at, record.game_id)
        for n in range(1, MAX_FRESH + 1):
            candidate = self.path(own if n == 1 else numbered(own, n))
            if files.kind_of(candidate) is None:
                return candidate
        raise SaveError(f"no free slot name like '{own}' is left in '{self.folder}'")

    def _set_damaged_aside(self, name: str, target: Path, exc: SaveError) -> None:
        from game.saves.record import SaveDamaged

        reason = exc.reason if isinstance(exc, SaveDamaged) else exc.message
        aside = self.folder / f"{name}.damaged-{stamp(utc_now())}.json"
        n = 1
        while files.kind_of(aside) is not None:
            n += 1
            aside = self.folder / f"{name}.damaged-{stamp(utc_now())}-{n}.json"
        files.move(target, aside)
        self.notes.append(
            f"The save slot '{name}' could not be read ({reason}); it was kept as "
            f"'{aside}' and a new save was written."
        )

    def _write(self, target: Path, data: bytes) -> None:
        files.clear_stale_temps(self.folder, target.name)
        try:
            files.write_atomic(target, data)
        except OSError as exc:
            if target.is_dir():
                raise SaveError(f"'{target}' is a folder, so nothing can be saved there") from None
            raise SaveError(f"cannot write '{target}': {exc.strerror or exc}") from None

    def _back_up(self, target: Path, name: str, old: bytes) -> None:
        """Keep the slot's current file as its backup: by a second name (a hard link renamed
        over the backup), or, where the disk has no hard links, by writing its bytes."""
        backup = self.path(name + BACKUP)
        files.clear_stale_temps(self.folder, backup.name)
        try:
            if files.link_atomic(target, backup):
                return
        except OSError as exc:
            if backup.is_dir():
                raise SaveError(f"'{backup}' is a folder, so nothing can be saved there") from None
            raise SaveError(f"cannot write '{backup}': {exc.strerror or exc}") from None
        self._write(backup, old)

    def _holds(self, name: str, digest: str) -> bool:
        from game.saves.savefile import parse, read_bytes

        try:
            return parse(read_bytes(self.path(name), follow=False), name).checksum == digest
        except SaveError:
            return False

    def _missing(self, name: str, is_backup: bool) -> str:
        label = f"{name}{BACKUP}" if is_backup else name
        message = f"there is no save slot '{label}' in '{self.folder}'"
        names = [s.slot for s in self.slots()]
        return message + (f" (slots: {', '.join(names)})" if names else "")

    def read(self, slot: str) -> SlotRead:
        """A slot ('NAME', or 'NAME.bak' for its backup) read and parsed; SaveError if it is
        missing, a damaged one explained (SaveDamaged)."""
        from game.saves.record import SaveDamaged
        from game.saves.savefile import parse, read_bytes

        is_backup = slot.endswith(BACKUP)
        name = valid_slot(slot.removesuffix(BACKUP) if is_backup else slot)
        label = name + BACKUP if is_backup else name
        file = self.path(label)
        if files.kind_of(file) is None:
            raise SaveError(self._missing(name, is_backup))
        try:
            raw = read_bytes(file, follow=False)
            record = parse(raw, str(file))
        except SaveDamaged as exc:
            raise SaveDamaged(
                self.damage_report(name, is_backup, exc.reason), reason=exc.reason
            ) from None
        return SlotRead(label, file, raw, record)

    def damage_report(self, name: str, is_backup: bool, reason: str) -> str:
        """A damaged slot explained, offering its backup when that is intact."""
        from game.saves.savefile import parse, read_bytes

        if is_backup:
            return f"the backup of save slot '{name}' is damaged too: {reason}"
        message = f"the save slot '{name}' is damaged: {reason}"
        backup = self.path(name + BACKUP)
        try:
            record = parse(read_bytes(backup, follow=False), str(backup))
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
        return sorted(found, key=lambda s: sort_key(s.saved_at), reverse=True)

    def _info(self, name: str, file: Path) -> SlotInfo:
        from game.saves.record import SaveDamaged
        from game.saves.savefile import parse, read_bytes

        try:
            r = parse(read_bytes(file, follow=False), str(file))
        except SaveError as exc:
            reason = exc.reason if isinstance(exc, SaveDamaged) else exc.message
            try:
                when = datetime.fromtimestamp(file.lstat().st_mtime, timezone.utc)
                saved_at = when.isoformat(timespec="seconds")
            except (OSError, OverflowError, ValueError):
                saved_at = ""
            return SlotInfo(name, None, "", 0, "", "", saved_at, reason)
        return SlotInfo(
            name, r.player, r.story_id, r.story_version, r.chapter, r.progress, r.saved_at, None
        )

    def newest(self) -> str | None:
        """The most recently saved readable slot, or None."""
        return next((s.slot for s in self.slots() if s.damaged is None), None)


def _digest(data: bytes) -> str:
    """sha256 of a slot's bytes; hashlib is imported at the first save or load, not to start
    (OpenSSL's start is the largest import a start would make)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()
