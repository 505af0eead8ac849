"""One sub-folder of the save folder per player, so that on a shared computer one student's
game never becomes another's.

`special-tasks --name "Ana Li"` keeps its slots in `saves/ana-li/`; a game played without a
name keeps them in the save folder itself (the layout of earlier versions, which is still
read: a named player's saves found there are moved into the player's folder once).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from game.errors import SaveError
from game.saves import files
from game.saves.folder import SlotFolder, SlotInfo
from game.saves.slots import BACKUP, SLOT_RE, sort_key
from game.story.frozen import Frozen

MAX_PLAYER_FOLDERS = 500
"""How many player folders the title screen and `saves` look into."""
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def same_player(a: str | None, b: str | None) -> bool:
    """True when two player names are one person's (case and spacing aside)."""
    if a is None or b is None:
        return False
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def player_folder(name: str) -> str:
    """The sub-folder of a player's saves: 'Ana Li' -> 'ana-li'; 'Zoë' -> 'zoe-' + a hash.

    Letters are folded to ASCII; when that loses anything but case and spacing, a short hash
    of the whole name keeps two names from sharing a folder. Always a valid slot-like name
    of at most 40 characters, never a path, a device name or a hidden file.
    """
    key = " ".join(name.casefold().split())
    ascii_name = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_name).strip("-")[:30].strip("-")
    if slug == key.replace(" ", "-") and slug:
        return f"{slug}-player" if _reserved(slug) else slug
    import hashlib  # only for such a name: OpenSSL's start is a start's largest import

    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'player'}-{digest}"


def _reserved(slug: str) -> bool:
    return re.fullmatch(r"con|prn|aux|nul|com[0-9]|lpt[0-9]", slug) is not None


def saves_of(saves: Path, name: str | None) -> Path:
    """The folder of a player's slots (the save folder itself for a game without a name)."""
    return saves / player_folder(name) if name else saves


def adopt_flat_saves(saves: Path, name: str) -> list[str]:
    """Move a named player's saves from the flat save folder into their own folder.

    Only slots whose save names this player, of games not being played now, and only where
    the player's folder has no file of that name. Returns lines to show.
    """
    flat = SlotFolder(saves)
    try:
        found = [s for s in flat.slots() if s.damaged is None and same_player(s.player, name)]
    except SaveError:
        return []
    if not found:
        return []
    own = saves_of(saves, name)
    moved: list[str] = []
    try:
        own.mkdir(parents=True, exist_ok=True)
        for info in found:
            if _moving_would_lose(flat, own, info):
                continue
            for suffix in ("", BACKUP):
                source = flat.path(info.slot + suffix)
                if files.kind_of(source) == "file":
                    files.move_to(source, own / source.name)
            moved.append(info.slot)
    except (OSError, SaveError):
        pass
    if not moved:
        return []
    slots = ", ".join(f"'{slot}'" for slot in moved)
    return [f"Moved {len(moved)} save(s) of this player ({slots}) into '{own}'."]


def _moving_would_lose(flat: SlotFolder, own: Path, info: SlotInfo) -> bool:
    """True when the slot must stay: a live game writes it, or the target name is taken."""
    from game.saves.savefile import parse, read_bytes

    if any(files.kind_of(own / f"{info.slot}{s}.json") is not None for s in ("", BACKUP)):
        return True
    try:
        record = parse(read_bytes(flat.path(info.slot), follow=False), str(flat.path(info.slot)))
    except (SaveError, OSError):
        return True
    return files.game_alive(flat.folder, record.game_id)


@dataclass(frozen=True, eq=False, repr=False)
class PlayerGame(Frozen):
    """A slot and the folder it lives in (the flat save folder or a player's folder)."""

    folder: Path
    info: SlotInfo


def player_folders(saves: Path) -> list[Path]:
    """The players' sub-folders of the save folder, by name (at most MAX_PLAYER_FOLDERS)."""
    try:
        if not saves.is_dir():
            return []
        subs = sorted(
            entry
            for entry in saves.iterdir()
            if SLOT_RE.match(entry.name) and files.kind_of(entry) == "folder"
        )
    except OSError:
        return []
    return subs[:MAX_PLAYER_FOLDERS]


def newest_games(saves: Path) -> list[PlayerGame]:
    """Every readable slot in the save folder and its player folders, newest first."""
    found: list[PlayerGame] = []
    for folder in [saves, *player_folders(saves)]:
        try:
            slots = SlotFolder(folder).slots()
        except SaveError:  # a damaged save (SaveDamaged) too
            continue
        found += [PlayerGame(folder, s) for s in slots if s.damaged is None]
    return sorted(found, key=lambda g: sort_key(g.info.saved_at), reverse=True)
