"""Reading a class folder: every report, HTML report or save in it and its sub-folders."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from game.classroom.class_entries import Entry, NotAReport, from_report, safe
from game.classroom.handin import embedded_json, looks_like_html
from game.errors import SaveError, StoryError, UsageError
from game.saves.files import read_limited
from game.saves.story_of import StoryOf, read_with_story

MAX_FILE_BYTES = 4_000_000
MAX_DEPTH = 6
"""Sub-folder levels read below the class folder (a platform's download is two or three)."""
MAX_FILES = 2000
"""Files looked at in all; a folder tree bigger than a class is cut off with a note."""
IGNORED = ("__MACOSX",)
"""Folders that archive tools add beside the real files."""

StoryFor = StoryOf
"""The story a save file needs, from its record (which may name its folder)."""


@dataclass
class Found:
    """What reading a folder gave: games, and the files skipped with the reason for each."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    cut_off: bool = False
    """True when the tree held more than MAX_FILES files or was deeper than MAX_DEPTH."""


def read_tree(folder: Path, story_for: StoryFor) -> Found:
    """Every report or save under `folder`, sub-folders included up to the limits."""
    try:
        is_folder, exists = folder.is_dir(), folder.exists()
    except OSError as exc:  # a name the system refuses, e.g. too long
        raise UsageError(f"cannot summarise '{folder}': {exc.strerror or exc}") from None
    if not is_folder:
        what = "a file, not a folder" if exists else "no such folder"
        raise UsageError(f"cannot summarise '{folder}': {what}")
    found = Found()
    for path in _files(folder, found):
        shown = safe(path.relative_to(folder).as_posix())
        try:
            found.entries.append(read_entry(path, shown, story_for))
        except NotAReport as exc:
            found.skipped.append((shown, str(exc)))
    return found


def _files(folder: Path, found: Found) -> Iterator[Path]:
    """Regular files under `folder`, depth first in name order; hidden ones left out."""
    count = 0
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            children = sorted(current.iterdir(), key=lambda p: p.name, reverse=True)
        except OSError as exc:
            if current == folder:
                raise UsageError(f"cannot list '{folder}': {exc.strerror or exc}") from None
            found.skipped.append((safe(current.relative_to(folder).as_posix()), "unreadable"))
            continue
        files = []
        for child in children:
            if child.name.startswith(".") or child.name in IGNORED:
                continue
            # Symbolic links to folders are not followed: they could loop.
            if child.is_dir() and not child.is_symlink():
                if depth + 1 > MAX_DEPTH:
                    found.cut_off = True
                else:
                    stack.append((child, depth + 1))
            elif child.is_file():
                files.append(child)
        for child in reversed(files):
            count += 1
            if count > MAX_FILES:
                found.cut_off = True
                return
            yield child


def read_entry(path: Path, shown: str, story_for: StoryFor) -> Entry:
    """One file as an entry; NotAReport saying why it is skipped."""
    if path.name.endswith(".bak.json"):
        raise NotAReport("a backup copy of a save")
    if ".damaged-" in path.name:
        raise NotAReport("a damaged save the game set aside")
    try:
        # Never blocks: a FIFO or device put in place of a file is refused, not waited on.
        data = read_limited(path, MAX_FILE_BYTES, follow=True)
    except OSError as exc:
        raise NotAReport(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise NotAReport("too large to be a report or a save")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAReport("not a report or a save file") from None
    if looks_like_html(data):
        obj = embedded_json(text)
        if not isinstance(obj, dict):
            raise NotAReport("a web page without a report in it (an older HTML report?)")
    else:
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            raise NotAReport("not a report or a save file") from None
    if isinstance(obj, dict) and "report_format" in obj:
        return from_report(obj, shown)
    if isinstance(obj, dict) and "format" in obj and "state" in obj:
        return from_save(path, shown, story_for)
    raise NotAReport("not a report or a save file")


def from_save(path: Path, shown: str, story_for: StoryFor) -> Entry:
    """A save file as an entry, through the same JSON a report has."""
    from game.classroom.report import Playthrough, build, report_json
    from game.saves.migrate import fitted
    from game.saves.store import read_file

    try:
        loaded, got = read_with_story(lambda: read_file(path), story_for)
        data = fitted(got.label, got.record, loaded, str(path))
    except StoryError as exc:
        raise NotAReport(f"a save, but its story cannot be loaded: {exc}") from None
    except SaveError as exc:
        raise NotAReport(f"a save that cannot be used: {exc.message}") from None
    play = Playthrough(
        loaded, data.state, data.player, data.started_at, data.saved_at, data.played_seconds
    )
    return from_report(report_json(build(play)), shown, kind="save")


# --- one row per student --------------------------------------------------------------
_COPY_RE = re.compile(r"(?:\s*\(\d{1,3}\)|\s*-\s*copy(?:\s*\(\d{1,3}\))?|\s+copy)\Z", re.I)


def upload_name(file: str) -> str:
    """A file's name without a re-upload's mark: 'ben (1).json' and 'ben.json' give 'ben'."""
    parent, _, name = file.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{parent}/{_COPY_RE.sub('', stem).casefold()}"


def student_key(entry: Entry) -> str:
    """Who a game belongs to: the player's name, or for a nameless game its file's name."""
    return entry.game_key[2] or "\x00" + upload_name(entry.file)


@dataclass(frozen=True)
class Folded:
    """An entry left out because another stands for the same game or the same student."""

    file: str
    kept: str
    """The file whose game is shown instead."""
    why: str
    """'the same game' or 'an earlier game of NAME'."""


def one_per_student(entries: list[Entry]) -> tuple[list[Entry], list[Folded]]:
    """The newest copy of each game, then each student's most advanced game."""
    folded: list[Folded] = []
    games: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        copies = games.setdefault(e.game_key[:2], [])
        index = next((i for i, g in enumerate(copies) if _same_game(e, g)), None)
        if index is None:
            copies.append(e)
            continue
        old = copies[index]
        keep, drop = (e, old) if _newer(e, old) else (old, e)
        if keep.player is None and drop.player is not None:
            keep = replace(keep, player=drop.player)  # a corrected name (report --name) stays
        copies[index] = keep
        folded.append(Folded(drop.file, keep.file, "the same game"))
    people: dict[str, Entry] = {}
    for e in (g for copies in games.values() for g in copies):
        key = student_key(e)
        best = people.get(key)
        if best is None:
            people[key] = e
            continue
        keep, drop = (e, best) if e.progress_key > best.progress_key else (best, e)
        people[key] = keep
        folded.append(Folded(drop.file, keep.file, f"a less advanced game of {keep.name}"))
    return list(people.values()), folded


def _same_game(a: Entry, b: Entry) -> bool:
    """Two copies of one game (same story and start): the same player's name, or, when a
    copy has no name (the other's was corrected with report --name), the same decisions."""
    if a.player is not None and b.player is not None:
        return a.game_key[2] == b.game_key[2]
    shorter, longer = sorted((a.decisions, b.decisions), key=len)
    return [(d.scene, d.choice) for d in shorter] == [
        (d.scene, d.choice) for d in longer[: len(shorter)]
    ]


def _newer(a: Entry, b: Entry) -> bool:
    """True when `a` is the later copy of one game (a named copy wins a tie)."""
    return (a.progress_key[-1], a.steps, a.player is not None) > (
        b.progress_key[-1],
        b.steps,
        b.player is not None,
    )
