"""A player's report: the game's record as Markdown, self-contained HTML, or versioned JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from game import __version__
from game.classroom.debrief import (
    Debrief,
    answered_questions,
    bibliography,
    debrief,
    duration,
    found_facts,
)
from game.classroom.documents import documents_json, documents_markdown
from game.engine.engine import GameState
from game.story.history import historical_path
from game.story.model import Fact, Question, Source, Story
from game.story.text import blocks, human_date

REPORT_FORMAT = 1
"""The JSON report format this game writes (see game/classroom/report_schema.json)."""
FORMATS = ("md", "html", "json")
CERTAINTY = {"established": "established", "memoir": "the memoir's word", "disputed": "disputed"}


@dataclass(frozen=True)
class Playthrough:
    """A game to report on: the story, the state, and who played it when."""

    story: Story
    state: GameState
    player: str | None
    started_at: str
    """ISO 8601, when the game began."""
    saved_at: str
    """ISO 8601, when the state was saved."""
    played_seconds: float
    notes: tuple[str, ...] = ()
    """What changed in the story since the save, as sentences."""


@dataclass(frozen=True)
class Report:
    """Everything a report shows, worked out once for all three formats."""

    play: Playthrough
    debrief: Debrief
    facts: list[Fact]
    sources: list[Source]
    """The bibliography, in citation order; a source's number is its position + 1."""
    questions: list[tuple[Question, int, bool]]
    historical: frozenset[str]

    def number(self, source_id: str) -> int:
        """The bibliography number of a source."""
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def numbers(self, source_ids: tuple[str, ...]) -> str:
        """'[1], [3]' for the sources, or '' for none."""
        return ", ".join(f"[{self.number(s)}]" for s in source_ids)


def build(play: Playthrough) -> Report:
    """Work out the debrief, facts, bibliography and answers of a playthrough."""
    historical = frozenset(historical_path(play.story))
    d = debrief(play.story, play.state, play.played_seconds, historical)
    facts = found_facts(play.story, play.state)
    return Report(
        play=play,
        debrief=d,
        facts=facts,
        sources=bibliography(play.story, facts, d.rows),
        questions=answered_questions(play.story, play.state),
        historical=historical,
    )


def when(iso: str) -> str:
    """An ISO time as 'YYYY-MM-DD HH:MM UTC' (the text itself if it is not a time)."""
    try:
        moment = datetime.fromisoformat(iso)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, OverflowError):
        return iso


def story_line(story: Story) -> str:
    """'Title: Subtitle (id, version N)'."""
    title = f"{story.title}: {story.subtitle}" if story.subtitle else story.title
    return f"{title} ({story.id}, version {story.version})"


def details(report: Report) -> list[tuple[str, str]]:
    """The report's header as label/value pairs."""
    play, d = report.play, report.debrief
    chapter = play.story.chapter_of(play.state.scene).title
    progress = "finished" if d.finished else f"{d.completion} ({chapter})"
    return [
        ("Player", play.player or "(no name given)"),
        ("Story", story_line(play.story)),
        ("Started", when(play.started_at)),
        ("Saved", when(play.saved_at)),
        ("Time played", duration(play.played_seconds)),
        ("Progress", progress),
    ]


def figures(report: Report) -> list[tuple[str, str]]:
    """The summary figures as label/value pairs."""
    d = report.debrief
    return [
        ("Followed the record", _decisions(d.matched, d.decisions)),
        ("Fact notes found", f"{d.facts_found} of {d.facts_total}"),
        ("Questions right", f"{d.right} of {d.answered} answered ({d.questions_total} in all)"),
        ("Reflections written", f"{d.reflections_written} of {d.reflections_total}"),
    ]


def _decisions(matched: int, decisions: int) -> str:
    """'1 of 2 decisions (50%)'."""
    percent = f" ({round(100 * matched / decisions)}%)" if decisions else ""
    return f"{matched} of {decisions} decision{'s' * (decisions != 1)}{percent}"


def kind_label(kind: str) -> str:
    """A source kind as a short sentence: 'Memoir.'"""
    return kind[:1].upper() + kind[1:] + "."


