"""Which story a save is of: `--story` when given, else the folder the save recorded when it
still holds that story, else the shipped story.

A save records its story's folder (`story.folder`), so a game of a story played with
`--story DIR` resumes and reports without `--story` again, as long as DIR still holds a story
of the same id. Stories are loaded once per folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import SaveError, StoryError
from game.story.model import Story

if TYPE_CHECKING:
    from game.saves.folder import SlotRead
    from game.saves.record import SaveRecord

Loader = Callable[[Path], Story]
StoryOf = Callable[["SaveRecord | None"], Story]
"""The story of a save from its parsed record (None: a save that cannot be read); raises
StoryError."""


class StoryChooser:
    """The story for each save, loading each story folder at most once."""

    def __init__(self, given: Path | None, default: Path, load: Loader) -> None:
        self.given = given
        self.default = default
        self._load = load
        self._loaded: dict[Path, Story] = {}

    def load(self, folder: Path) -> Story:
        """The story in `folder` (cached); raises StoryError."""
        try:
            key = folder.resolve()
        except (OSError, RuntimeError):
            key = folder
        if key not in self._loaded:
            self._loaded[key] = self._load(folder)
        return self._loaded[key]

    def for_record(self, story_id: str | None, folder: str | None) -> Story:
        """The story of a save of `story_id` that recorded `folder`."""
        if self.given is not None:
            return self.load(self.given)
        if folder and story_id:
            recorded = self._recorded(story_id, Path(folder))
            if recorded is not None:
                return recorded
        return self.load(self.default)

    def _recorded(self, story_id: str, folder: Path) -> Story | None:
        try:
            if not (folder / "story.yaml").is_file():
                return None
            story = self.load(folder)
        except (StoryError, OSError):
            return None
        return story if story.id == story_id else None

    def for_parsed(self, record: SaveRecord | None) -> Story:
        """The story of a save parsed as `record` (the default one for None: unreadable)."""
        if record is None:
            return self.for_record(None, None)
        return self.for_record(record.story_id, record.story_folder)

    def for_save(self, path: Path) -> Story:
        """The story of the save file `path` (the default one if it cannot be read)."""
        from game.saves.store import read_file

        try:
            record: SaveRecord | None = read_file(path).record
        except (SaveError, OSError):
            record = None
        return self.for_parsed(record)


def read_with_story(read: Callable[[], SlotRead], story_of: StoryOf) -> tuple[Story, SlotRead]:
    """A save read (and parsed) once by `read`, and its story. A save that cannot be read
    raises its SaveError once the story it would be fitted to (the default one) has loaded:
    a story that cannot be loaded is said first."""
    try:
        got = read()
    except (SaveError, OSError):
        story_of(None)
        raise
    return story_of(got.record), got
