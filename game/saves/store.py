"""Save slots in a folder: atomic writes, a backup per slot, one game per slot, damage kept aside.

Every write goes to a new temporary file in the same folder, is flushed to disk, then renamed
over the slot, so a crash at any moment leaves either the old or the new save. The slot's
previous good version is kept as SLOT.bak.json; a damaged slot is moved aside, never
overwritten.

Several games may share a folder (a lab, two windows). A game changes a slot only while it
holds the folder's lock, and only when the slot still holds what this game last wrote or
loaded there (compare before replace), or a game it may take the place of: a new game takes
over 'autosave', moving the earlier game's save to that game's own slot, where the earlier
game, told so, goes on saving. Any other slot that holds another game is left alone and this
game saves under a fresh name instead, saying so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.clock import utc_now
from game.errors import SaveError
from game.saves import files
from game.saves.folder import MAX_FRESH, SlotFolder, SlotInfo, SlotRead
from game.saves.slots import (
    AUTOSAVE,
    BACKUP,
    ENV,
    SLOT_RE,
    local_time,
    numbered,
    own_autosave,
    save_dir,
    shown,
    valid_slot,
)
from game.story.model import Story

if TYPE_CHECKING:
    from game.engine.engine import Engine
    from game.engine.session import Session
    from game.saves.migrate import SaveData
    from game.saves.record import SaveRecord

__all__ = [
    "AUTOSAVE", "BACKUP", "ENV", "SLOT_RE", "SaveStore", "SlotInfo", "is_save_file", "local_time",
    "practice_slot", "read_save_file", "save_dir", "session_from", "shown", "valid_slot",
]  # fmt: skip


class SaveStore(SlotFolder):
    """The save slots in one folder, as one game writes and loads them."""

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        super().__init__(folder)
        self.root = root or folder
        """The save folder of all players (`folder` is this player's sub-folder of it)."""
        self.pinned = False  # the class server: the SSH name, not a typed one, picks the folder
        self.enabled = True
        """False after a write failed: the game goes on, saving is off."""
        self.known: dict[str, str] = {}
        """Slot -> checksum of what this game last wrote or loaded there (compare, then replace)."""
        self.written: set[str] = set()
        """Checksums of every save of this game written or loaded since it was begun or loaded."""
        self.autosave_slot = AUTOSAVE
        """Where this game autosaves: 'autosave', or its own slot once another game took that."""
        self.last: str | None = None
        """The slot this game saved in last (or loaded from)."""
        self.resume: str | None = None  # how to resume, if not by --load (the class server)

    @property
    def current(self) -> set[str]:
        """Slots holding this game: written or loaded here, so safe to overwrite."""
        return set(self.known)

    # --- writing ------------------------------------------------------------------
    def save(self, slot: str, session: Session) -> Path:
        """Save the session in `slot`, or in a fresh slot if that holds another game (see notes).

        The file written is returned; its stem is the slot actually used.
        """
        from game.saves.savefile import encode

        name = valid_slot(slot)
        self.notes = []
        self._prepare()
        data, digest = encode(session, utc_now())
        # This game's before it is written: a Ctrl-C landing after the rename must not make
        # this game's newest save look like another game's at the next save.
        self.written.add(digest)
        try:
            with files.folder_lock(self.folder):
                self._keep_alive(session.game_id)
                name = self._claim(name, session)
                self._write(self.path(name), data)
        except OSError as exc:
            raise SaveError(f"cannot save in '{self.folder}': {exc.strerror or exc}") from None
        self.known[name] = digest
        self.remember(name, data)
        self.last = name
        return self.path(name)

    def autosave(self, session: Session) -> str | None:
        """Save in this game's autosave slot; None, or a line to show.

        Only the autosave follows every step: a slot saved with `save NAME` is a checkpoint
        and stays as it was until the player saves there again.
        """
        if not self.enabled:
            return None
        notes: list[str] = []
        try:
            self.autosave_slot = self.save(self.autosave_slot, session).stem
            notes += self.notes
        except (SaveError, OSError) as exc:
            self.enabled = False
            reason = exc.message if isinstance(exc, SaveError) else str(exc)
            return f"Saving is off: {reason}. You can play on, but progress is not saved."
        return " ".join(notes) or None

    def _claim(self, name: str, session: Session) -> str:
        """The slot this save goes to, with what was there kept (backup, moved aside)."""
        why = self._take(name, session, first=True)
        if why is None:
            return name
        for n in range(2, MAX_FRESH + 2):
            fresh = _alternative(name, session, n)
            if self._take(fresh, session, first=False) is None:
                self.notes.append(
                    f"{why} So that neither game loses progress, this game saves in the slot "
                    f"'{fresh}'."
                )
                return fresh
        raise SaveError(f"no free slot name like '{name}' is left in '{self.folder}'")

    def _take(self, name: str, session: Session, *, first: bool) -> str | None:
        """Make `name` ready for this game's save; None when done, else why it cannot be."""
        from game.saves.savefile import parse, read_bytes

        target = self.path(name)
        kind = files.kind_of(target)
        if kind is None:
            return None
        if kind == "folder":
            raise SaveError(f"'{target}' is a folder, so nothing can be saved in its place")
        if kind != "file":
            what = "a symbolic link" if kind == "link" else "not a regular file"
            return f"The save slot '{name}' is {what}, which the game never writes through."
        files.clear_stale_temps(self.folder, target.name)
        old = read_bytes(target, follow=False)
        if name in self.known and self.unchanged(name, old):
            self._back_up(target, name, old)  # exactly what this game wrote: no need to parse
            return None
        try:
            record = parse(old, str(target))
        except SaveError as exc:
            self._set_damaged_aside(name, target, exc)
            return None
        if self._ours(name, record, session):
            self._back_up(target, name, old)
            return None
        if name in self.known:
            return (
                f"Another game saved over the slot '{name}' (player: {_who(record)}), "
                "which this game was using."
            )
        # (A branch of this very game is not "another game being played".)
        alive = record.game_id != session.game_id and files.game_alive(self.folder, record.game_id)
        if name == AUTOSAVE and first and not alive:
            # A new game takes over 'autosave' from one no longer played, which keeps its
            # save as its own slot ('autosave' is then always the newest game's).
            if _has_progress(record):
                files.move(target, self._free_own_slot(record))
            else:
                self._back_up(target, name, old)
            return None
        if alive:
            return (
                f"The save slot '{name}' holds another game that is being played now "
                f"(player: {_who(record)})."
            )
        return f"The save slot '{name}' holds another game (player: {_who(record)})."

    def _ours(self, name: str, record: SaveRecord, session: Session) -> bool:
        """True when overwriting the slot's save loses nothing of another game."""
        if record.checksum in self.written:  # every checksum in `known` is in `written` too
            return True
        if name in self.known:
            return False
        if record.game_id != session.game_id or record.story_id != session.story.id:
            return False
        if name != AUTOSAVE:
            return True
        # The same game: overwrite only an earlier step, never a later branch of it.
        path, log = session.state.path, session.state.log
        return record.path == path[: len(record.path)] and len(record.log) <= len(log)

    def where(self, session: Session) -> str | None:
        """The slot that holds this game's last save now, or None.

        Another game may have taken over 'autosave' since, moving this game's save to its
        own slot: then that slot is named, and this game saves there from now on.
        """
        if self.last is None:
            return None
        digest = self.known[self.last]
        for name in dict.fromkeys([self.last, own_autosave(session.started_at, session.game_id)]):
            if self._holds(name, digest):
                return self._moved(name, digest)
        for info in self.slots():
            if info.damaged is None and self._holds(info.slot, digest):
                return self._moved(info.slot, digest)
        return None

    def _moved(self, name: str, digest: str) -> str:
        if name != self.last and self.last == self.autosave_slot:
            self.autosave_slot = name
        self.known[name] = digest
        self.last = name
        return name

    def load(self, slot: str, engine: Engine, read: SlotRead | None = None) -> SaveData:
        """A slot ('NAME', or 'NAME.bak' for its backup) fitted to the engine's story; `read`:
        the slot as `read(slot)` already gave it (to choose its story, say)."""
        from game.saves.migrate import fitted

        got = read or self.read(slot)
        label, record = got.label, got.record
        data = fitted(slot, record, engine.story, str(got.file))
        self._keep_alive(record.game_id)
        # Playing on from this save: only what it holds is this game's from now on.
        self.known = {label: record.checksum}
        self.raw = {}
        self.remember(label, got.raw)
        self.written = {record.checksum}
        self.autosave_slot = practice_slot(engine.story, _first(data.state.path)) or AUTOSAVE
        self.last = label
        return data


def follow(store: SaveStore, session: Session) -> None:
    """Autosave a game begun at a chapter in its own slot, never the main game's."""
    practice = practice_slot(session.story, _first(session.state.path))
    if practice is not None:
        store.autosave_slot = practice


def _first(path: Sequence[str]) -> str:
    return path[0] if path else ""  # a save's path may be empty: then no chapter game


def practice_slot(story: Story, first_scene: str) -> str | None:
    """Where a game begun at a chapter (`--chapter`) autosaves: 'chapter-ID', never the main
    game's 'autosave'; None for a game begun at the story's start."""
    if first_scene == story.start or first_scene not in story.scenes:
        return None
    slot = f"chapter-{story.scenes[first_scene].chapter}"[:40].rstrip("-_")
    return slot if SLOT_RE.match(slot) else "chapter-practice"


def read_save_file(path: Path, story: Story) -> SaveData:
    """Any save file (e.g. one a student handed in), fitted to `story`; raises SaveError."""
    from game.saves.migrate import fitted

    got = read_file(path)
    return fitted(got.label, got.record, story, str(path))


def read_file(path: Path) -> SlotRead:
    """Any save file read and parsed, not yet fitted to a story; raises SaveError."""
    from game.saves.savefile import parse, read_bytes

    raw = read_bytes(path)
    return SlotRead(path.name.removesuffix(".json"), path, raw, parse(raw, str(path)))


def is_save_file(path: Path, saves: Path) -> bool:
    """True when `path` is (or would become) a save: a slot or backup name in the save folder,
    or an existing file that holds a save, however it is named."""
    from game.saves.record import MAX_SAVE_BYTES

    stem = path.name.removesuffix(".json")
    if stem != path.name and SLOT_RE.match(stem.removesuffix(BACKUP)):
        try:
            if path.parent.resolve() == saves.resolve():
                return True
        except (OSError, RuntimeError):
            return True
    try:
        record = json.loads(files.read_limited(path, MAX_SAVE_BYTES, follow=True))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(record, dict) and "format" in record and "state" in record


def session_from(data: SaveData, engine: Engine, *, limit_seconds: float | None = None) -> Session:
    """A session that resumes the save: its state, player, play time, slot, start and identity."""
    from game.engine.session import Session, replayed_history

    slot = data.slot.removesuffix(BACKUP)
    # `back` undoes steps taken before the save as well, when its record replays to it.
    history = replayed_history(engine, data.state)
    return Session(
        engine,
        data.state,
        player=data.player,
        played_before=data.played_seconds,
        slot=None if slot == AUTOSAVE else slot,
        limit_seconds=limit_seconds,
        started_at=data.started_at,
        game_id=data.game_id,
        resumed=not history,
        history=history,
    )


def _alternative(wanted: str, session: Session, n: int) -> str:
    if wanted == AUTOSAVE:
        own = own_autosave(session.started_at, session.game_id)
        return own if n == 2 else numbered(own, n - 1)
    return numbered(wanted, n)


def _has_progress(record: SaveRecord) -> bool:
    return bool(record.log or record.answers or record.reflections or len(record.path) > 1)


def _who(record: SaveRecord) -> str:
    return shown(record.player) if record.player else "no name given"
