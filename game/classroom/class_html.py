"""The class summary as one page to print or project: inline CSS, no script, all text escaped.

Printed (A4 or Letter), a class of 30 fits two sheets: the students with their answer grid,
the questions most missed and the decisions on the first (6.6pt type, one line a row), then
every reflection, run on in three columns of 6.5pt type, smaller (never below 6pt) when the
class wrote more than fits the rest of the two sheets at 6.5pt.
"""

from __future__ import annotations

from datetime import date
from html import escape
from math import floor, sqrt

from game.classroom.class_tables import (
    ReflectionGroup,
    Summary,
    answer_grid,
    decisions,
    percent,
    questions,
    reflections,
    students,
    what_if_text,
)
from game.classroom.class_text import heading, score_line
from game.classroom.debrief import duration

STYLE = """
body { font-family: 'Helvetica Neue', Arial, sans-serif; color: #111; background: #fff;
       max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; font-size: 0.95rem;
       line-height: 1.3; }
h1 { font-size: 1.4rem; margin: 0 0 0.2rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.3rem; border-bottom: 1px solid #888; }
h3 { font-size: 0.95rem; margin: 0.6rem 0 0.2rem; }
p { margin: 0.2rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #aaa; padding: 0.15rem 0.3rem; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
td.n { white-space: nowrap; }
td.name { overflow-wrap: anywhere; }
td.where { min-width: 12rem; }
th.q, td.q { text-align: center; padding: 0.15rem 0; width: 1.3rem; font-size: 0.85em; }
td.right { color: #185c1e; }
td.wrong { color: #8a1c1c; background: #f6dcdc; font-weight: 700; }
.done { color: #185c1e; }
.small, .legend { font-size: 0.85em; color: #444; }
ul.answers { margin: 0.1rem 0 0.4rem; padding-left: 1rem; }
ul.answers li { margin: 0.1rem 0; white-space: pre-wrap; break-inside: avoid; }
.who { font-weight: 700; }
@page { size: auto; margin: 8mm; }
@media print {
  /* A class of 30 on two A4 or Letter sheets: 6.6pt type (the reflections 6.5pt, see
     reflections_print_size), a condensed sans where there is no Arial or Helvetica. */
  body { margin: 0; max-width: none; padding: 0; font-size: 6.6pt; line-height: 1.15;
         font-family: 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans',
                      'DejaVu Sans Condensed', sans-serif; }
  h1 { font-size: 11pt; }
  h2 { font-size: 8.5pt; margin: 2mm 0 0.6mm; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 6.8pt; margin: 1mm 0 0.3mm; break-after: avoid; page-break-after: avoid; }
  p { margin: 0.3mm 0; }
  table { line-height: 1; }
  th, td { padding: 0 0.6mm; border-color: #999; }
  th { font-weight: 700; }
  td.name { min-width: 55mm; }  /* a 42-character name on one line */
  td.where { min-width: 36mm; }
  th.q, td.q { width: 2.8mm; padding: 0; font-size: 6pt; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .small, .legend { font-size: 6.5pt; }
  .reflections .small { font-size: 1em; }
  .reflections { columns: 3; column-gap: 3mm; font-size: 6.5pt; line-height: 1.08; }
  .reflections h3 { font-size: 1em; margin: 0.8mm 0 0.2mm; }
  .reflections p.small { margin: 0 0 0.3mm; }
  ul.answers { padding-left: 0; margin: 0; list-style: none; }
  ul.answers li { display: inline; margin: 0; }
  ul.answers li + li::before { content: " \\25AA  "; color: #666; }
  th, td.wrong { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(text: str) -> str:
    """Text escaped for HTML, quotes included."""
    return escape(text, quote=True)


def class_html(summary: Summary, today: date | None = None) -> str:
    """The whole summary as a standalone HTML document."""
    made = (today or date.today()).isoformat()
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading(summary))}</title>",
        f"<style>{STYLE}{_reflections_print_rule(summary)}</style>",
        "</head>",
        "<body>",
        f"<h1>Class summary: {e(summary.story_title)}</h1>",
        f'<p class="small">{e(summary.story_id)} · {e(made)} · {e(score_line(summary))}</p>',
        *_students(summary),
        *_questions(summary),
        *_decisions(summary),
        *_reflections(summary),
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


GRID_QUESTIONS = 100
"""The students table has a column for at most this many questions (the most missed): a
column per question for every student grows with both, and handed-in files can name any."""


def _students(summary: Summary) -> list[str]:
    every = questions(summary.entries)
    rows = every[:GRID_QUESTIONS]
    grid = answer_grid(summary.entries, rows)
    more = (
        f" Only the {GRID_QUESTIONS} most missed of the {len(every):,} questions have a column."
        if len(every) > GRID_QUESTIONS
        else ""
    )
    numbers = "".join(f'<th class="q" title="{e(q.ask)}">{i}</th>' for i, q in enumerate(rows, 1))
    out = [
        "<h2>Students</h2>",
        '<p class="legend">Followed the record: how often the student chose what really '
        "happened (not a grade). Score: questions right of those answered. "
        "1, 2, 3…: the questions below, most missed first (✓ right, ✗ wrong, blank: not "
        f"reached).{more}</p>",
        "<table>",
        "<thead><tr><th>Student</th><th>Finished, or where they stopped</th>"
        f"<th>Followed the record</th><th>Score</th><th>Time</th>{numbers}</tr></thead>",
        "<tbody>",
    ]
    for entry, marks in zip(students(summary.entries), grid, strict=True):
        where = '<span class="done">finished</span>' if entry.finished else e(entry.stopped_at)
        cells = "".join(_mark(m) for m in marks)
        out.append(
            f'<tr><td class="name">{e(entry.name)}</td><td class="where">{where}</td>'
            f'<td class="n">{entry.matched} of {len(entry.decisions)}</td>'
            f'<td class="n">{entry.right} of {len(entry.answers)}</td>'
            f'<td class="n">{e(_minutes(entry.played_seconds))}</td>{cells}</tr>'
        )
    return [*out, "</tbody>", "</table>"]


def _mark(mark: bool | None) -> str:
    if mark is None:
        return '<td class="q"></td>'
    return '<td class="q right">✓</td>' if mark else '<td class="q wrong">✗</td>'


def _minutes(seconds: float) -> str:
    text = duration(seconds)
    return "<1 min" if text == "less than a minute" else text


def _questions(summary: Summary) -> list[str]:
    rows = questions(summary.entries)
    out = ["<h2>Questions, most missed first</h2>"]
    if not rows:
        return [*out, "<p>No questions answered yet.</p>"]
    out += [
        "<table>",
        "<thead><tr><th>#</th><th>Question</th><th>Answered right</th>"
        "<th>The fact notes that teach it</th></tr></thead>",
        "<tbody>",
    ]
    for i, q in enumerate(rows, 1):
        out.append(
            f'<tr><td class="n">Q{i}</td><td>{e(q.ask)}</td>'
            f'<td class="n">{q.right} of {q.answered} ({percent(q.right, q.answered)})</td>'
            f"<td>{e('; '.join(q.teaches))}</td></tr>"
        )
    return [*out, "</tbody>", "</table>"]


def _decisions(summary: Summary) -> list[str]:
    rows = decisions(summary.entries)
    out = ["<h2>Decisions and their popular what-ifs</h2>"]
    if not rows:
        return [*out, "<p>No decisions made yet.</p>"]
    out += [
        "<table>",
        "<thead><tr><th>Decision point</th><th>Took the historical choice</th>"
        "<th>What-ifs taken (how many)</th></tr></thead>",
        "<tbody>",
    ]
    for d in rows:
        share = f"{d.historical} of {d.reached} ({percent(d.historical, d.reached)})"
        out.append(
            f'<tr><td>{e(d.scene_title)}</td><td class="n">{share}</td>'
            f"<td>{e(what_if_text(d, limit=3) or '-')}</td></tr>"
        )
    return [*out, "</tbody>", "</table>"]


REFLECTIONS_PT = 6.5
SMALLEST_PT = 6.0
FULL_SIZE_CHARACTERS = 17_500
"""What a class of 30 may write (names, prompts and answers) and still print on the two sheets
at REFLECTIONS_PT; measured with scripts/lab_class.py on A4 and Letter in Chromium."""


def reflections_print_size(groups: list[ReflectionGroup]) -> float:
    """The reflections' printed type size in points: REFLECTIONS_PT, or smaller for more
    writing (the printed area grows with the characters and the square of the size), never
    below SMALLEST_PT, where the reflections run onto a third sheet instead."""
    written = sum(
        len(g.ask) + sum(len(who) + len(text or "") + 3 for who, text in g.answers) for g in groups
    )
    if written <= FULL_SIZE_CHARACTERS:
        return REFLECTIONS_PT
    fitting = REFLECTIONS_PT * sqrt(FULL_SIZE_CHARACTERS / written)
    return max(SMALLEST_PT, floor(fitting * 10) / 10)


def _reflections_print_rule(summary: Summary) -> str:
    size = reflections_print_size(reflections(summary.entries))
    if size == REFLECTIONS_PT:
        return ""
    return f"@media print {{ .reflections {{ font-size: {size}pt; }} }}\n"


def _reflections(summary: Summary) -> list[str]:
    groups = reflections(summary.entries)
    out = ["<h2>Reflections</h2>"]
    if not groups:
        return [*out, "<p>No one has reached a reflection yet.</p>"]
    out.append('<div class="reflections">')
    for group in groups:
        written = [(who, text) for who, text in group.answers if text]
        skipped = [who for who, text in group.answers if not text]
        out += [f"<h3>{e(group.ask)}</h3>", '<ul class="answers">']
        out += [f'<li><span class="who">{e(who)}:</span> {e(text)}</li>' for who, text in written]
        out.append("</ul>")
        if skipped:
            out.append(f'<p class="small">Skipped by: {e(", ".join(skipped))}.</p>')
    return [*out, "</div>"]
