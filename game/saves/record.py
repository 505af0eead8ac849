"""What a save file holds once checked, and the bounds every number in it must keep."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.engine import LogEntry, ReflectionEntry
from game.errors import SaveError
from game.story.conditions import Value
from game.story.frozen import Frozen

FORMAT = 2
"""The save format this game writes; it reads this one and older (format 1 had no game id)."""
MAX_SAVE_BYTES = 4_000_000
MAX_INTEGER = 10**15
"""The largest story variable (either sign) a save holds, as the story format allows."""
MAX_SECONDS = 10_000_000
"""The longest play time a save records (about 115 days): more read is damage, not play, and
a longer sitting is saved as this much (a capped figure rather than no save)."""
MAX_VERSION = 1_000_000_000
MAX_OPTIONS = 10_000
EARLIEST_YEAR, LATEST_YEAR = 1970, 9000
"""Save times outside these years are damage (and would overflow date arithmetic)."""


class SaveDamaged(SaveError):
    """A save file that cannot be trusted: unreadable bytes, bad JSON, or a wrong checksum."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, eq=False, repr=False)
class SavedAnswer(Frozen):
    """An answer as saved: the option's index and its text (to survive reordered options)."""

    question: str
    given: int
    text: str


@dataclass(frozen=True, eq=False, repr=False)
class SaveRecord(Frozen):
    """A save file's checked content, before it is fitted to a story."""

    game_id: str
    """32 hex digits made at New game (derived from the game's details for format 1)."""
    checksum: str
    """The file's checksum: two saves with the same one hold the same game at the same step."""
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
    """What-if scenes whose `reality` is still to be shown."""
    documents: tuple[str, ...] = ()
    """Exhibits examined (absent in older saves)."""
    story_folder: str | None = None
    """Where the story was loaded from when the game was saved (absent in older saves)."""
