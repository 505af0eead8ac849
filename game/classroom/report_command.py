"""The `report` command: which saved game to report on, and writing the report safely."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.classroom.report import Playthrough
from game.engine.engine import Engine
from game.errors import GameError, SaveError, UsageError
from game.saves.migrate import SaveData
from game.story.model import Story

if TYPE_CHECKING:
    from game.saves.store import SaveStore


def playthrough(
    target: str | None, saves: Path, story: Story, name: str | None = None
) -> Playthrough:
    """The game in the save file or slot `target` (default: the newest main game).

    With `name`, slots are that player's (their folder under `saves`, see saves.players).
    Without a slot named, a game begun at a chapter (`--chapter`) is reported only when the
    folder holds no game begun at the start.
    """
    from game.saves import files
    from game.saves.players import player_folders, saves_of
    from game.saves.store import BACKUP, SLOT_RE, SaveStore, read_save_file

    store = SaveStore(saves_of(saves, name))
    if target is None:
        data = _newest_main_game(store, story)
        if data is None:
            players = [] if name else player_folders(saves)
            where = f"--name NAME (player folders: {', '.join(p.name for p in players[:8])})"
            raise SaveError(
                f"there are no saves in '{store.folder}' to report on: play first, "
                + (
                    f"or name the player with {where}"
                    if players
                    else "or name a save file or slot (see: special-tasks saves)"
                )
            )
    elif not SLOT_RE.match(target.removesuffix(BACKUP)) or Path(target).is_file():
        data = read_save_file(Path(target), story)
    else:
        if name and files.kind_of(store.path(target.removesuffix(BACKUP))) is None:
            store = SaveStore(saves)  # a game played without --name, named now on its report
        data = store.load(target, Engine(story))
    return Playthrough(
        story=story,
        state=data.state,
        player=data.player,
        started_at=data.started_at,
        saved_at=data.saved_at,
        played_seconds=data.played_seconds,
        notes=data.notes,
    )


def report_source(target: str | None, saves: Path, name: str | None) -> Path:
    """The save file `report` would read first, to find its story (it may not exist)."""
    from game.saves.players import saves_of
    from game.saves.store import BACKUP, SLOT_RE, SaveStore

    store = SaveStore(saves_of(saves, name))
    if target is None:
        newest = store.newest()
        return store.path(newest) if newest is not None else store.path("autosave")
    if not SLOT_RE.match(target.removesuffix(BACKUP)) or Path(target).is_file():
        return Path(target)
    if name and not store.path(target.removesuffix(BACKUP)).exists():
        store = SaveStore(saves)
    return store.folder / f"{target}.json"


def _newest_main_game(store: SaveStore, story: Story) -> SaveData | None:
    engine = Engine(story)
    practice: SaveData | None = None
    for info in store.slots():
        if info.damaged is not None or info.story_id != story.id:
            continue
        data = store.load(info.slot, engine)
        if not data.state.path or data.state.path[0] == story.start:
            return data
        practice = practice or data
    return practice


def write_report(text: str, output: Path, saves: Path, source: Path | None) -> None:
    """Write a report file, refusing to overwrite any save: the source, a slot or a backup."""
    from game.saves.store import is_save_file

    if source is not None and output.exists() and _same_file(output, source):
        raise UsageError(f"'{output}' is the save file itself: choose another name for -o")
    if is_save_file(output, saves):
        raise UsageError(
            f"'{output}' is a save, which is never written over: choose another name for -o"
        )
    if output.is_dir():
        raise UsageError(f"'{output}' is a folder: give -o a file name, e.g. report.html")
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GameError(f"cannot write the report to '{output}': {exc.strerror or exc}") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False
