"""The `report` command: which saved game to report on, and writing the report safely."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from game.classroom.report import Playthrough
from game.engine.engine import Engine
from game.errors import GameError, SaveError, UsageError
from game.saves.migrate import SaveData
from game.saves.story_of import StoryOf, read_with_story
from game.story.model import Story

if TYPE_CHECKING:
    from game.saves.record import SaveRecord
    from game.saves.store import SaveStore


@dataclass(frozen=True)
class ReportSource:
    """What `report` reads, resolved once from its SLOT|FILE, the save folder and --name: a
    save file named by its path (`file`), a slot of `store` (`slot`), or with neither, the
    newest main game in `store`."""

    store: SaveStore
    """The player's folder (--name), or the save folder for a game played without a name."""
    slot: str | None
    file: Path | None
    saves: Path
    named: bool


def report_source(target: str | None, saves: Path, name: str | None) -> ReportSource:
    """Where the game in the save file or slot `target` is (default: the newest main game).

    With `name`, slots are that player's (their folder under `saves`, see saves.players); a
    slot missing there is the one of a game played without --name, named now on its report.
    """
    from game.saves import files
    from game.saves.players import saves_of
    from game.saves.store import BACKUP, SLOT_RE, SaveStore

    store = SaveStore(saves_of(saves, name))
    if target is None:
        return ReportSource(store, None, None, saves, bool(name))
    if not SLOT_RE.match(target.removesuffix(BACKUP)) or Path(target).is_file():
        return ReportSource(store, None, Path(target), saves, bool(name))
    if name and files.kind_of(store.path(target.removesuffix(BACKUP))) is None:
        store = SaveStore(saves)
    return ReportSource(store, target, None, saves, bool(name))


def playthrough(source: ReportSource, story_of: StoryOf) -> Playthrough:
    """The game at `source`, fitted to its story (`story_of` its record), each save read once.

    Without a slot named, a game begun at a chapter (`--chapter`) is reported only when the
    folder holds no game begun at the start.
    """
    from game.saves.migrate import fitted
    from game.saves.store import read_file

    store = source.store
    if source.file is not None:
        path = source.file
        story, got = read_with_story(lambda: read_file(path), story_of)
        data = fitted(got.label, got.record, story, str(path))
    elif source.slot is not None:
        slot = source.slot
        story, got = read_with_story(lambda: store.read(slot), story_of)
        data = store.load(slot, Engine(story), got)
    else:
        story = story_of(_newest_record(store))
        data = _newest_main_game(store, story) or _no_game(source)
    return Playthrough(
        story=story,
        state=data.state,
        player=data.player,
        started_at=data.started_at,
        saved_at=data.saved_at,
        played_seconds=data.played_seconds,
        notes=data.notes,
    )


def _no_game(source: ReportSource) -> NoReturn:
    from game.saves.players import player_folders

    players = [] if source.named else player_folders(source.saves)
    where = f"--name NAME (player folders: {', '.join(p.name for p in players[:8])})"
    raise SaveError(
        f"there are no saves in '{source.store.folder}' to report on: play first, "
        + (
            f"or name the player with {where}"
            if players
            else "or name a save file or slot (see: special-tasks saves)"
        )
    )


def _newest_record(store: SaveStore) -> SaveRecord | None:
    """The newest slot's record, whose story is the one reported on without a slot named."""
    newest = store.newest()
    try:
        return store.read(newest).record if newest is not None else None
    except (SaveError, OSError):
        return None


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
