"""One handed-in game as the class summary reads it: a JSON report checked field by field."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from game.saves.record import MAX_SECONDS
from game.story.visible import UNSAFE_RE

MAX_ITEMS = 10_000
"""The most entries one list of a report may hold (a full game has well under 100 decisions)."""


class NotAReport(Exception):
    """A file the summary skips; the message says why, in a few words."""


@dataclass(frozen=True)
class Decision:
    """One decision as a report records it."""

    scene: str
    scene_title: str
    choice: str
    choice_text: str
    historical: bool


@dataclass(frozen=True)
class Answer:
    """One answered question as a report records it."""

    question: str
    ask: str
    correct: bool
    teaches: tuple[str, ...]
    """Titles of the fact notes that teach the answer."""


@dataclass(frozen=True)
class Reflection:
    """One reflection prompt and what the student wrote (None: skipped)."""

    prompt: str
    ask: str
    text: str | None


@dataclass(frozen=True)
class Entry:
    """One student's game, as much as the summary needs."""

    file: str
    """Where it was found, relative to the class folder."""
    kind: str
    """'report' or 'save'."""
    player: str | None
    story_id: str
    story_title: str
    started_at: str
    saved_at: str
    finished: bool
    chapter: int
    chapters: int
    chapter_title: str
    scene_title: str
    """The title of the scene the game stands at."""
    steps: int
    """Scenes entered so far (how far along the game is, within a chapter)."""
    chapter_start: str | None
    """The chapter a `--chapter` game began at; None for a game from the story's start."""
    played_seconds: float
    decisions: tuple[Decision, ...]
    answers: tuple[Answer, ...]
    reflections: tuple[Reflection, ...]

    @property
    def name(self) -> str:
        return self.player or f"(no name: {self.file})"

    @property
    def completion(self) -> str:
        return "finished" if self.finished else f"chapter {self.chapter} of {self.chapters}"

    @property
    def stopped_at(self) -> str:
        """Where an unfinished game stands, 'ch. 4: The gate' (chapter 4's scene); '' if done."""
        if self.finished:
            return ""
        return f"ch. {self.chapter}: {self.scene_title}"

    @property
    def matched(self) -> int:
        return sum(1 for d in self.decisions if d.historical)

    @property
    def right(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def game_key(self) -> tuple[str, str, str]:
        """The same game, whether handed in as a report, an HTML report or a save."""
        return (self.story_id, moment(self.started_at), person(self.player))

    @property
    def progress_key(self) -> tuple[bool, bool, int, int, float]:
        """Larger is further along: a full game, finished, chapter, steps, newer."""
        return (
            self.chapter_start is None,
            self.finished,
            self.chapter,
            self.steps,
            timestamp(self.saved_at),
        )


def person(name: str | None) -> str:
    """A player's name as an identity: 'Ana  li' and 'ana Li' are the same student."""
    if name is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def moment(iso: str) -> str:
    """An ISO time normalised to UTC seconds, so equal moments compare equal."""
    try:
        when = datetime.fromisoformat(iso)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc).isoformat(timespec="seconds")
    except (ValueError, OverflowError):  # e.g. year 1 at +23:59 is before year 1 in UTC
        return iso


def timestamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(moment(iso)).timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def from_report(obj: dict[str, Any], file: str, kind: str = "report") -> Entry:
    """A JSON report as an entry, checking every field the summary uses."""
    version = obj.get("report_format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotAReport("a report without a valid report_format number")
    if version > 1:
        raise NotAReport(f"a report in format {version}, from a newer version of Special Tasks")
    try:
        r = _Reader(obj, "")
        s, c = r.child("story"), r.child("chapter")
        path = r.objects("path")
        return Entry(
            file=safe(file),
            kind=kind,
            player=r.text("player", optional=True),
            story_id=s.text("id") or "",
            story_title=s.text("title") or "",
            started_at=r.text("started_at") or "",
            saved_at=r.text("saved_at") or "",
            finished=r.flag("finished"),
            chapter=c.count("number"),
            chapters=c.count("of"),
            chapter_title=c.text("title") or "",
            scene_title=(path[-1].text("title") or "") if path else "",
            steps=len(path),
            chapter_start=r.text("chapter_start", optional=True, missing=True),
            played_seconds=r.seconds("played_seconds"),
            decisions=tuple(_decision(d) for d in r.objects("debrief")),
            answers=tuple(_answer(q) for q in r.objects("questions")),
            reflections=tuple(
                Reflection(
                    x.text("id") or "",
                    x.text("ask", limit=1000) or "",
                    x.text("text", optional=True, limit=4000),
                )
                for x in r.objects("reflections")
            ),
        )
    except _Bad as exc:
        raise NotAReport(f"a damaged report ({exc})") from None


def _decision(d: _Reader) -> Decision:
    return Decision(
        d.text("scene") or "",
        d.text("scene_title") or "",
        d.text("choice") or "",
        d.text("choice_text") or "",
        d.flag("historical"),
    )


def _answer(q: _Reader) -> Answer:
    return Answer(
        q.text("id") or "",
        q.text("ask") or "",
        q.flag("correct"),
        tuple(f.text("title") or "" for f in q.objects("facts")),
    )


class _Bad(Exception):
    """A report field has the wrong shape."""


class _Reader:
    """Typed access to one JSON object of a report, naming a field that is wrong."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise _Bad(f"'{where}' should be an object")
        self.obj: dict[str, Any] = obj
        self.where = where

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str) -> Any:
        if key not in self.obj:
            raise _Bad(f"'{self.name(key)}' is missing")
        return self.obj[key]

    def text(
        self, key: str, optional: bool = False, missing: bool = False, limit: int = 200
    ) -> str | None:
        """Text; None for null when `optional`, and for an absent key when `missing`."""
        if missing and key not in self.obj:
            return None
        value = self.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise _Bad(f"'{self.name(key)}' should be text")
        return safe(value, limit)

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise _Bad(f"'{self.name(key)}' should be true or false")
        return value

    def count(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
            raise _Bad(f"'{self.name(key)}' should be a whole number")
        return value

    def seconds(self, key: str) -> float:
        value = self.get(key)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok or not 0 <= value <= MAX_SECONDS:
            raise _Bad(f"'{self.name(key)}' should be a number of seconds")
        return float(value)

    def child(self, key: str) -> _Reader:
        return _Reader(self.get(key), self.name(key))

    def objects(self, key: str) -> list[_Reader]:
        value = self.get(key)
        if not isinstance(value, list):
            raise _Bad(f"'{self.name(key)}' should be a list")
        if len(value) > MAX_ITEMS:
            raise _Bad(f"'{self.name(key)}' has more than {MAX_ITEMS:,} entries")
        return [_Reader(v, f"{self.name(key)}[{i}]") for i, v in enumerate(value)]


def safe(text: str, limit: int = 200) -> str:
    """Text from a handed-in file as it may reach a terminal: no control codes, not too long."""
    clean = UNSAFE_RE.sub("?", text)  # controls, bidi and zero-width characters
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."