# --- JSON -------------------------------------------------------------------------
def report_json(report: Report) -> dict[str, Any]:
    """The report as JSON data, as game/classroom/report_schema.json describes it."""
    play, story, state, d = report.play, report.play.story, report.play.state, report.debrief
    chapter = story.chapter_of(state.scene)
    return {
        "report_format": REPORT_FORMAT,
        "game": {"name": "special-tasks", "version": __version__},
        "player": play.player,
        "story": {
            "id": story.id,
            "title": story.title,
            "subtitle": story.subtitle,
            "version": story.version,
        },
        "started_at": play.started_at,
        "saved_at": play.saved_at,
        "played_seconds": round(play.played_seconds, 3),
        "finished": d.finished,
        "chapter_start": chapter_start(story, state),
        "chapter": {
            "id": chapter.id,
            "title": chapter.title,
            "number": d.chapter_number,
            "of": d.chapters,
        },
        "summary": {
            "decisions": d.decisions,
            "matched": d.matched,
            "facts_found": d.facts_found,
            "facts_total": d.facts_total,
            "questions_answered": d.answered,
            "questions_right": d.right,
            "questions_total": d.questions_total,
            "reflections_written": d.reflections_written,
            "reflections_total": d.reflections_total,
            "progress": d.progress,
        },
        "path": [
            {
                "scene": s,
                "title": story.scenes[s].title or s,
                "chapter": story.scenes[s].chapter,
                "historical": s in report.historical,
            }
            for s in state.path
            if s in story.scenes
        ],
        "debrief": [
            {
                "scene": r.scene,
                "scene_title": r.scene_title,
                "chapter": r.chapter,
                "date": r.date,
                "choice": r.choice,
                "choice_text": r.choice_text,
                "historical": r.historical,
                "history_choice": r.history_choice,
                "what_if": r.what_if,
                "reality": r.reality,
                "sources": list(r.sources),
            }
            for r in d.rows
        ],
        "questions": [
            {
                "id": q.id,
                "ask": q.ask,
                "options": list(q.options),
                "given": given,
                "given_text": q.options[given],
                "answer": q.answer,
                "answer_text": q.options[q.answer],
                "correct": correct,
                "explain": q.explain,
                "facts": [
                    {"id": f, "title": story.facts[f].title} for f in q.facts if f in story.facts
                ],
            }
            for q, given, correct in report.questions
        ],
        "reflections": [
            {"id": r.reflection, "ask": _reflection_ask(story, r.reflection), "text": r.text}
            for r in state.reflections
        ],
        "facts": [
            {
                "id": f.id,
                "title": f.title,
                "text": f.text,
                "date": f.date,
                "certainty": f.certainty,
                "dispute": f.dispute,
                "sources": list(f.sources),
            }
            for f in report.facts
        ],
        "sources": [
            {"id": s.id, "cite": s.cite, "kind": s.kind, "reliability": s.reliability}
            for s in report.sources
        ],
        "documents": documents_json(story, state),
        "notes": list(play.notes),
    }


def chapter_start(story: Story, state: GameState) -> str | None:
    """The chapter a `--chapter` game began at; None for a game from the story's start."""
    first = state.path[0] if state.path else story.start
    if first == story.start or first not in story.scenes:
        return None
    return story.scenes[first].chapter


def _reflection_ask(story: Story, reflection_id: str) -> str:
    return next((r.ask for r in story.reflections if r.id == reflection_id), reflection_id)


# --- Markdown ---------------------------------------------------------------------
_MD_SPECIAL = "\\`*_[]<>|"


def md(text: str) -> str:
    """Text as literal Markdown: specials escaped, lines joined (safe in a table cell)."""
    out = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    return " ".join(out.split())


def md_blocks(markdown: str) -> str:
    """Story Markdown as plain paragraphs, escaped, on one line."""
    return " ".join(md(b) for b in blocks(markdown))


def report_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    play, story, d = report.play, report.play.story, report.debrief
    out = [f"# Report: {md(story.title)}", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in details(report)]
    out += ["", "## Summary", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in figures(report)]
    if play.notes:
        out += ["", "## Notes", "", *(f"- {md(n)}" for n in play.notes)]
    out += ["", "## Debrief: your decisions against the record", ""]
    if d.rows:
        out += [
            "| # | Date | Scene | Your choice | What actually happened | Sources |",
            "|---|---|---|---|---|---|",
        ]
        for i, row in enumerate(d.rows, 1):
            if row.historical:
                happened = "The same: this is what happened."
            else:
                happened = md(row.history_choice or "")
                if row.reality:
                    happened = f"{happened} {md_blocks(row.reality)}".strip()
            cells = [
                str(i),
                md(human_date(row.date)),
                md(row.scene_title),
                md(row.choice_text),
                happened,
                report.numbers(row.sources),
            ]
            out.append("| " + " | ".join(cells) + " |")
    else:
        out.append("No decisions made yet.")
    out += ["", "## Questions", ""]
    if not report.questions:
        out.append("No questions answered yet.")
    for q, given, correct in report.questions:
        verdict = "right" if correct else "wrong"
        out += [f"- **{md(q.ask)}**", f"  - Your answer: {md(q.options[given])} ({verdict})"]
        if not correct:
            out.append(f"  - The right answer: {md(q.options[q.answer])}")
        out.append(f"  - Why: {md_blocks(q.explain)}")
    out += ["", "## Reflections", ""]
    if not play.state.reflections:
        out.append("No reflections asked yet.")
    for r in play.state.reflections:
        answer = md(r.text) if r.text else "*(skipped)*"
        out += [f"- **{md(_reflection_ask(story, r.reflection))}**", f"  {answer}"]
    out += ["", "## Path taken", ""]
    for i, scene_id in enumerate(s for s in play.state.path if s in story.scenes):
        scene = story.scenes[scene_id]
        mark = "" if scene_id in report.historical else " (what if)"
        out.append(f"{i + 1}. {md(scene.title or scene.id)}{mark}")
    out += documents_markdown(story, play.state, md)
    out += ["", f"## Fact notes ({d.facts_found} of {d.facts_total} found)", ""]
    for f in report.facts:
        date = f" ({md(human_date(f.date))})" if f.date else ""
        cites = report.numbers(f.sources)
        certainty = CERTAINTY.get(f.certainty, f.certainty)
        out.append(
            f"- **{md(f.title)}**{date}: {md_blocks(f.text)} Certainty: {certainty}. {cites}"
        )
        if f.dispute:
            out.append(f"  - Other account: {md_blocks(f.dispute)}")
    out += ["", "## Sources", ""]
    for i, s in enumerate(report.sources, 1):
        reliability = f" {md(s.reliability)}" if s.reliability else ""
        out.append(f"{i}. {md(s.cite)} *{md(kind_label(s.kind))}*{reliability}")
    return "\n".join(out) + "\n"
