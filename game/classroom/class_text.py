"""The class summary as text: a terminal table that fits 100 columns, Markdown, and CSV."""

from __future__ import annotations

import csv
import io
import textwrap

from game.classroom.class_tables import (
    Summary,
    decisions,
    percent,
    questions,
    reflections,
    students,
    what_if_text,
)
from game.classroom.debrief import duration, ratio
from game.classroom.names import CSV_TABLES

WIDTH = 100
GAP = "  "
MIN_COLUMN = 8
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Table = tuple[str, list[str], list[list[str]]]
"""A titled table: title, header cells, rows of text cells."""


def heading(summary: Summary) -> str:
    n = len(summary.entries)
    done = sum(1 for e in summary.entries if e.finished)
    return (
        f"Class summary: {summary.story_title} ({summary.story_id}), "
        f"{n} student{'s' * (n != 1)}, {done} finished"
    )


def tables(summary: Summary) -> list[Table]:
    """The summary as titled tables of text cells (as the terminal and Markdown show it)."""
    people = students(summary.entries)
    student_rows = [
        [
            e.name,
            "finished" if e.finished else e.stopped_at,
            ratio(e.matched, len(e.decisions)),
            ratio(e.right, len(e.answers)),
            duration(e.played_seconds),
        ]
        for e in people
    ]
    question_rows = [
        [q.ask, ratio(q.right, q.answered), "; ".join(q.teaches)]
        for q in questions(summary.entries)
    ]
    decision_rows = [
        [d.scene_title, ratio(d.historical, d.reached), what_if_text(d) or "-"]
        for d in decisions(summary.entries)
    ]
    reflection_rows = [
        [group.ask, who, text or "(skipped)"]
        for group in reflections(summary.entries)
        for who, text in group.answers
    ]
    return [
        (
            "Students",
            ["student", "finished, or where they stopped", "followed the record", "score", "time"],
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
        ("Reflections", ["prompt", "student", "wrote"], reflection_rows),
    ]


# --- the terminal table -----------------------------------------------------------
def as_table(summary: Summary, width: int = WIDTH) -> str:
    """Plain text tables, no line longer than `width`: long cells wrap in their column."""
    out = [*textwrap.wrap(heading(summary), width)]
    for title, header, rows in tables(summary):
        out += ["", title]
        out += layout([header, *rows], width) if rows else ["(none yet)"]
    return "\n".join(out) + "\n"


def layout(rows: list[list[str]], width: int) -> list[str]:
    """Rows of cells as padded lines at most `width` wide, wrapping cells that do not fit."""
    cells = [[" ".join(c.split()) for c in row] for row in rows]
    widths = column_widths(cells, width)
    lines = []
    for row in cells:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                (w[i] if i < len(w) else "").ljust(cw)
                for w, cw in zip(wrapped, widths, strict=True)
            ]
            lines.append(GAP.join(parts).rstrip())
    return lines


def column_widths(rows: list[list[str]], width: int) -> list[int]:
    """Each column's natural width, the widest ones capped at one level until the table fits."""
    natural = [max(max(len(r[i]) for r in rows), 1) for i in range(len(rows[0]))]
    room = width - len(GAP) * (len(natural) - 1)
    if sum(natural) <= room:
        return natural
    # Water-filling: the largest cap that fits, then the room left over to the capped ones.
    cap = MIN_COLUMN
    while cap < max(natural) and sum(min(n, cap + 1) for n in natural) <= room:
        cap += 1
    widths = [min(n, cap) for n in natural]
    spare = room - sum(widths)
    for i in range(len(widths)):
        if spare > 0 and natural[i] > widths[i]:
            widths[i] += 1
            spare -= 1
    return widths


# --- Markdown ---------------------------------------------------------------------
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


# --- CSV --------------------------------------------------------------------------
def neutral(cell: str | int) -> str | int:
    """A cell a spreadsheet will not run as a formula: '=1+1' is written as "'=1+1"."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


STUDENT_COLUMNS = [
    "student", "file", "finished", "chapter", "chapters", "stopped_at", "decisions",
    "followed_record", "questions_answered", "questions_right", "minutes_played",
]  # fmt: skip
Row = list[str | int]


def _student_rows(summary: Summary) -> list[Row]:
    rows: list[Row] = [list(STUDENT_COLUMNS)]
    for e in students(summary.entries):
        finished = "yes" if e.finished else "no"
        where: Row = [e.player or "", e.file, finished, e.chapter, e.chapters, e.stopped_at]
        counts: Row = [len(e.decisions), e.matched, len(e.answers), e.right]
        rows.append([*where, *counts, round(e.played_seconds / 60)])
    return rows


def _question_rows(summary: Summary) -> list[Row]:
    rows: list[Row] = [["question_id", "question", "answered", "right", "percent_right", "teaches"]]
    for q in questions(summary.entries):
        share = round(100 * q.right / q.answered)
        rows.append([q.question, q.ask, q.answered, q.right, share, "; ".join(q.teaches)])
    return rows


def _decision_rows(summary: Summary) -> list[Row]:
    rows: list[Row] = [["scene_id", "decision_point", "reached", "historical", "what_ifs"]]
    for d in decisions(summary.entries):
        rows.append([d.scene, d.scene_title, d.reached, d.historical, what_if_text(d)])
    return rows


def _reflection_rows(summary: Summary) -> list[Row]:
    rows: list[Row] = [["prompt_id", "prompt", "student", "text"]]
    for g in reflections(summary.entries):
        rows += [[g.prompt, g.ask, who, text or ""] for who, text in g.answers]
    return rows


CSV_ROWS = {
    "students": _student_rows,
    "questions": _question_rows,
    "decisions": _decision_rows,
    "reflections": _reflection_rows,
}


def csv_rows(summary: Summary, table: str) -> list[Row]:
    """One table's rows for a spreadsheet, header first, with raw numbers."""
    return CSV_ROWS[table](summary)


def as_csv(summary: Summary, table: str | None = None) -> str:
    """One CSV table, or all four a blank row apart; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for i, name in enumerate([table] if table else CSV_TABLES):
        if i:
            writer.writerow([])
        writer.writerows([neutral(c) for c in row] for row in csv_rows(summary, name))
    return buffer.getvalue()


def score_line(summary: Summary) -> str:
    """One sentence of the class's figures, for the top of a page."""
    entries = summary.entries
    done = sum(1 for e in entries if e.finished)
    decided = sum(len(e.decisions) for e in entries)
    matched = sum(e.matched for e in entries)
    answered = sum(len(e.answers) for e in entries)
    right = sum(e.right for e in entries)
    return (
        f"{done} of {len(entries)} finished; choices followed the record "
        f"{percent(matched, decided)} of the time; questions answered right "
        f"{percent(right, answered)}."
    )
