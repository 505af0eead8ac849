"""The class summary's figures: one row per student, question, decision and reflection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from game.classroom.class_entries import Entry, Reflection
from game.classroom.class_folder import Folded


@dataclass(frozen=True)
class Summary:
    """One game per student, of one story, and what was left out on the way."""

    entries: list[Entry]
    folded: list[Folded]
    skipped: list[tuple[str, str]]
    files: int
    """Files looked at."""
    cut_off: bool = False

    @property
    def story_title(self) -> str:
        return self.entries[0].story_title if self.entries else ""

    @property
    def story_id(self) -> str:
        return self.entries[0].story_id if self.entries else ""


@dataclass(frozen=True)
class QuestionRow:
    """How the class did on one question."""

    question: str
    ask: str
    answered: int
    right: int
    teaches: tuple[str, ...]

    @property
    def missed(self) -> int:
        return self.answered - self.right


@dataclass(frozen=True)
class DecisionRow:
    """How the class chose at one decision point."""

    scene: str
    scene_title: str
    reached: int
    historical: int
    what_ifs: list[tuple[str, int]]
    """Choice texts off the record, most taken first, with how many took each."""


@dataclass(frozen=True)
class ReflectionGroup:
    """One reflection prompt and every student's answer to it, in student order."""

    prompt: str
    ask: str
    answers: list[tuple[str, str | None]]
    """(student, text); text None when the student skipped it."""


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


def answer_grid(entries: list[Entry], rows: list[QuestionRow]) -> list[list[bool | None]]:
    """For each student (in `students` order), per question in `rows`: right, wrong or None."""
    grid = []
    for entry in students(entries):
        given = {a.question: a.correct for a in entry.answers}
        grid.append([given.get(q.question) for q in rows])
    return grid


def decisions(entries: list[Entry]) -> list[DecisionRow]:
    """Each decision point anyone reached, in the order first met, with the choices made."""
    firsts: dict[str, list[tuple[str, str, bool]]] = {}
    for entry in entries:
        seen: dict[str, tuple[str, str, bool]] = {}
        for d in entry.decisions:
            # A scene met twice counts once, as first decided.
            seen.setdefault(d.scene, (d.scene_title, d.choice_text, d.historical))
        for scene, first in seen.items():
            firsts.setdefault(scene, []).append(first)
    rows = []
    for scene, made in firsts.items():
        what_ifs = Counter(text for _, text, on_record in made if not on_record)
        rows.append(
            DecisionRow(
                scene,
                made[0][0],
                len(made),
                sum(1 for _, _, on_record in made if on_record),
                sorted(what_ifs.items(), key=lambda kv: -kv[1]),
            )
        )
    return rows


def reflections(entries: list[Entry]) -> list[ReflectionGroup]:
    """Every reflection prompt anyone reached, in the order first met, with each answer."""
    groups: dict[str, ReflectionGroup] = {}
    for entry in students(entries):
        mine: dict[str, Reflection] = {}
        for r in entry.reflections:
            mine.setdefault(r.prompt, r)
        for r in mine.values():
            group = groups.setdefault(r.prompt, ReflectionGroup(r.prompt, r.ask, []))
            group.answers.append((entry.name, r.text))
    return list(groups.values())


def finished_count(entries: list[Entry]) -> int:
    return sum(1 for e in entries if e.finished)


def percent(part: int, whole: int) -> str:
    """'75%', or '-' when there is nothing to count."""
    return f"{round(100 * part / whole)}%" if whole else "-"


def followed(entry: Entry) -> str:
    """How often a student's choices followed the record: '7 of 9'."""
    return f"{entry.matched} of {len(entry.decisions)}"


def score(entry: Entry) -> str:
    """A student's questions right of those answered: '4 of 5'."""
    return f"{entry.right} of {len(entry.answers)}"


def what_if_text(row: DecisionRow, limit: int | None = None) -> str:
    """'Burn it unread. (2); Ask the guard first. (1)', the most taken first."""
    shown = row.what_ifs if limit is None else row.what_ifs[:limit]
    text = "; ".join(f"{choice} ({n})" for choice, n in shown)
    if limit is not None and len(row.what_ifs) > limit:
        text += f"; {len(row.what_ifs) - limit} more"
    return text
