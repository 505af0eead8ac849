"""The class summary: a folder of reports or saves as one table per student, question, decision."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.classroom.csvcell import SafeWriter
from game.classroom.debrief import duration, ratio
from game.errors import GameError, SaveError, StoryError, UsageError
from game.saves.files import read_limited
from game.saves.reader import seconds
from game.saves.record import MAX_SECONDS
from game.story.loader import CONTROL_RE
from game.story.model import Story

MAX_FILE_BYTES = 4_000_000
MAX_ITEMS = 10_000
"""The most decisions or questions one report may list (a full game has well under 100)."""
MAX_COUNT = 1_000_000
FORMATS = ("table", "csv", "md")
STUDENT_COLUMNS = [
    "student", "file", "finished", "chapter", "chapters", "decisions", "matched",
    "questions_answered", "questions_right", "minutes_played",
]  # fmt: skip


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
class Entry:
    """One student's game, as much as the summary needs."""

    file: str
    player: str | None
    story_id: str
    story_title: str
    finished: bool
    chapter: int
    chapters: int
    played_seconds: float
    decisions: tuple[Decision, ...]
    answers: tuple[Answer, ...]

    @property
    def name(self) -> str:
        return self.player or f"(no name: {self.file})"

    @property
    def completion(self) -> str:
        return "finished" if self.finished else f"chapter {self.chapter} of {self.chapters}"

    @property
    def matched(self) -> int:
        return sum(1 for d in self.decisions if d.historical)

    @property
    def right(self) -> int:
        return sum(1 for a in self.answers if a.correct)


@dataclass(frozen=True)
class Summary:
    """The entries read from a folder and the files skipped, with the reason for each."""

    entries: list[Entry]
    skipped: list[tuple[str, str]]


# --- reading ----------------------------------------------------------------------
def read_folder(folder: Path, story: Callable[[], Story]) -> Summary:
    """Every report or save in `folder`; `story` loads the story, needed only for saves."""
    if not folder.is_dir():
        what = "a file, not a folder" if folder.exists() else "no such folder"
        raise UsageError(f"cannot summarise '{folder}': {what}")
    try:
        files = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise UsageError(f"cannot list '{folder}': {exc.strerror or exc}") from None
    entries: list[Entry] = []
    skipped: list[tuple[str, str]] = []
    for path in files:
        try:
            entries.append(read_entry(path, story))
        except NotAReport as exc:
            skipped.append((safe(path.name), str(exc)))
    return _one_story(entries, skipped)


