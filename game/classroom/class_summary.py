"""The `class` command: a folder tree of hand-ins as one summary, one row per student."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.classroom.class_entries import Entry
from game.classroom.class_folder import MAX_DEPTH, MAX_FILES, StoryFor, one_per_student, read_tree
from game.classroom.class_tables import Summary
from game.errors import GameError, UsageError

NOTE_NAMES = 6
"""Files named per reason in the note line; the rest are counted."""


@dataclass(frozen=True)
class ClassRequest:
    """What `special-tasks class` was asked for."""

    folder: Path
    fmt: str = "table"
    table: str | None = None
    """For csv: just this table (students, questions, decisions or reflections)."""
    output: Path | None = None


def summarise(folder: Path, story_for: StoryFor) -> Summary:
    """Everything under `folder`, one game per student, of the story most games are of."""
    found = read_tree(folder, story_for)
    kept, skipped = _one_story(found.entries)
    people, folded = one_per_student(kept)
    files = len(found.entries) + len(found.skipped)
    return Summary(people, folded, sorted(found.skipped + skipped), files, found.cut_off)


def _one_story(entries: list[Entry]) -> tuple[list[Entry], list[tuple[str, str]]]:
    """Keep the entries of the most common story; the others are skipped, saying whose."""
    if not entries:
        return entries, []
    counts = Counter(e.story_id for e in entries)
    first: dict[str, int] = {}
    for i, e in enumerate(entries):
        first.setdefault(e.story_id, i)
    main = max(counts, key=lambda i: (counts[i], -first[i]))
    others = [
        (e.file, f"a game of another story, '{e.story_title}' ({e.story_id})")
        for e in entries
        if e.story_id != main
    ]
    return [e for e in entries if e.story_id == main], others


def note_line(summary: Summary) -> str:
    """One line saying how many files made how many rows, and what was folded or skipped."""
    n = len(summary.entries)
    parts = [f"{summary.files} file{'s' * (summary.files != 1)} read, {n} student{'s' * (n != 1)}"]
    if summary.folded:
        same = [f for f in summary.folded if f.why == "the same game"]
        earlier = [f for f in summary.folded if f.why != "the same game"]
        if same:
            parts.append(
                f"folded {len(same)} cop{'ies' if len(same) != 1 else 'y'} of a game already "
                f"counted ({_names([f'{f.file} = {f.kept}' for f in same])})"
            )
        if earlier:
            parts.append(
                f"left out {len(earlier)} less advanced game{'s' * (len(earlier) != 1)} of "
                f"students counted once ({_names([f'{f.file} < {f.kept}' for f in earlier])})"
            )
    by_reason: dict[str, list[str]] = {}
    for name, why in summary.skipped:
        by_reason.setdefault(why, []).append(name)
    if by_reason:
        count = len(summary.skipped)
        reasons = "; ".join(f"{why}: {_names(names)}" for why, names in by_reason.items())
        parts.append(f"skipped {count} file{'s' * (count != 1)} ({reasons})")
    if summary.cut_off:
        parts.append(f"stopped reading at {MAX_FILES} files or {MAX_DEPTH} folder levels deep")
    return "Note: " + "; ".join(parts) + "."


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NOTE_NAMES])
    return shown + (f" and {len(names) - NOTE_NAMES} more" if len(names) > NOTE_NAMES else "")


def render(summary: Summary, request: ClassRequest) -> dict[Path | None, str]:
    """The text to write, by file (None: the screen)."""
    from game.classroom.class_html import class_html
    from game.classroom.class_text import as_csv, as_markdown, as_table
    from game.classroom.names import CSV_TABLES

    if request.fmt == "csv" and request.table is None and request.output is not None:
        # A spreadsheet opens one table per file: class.csv gives class-students.csv, ...
        out = request.output
        return {
            out.with_name(f"{out.stem}-{t}{out.suffix or '.csv'}"): as_csv(summary, t)
            for t in CSV_TABLES
        }
    if request.fmt == "csv":
        text = as_csv(summary, request.table)
    elif request.fmt == "html":
        text = class_html(summary)
    elif request.fmt == "md":
        text = as_markdown(summary)
    else:
        text = as_table(summary)
    return {request.output: text}


def class_command(
    request: ClassRequest, story_for: StoryFor, note: Callable[[str], None]
) -> dict[Path | None, str]:
    """The `class` command: what to write where; `note` gets the one note line."""
    if request.table is not None and request.fmt != "csv":
        raise UsageError("--table picks one table of the csv format: add --format csv")
    summary = summarise(request.folder, story_for)
    if summary.folded or summary.skipped or summary.cut_off:
        note(note_line(summary))
    if not summary.entries:
        raise GameError(f"there are no reports or saves to summarise in '{request.folder}'")
    return render(summary, request)