def read_entry(path: Path, story: Callable[[], Story]) -> Entry:
    """One file as an entry; NotAReport saying why it is skipped."""
    if path.is_dir():
        raise NotAReport("a folder")
    if path.name.endswith(".bak.json"):
        raise NotAReport("a backup copy of a save")
    try:
        # Never blocks: a FIFO or device in the folder is refused, not waited on.
        data = read_limited(path, MAX_FILE_BYTES, follow=True)
    except OSError as exc:
        raise NotAReport(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise NotAReport("too large to be a report or a save")
    try:
        obj = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotAReport("not a report or a save file") from None
    if isinstance(obj, dict) and "report_format" in obj:
        return from_report(obj, path.name)
    if isinstance(obj, dict) and "format" in obj and "state" in obj:
        return from_save(path, story)
    raise NotAReport("not a report or a save file")


def from_save(path: Path, story: Callable[[], Story]) -> Entry:
    """A save file as an entry, through the same JSON a report has."""
    from game.classroom.report import Playthrough, build, report_json
    from game.saves.store import read_save_file

    try:
        loaded = story()
    except StoryError as exc:
        raise NotAReport(f"a save, but its story cannot be loaded: {exc}") from None
    try:
        data = read_save_file(path, loaded)
    except SaveError as exc:
        raise NotAReport(f"a save that cannot be used: {exc.message}") from None
    play = Playthrough(
        loaded, data.state, data.player, data.started_at, data.saved_at, data.played_seconds
    )
    return from_report(report_json(build(play)), path.name)


def from_report(obj: dict[str, Any], file: str) -> Entry:
    """A JSON report as an entry, checking every field the summary uses."""
    version = obj.get("report_format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotAReport("a report without a valid report_format number")
    if version > 1:
        raise NotAReport(f"a report in format {version}, from a newer version of Special Tasks")
    try:
        r = _Reader(obj, "")
        s, c = r.child("story"), r.child("chapter")
        return Entry(
            file=safe(file),
            player=r.text("player", optional=True),
            story_id=s.text("id") or "",
            story_title=s.text("title") or "",
            finished=r.flag("finished"),
            chapter=c.count("number"),
            chapters=c.count("of"),
            played_seconds=r.seconds("played_seconds"),
            decisions=tuple(
                Decision(
                    d.text("scene") or "",
                    d.text("scene_title") or "",
                    d.text("choice") or "",
                    d.text("choice_text") or "",
                    d.flag("historical"),
                )
                for d in r.objects("debrief")
            ),
            answers=tuple(
                Answer(
                    q.text("id") or "",
                    q.text("ask") or "",
                    q.flag("correct"),
                    tuple(f.text("title") or "" for f in q.objects("facts")),
                )
                for q in r.objects("questions")
            ),
        )
    except _Bad as exc:
        raise NotAReport(f"a damaged report ({exc})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


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

    def text(self, key: str, optional: bool = False) -> str | None:
        value = self.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise _Bad(f"'{self.name(key)}' should be text")
        return safe(value)

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            raise _Bad(f"'{self.name(key)}' should be true or false")
        return value

    def count(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise _Bad(f"'{self.name(key)}' should be a whole number from 0 to {MAX_COUNT:,}")
        return value

    def seconds(self, key: str) -> float:
        value = seconds(self.get(key))
        if value is None:
            raise _Bad(f"'{self.name(key)}' should be from 0 to {MAX_SECONDS:,} seconds")
        return value

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
    clean = CONTROL_RE.sub("?", text)
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def _one_story(entries: list[Entry], skipped: list[tuple[str, str]]) -> Summary:
    """Keep the entries of the most common story; the rest are skipped with a note."""
    if not entries:
        return Summary(entries, skipped)
    counts = Counter(e.story_id for e in entries)
    first = {story: -i for i, story in reversed(list(enumerate(e.story_id for e in entries)))}
    main = max(counts, key=lambda i: (counts[i], first[i]))
    kept = [e for e in entries if e.story_id == main]
    for e in entries:
        if e.story_id != main:
            skipped.append((e.file, f"a game of another story, '{e.story_title}' ({e.story_id})"))
    return Summary(kept, sorted(skipped))


# --- summarising ------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionRow:
    """How the class did on one question."""

    question: str
    ask: str
    answered: int
    right: int
    teaches: tuple[str, ...]


@dataclass(frozen=True)
class DecisionRow:
    """How the class chose at one decision point."""

    scene: str
    scene_title: str
    reached: int
    historical: int
    what_ifs: list[tuple[str, int]]
    """Choice texts off the record, most taken first, with how many took each."""


def students(entries: list[Entry]) -> list[Entry]:
    """The entries by student name (case-insensitive), then file."""
    return sorted(entries, key=lambda e: (e.player is None, e.name.casefold(), e.file))


def questions(entries: list[Entry]) -> list[QuestionRow]:
    """Each question anyone answered, most missed first (lowest share right)."""
    rows: dict[str, QuestionRow] = {}
    for entry in entries:
        for a in dict((a.question, a) for a in entry.answers).values():
            old = rows.get(a.question) or QuestionRow(a.question, a.ask, 0, 0, a.teaches)
            rows[a.question] = QuestionRow(
                a.question, old.ask, old.answered + 1, old.right + a.correct, old.teaches
            )
    order = {question: i for i, question in enumerate(rows)}
    return sorted(rows.values(), key=lambda q: (q.right / q.answered, order[q.question]))


def decisions(entries: list[Entry]) -> list[DecisionRow]:
    """Each decision point anyone reached, in the order first met, with the choices made."""
    firsts: dict[str, list[Decision]] = {}
    for entry in entries:
        seen: dict[str, Decision] = {}
        for d in entry.decisions:
            seen.setdefault(d.scene, d)  # a scene met twice counts once, as first decided
        for scene, d in seen.items():
            firsts.setdefault(scene, []).append(d)
    rows = []
    for scene, made in firsts.items():
        what_ifs = Counter(d.choice_text for d in made if not d.historical)
        rows.append(
            DecisionRow(
                scene,
                made[0].scene_title,
                len(made),
                sum(1 for d in made if d.historical),
                sorted(what_ifs.items(), key=lambda kv: -kv[1]),
            )
        )
    return rows


# --- output -----------------------------------------------------------------------
def tables(summary: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """The summary as titled tables of text cells."""
    people = students(summary.entries)
    student_rows = [
        [
            e.name,
            e.completion,
            ratio(e.matched, len(e.decisions)),
            ratio(e.right, len(e.answers)),
            duration(e.played_seconds),
            e.file,
        ]
        for e in people
    ]
    question_rows = [
        [q.ask, ratio(q.right, q.answered), "; ".join(q.teaches)]
        for q in questions(summary.entries)
    ]
    decision_rows = [
        [
            d.scene_title,
            ratio(d.historical, d.reached),
            "; ".join(f"{text} ({n})" for text, n in d.what_ifs) or "-",
        ]
        for d in decisions(summary.entries)
    ]
    return [
        (
            "Students",
            ["student", "completion", "matched the record", "questions right", "time", "file"],
            student_rows,
        ),
        (
            "Questions, most missed first",
            ["question", "answered right", "the fact notes that teach it"],
            question_rows,
        ),
        (
            "Decisions",
            ["decision point", "took the historical choice", "what-ifs taken (how many)"],
            decision_rows,
        ),
    ]


def heading(summary: Summary) -> str:
    first = summary.entries[0]
    n = len(summary.entries)
    return f"Class summary: {first.story_title} ({first.story_id}), {n} game{'s' * (n != 1)}"


def as_table(summary: Summary) -> str:
    """Plain text tables, columns padded."""
    out = [heading(summary)]
    for title, header, rows in tables(summary):
        out += ["", title]
        if not rows:
            out.append("(none yet)")
            continue
        all_rows = [header, *rows]
        widths = [max(len(r[i]) for r in all_rows) for i in range(len(header))]
        out += [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in all_rows
        ]
    return "\n".join(out) + "\n"


def as_markdown(summary: Summary) -> str:
    """Markdown tables."""
    from game.classroom.report import md

    out = [f"# {md(heading(summary))}"]
    for title, header, rows in tables(summary):
        out += ["", f"## {title}", ""]
        if not rows:
            out.append("(none yet)")
            continue
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
        out += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def as_csv(summary: Summary) -> str:
    """Three CSV tables (students, questions, decisions) with raw numbers, a blank row apart."""
    buffer = io.StringIO()
    w = SafeWriter(csv.writer(buffer, lineterminator="\n"))
    w.writerow(STUDENT_COLUMNS)
    for e in students(summary.entries):
        finished = "yes" if e.finished else "no"
        minutes = round(e.played_seconds / 60)
        cells = [e.player or "", e.file, finished, e.chapter, e.chapters, len(e.decisions)]
        w.writerow([*cells, e.matched, len(e.answers), e.right, minutes])
    w.writerow([])
    w.writerow(["question_id", "question", "answered", "right", "percent_right", "teaches"])
    for q in questions(summary.entries):
        percent = round(100 * q.right / q.answered)
        w.writerow([q.question, q.ask, q.answered, q.right, percent, "; ".join(q.teaches)])
    w.writerow([])
    w.writerow(["scene_id", "decision_point", "reached", "historical", "what_ifs"])
    for d in decisions(summary.entries):
        what_ifs = "; ".join(f"{text} ({n})" for text, n in d.what_ifs)
        w.writerow([d.scene, d.scene_title, d.reached, d.historical, what_ifs])
    return buffer.getvalue()


def class_command(
    folder: Path, fmt: str, story: Callable[[], Story], note: Callable[[str], None]
) -> str:
    """The `class` command: the summary text; `note` gets one line per skipped file."""
    summary = read_folder(folder, story)
    for name, why in summary.skipped:
        note(f"Skipped {name}: {why}.")
    if not summary.entries:
        raise GameError(f"there are no reports or saves to summarise in '{folder}'")
    render = {"csv": as_csv, "md": as_markdown}.get(fmt, as_table)
    return render(summary)
