"""The debrief: a playthrough set against the record, computed from story and state. No I/O."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.engine import GameState, first_answers, progress_percent
from game.engine.memo import Remembered
from game.engine.session import Session
from game.story.frozen import Frozen
from game.story.history import historical_path
from game.story.model import Fact, Question, Source, Story
from game.story.text import blocks, date_key, human_date


@dataclass(frozen=True, eq=False, repr=False)
class DebriefRow(Frozen):
    """One decision the player made, beside what actually happened."""

    scene: str
    scene_title: str
    chapter: str
    """The chapter's title."""
    date: str | None
    """The scene's date as written (YYYY, YYYY-MM or YYYY-MM-DD), if any."""
    choice: str
    """The id of the choice taken."""
    choice_text: str
    historical: bool
    """True when the choice taken is what actually happened."""
    history_choice: str | None
    """The text of the choice marked `history: true` here (None off the historical path)."""
    what_if: str | None
    """The id of the what-if scene the choice led to, if it led off the record."""
    reality: str | None
    """That what-if scene's `reality` text (Markdown)."""
    sources: tuple[str, ...]
    """Ids of the sources cited by the scene's fact notes, in order, without repeats."""


@dataclass(frozen=True, eq=False, repr=False)
class Debrief(Frozen):
    """Every decision against the record, and the figures a teacher reads first."""

    rows: tuple[DebriefRow, ...]
    facts_found: int
    facts_total: int
    answered: int
    right: int
    questions_total: int
    reflections_written: int
    reflections_total: int
    played_seconds: float
    finished: bool
    chapter_number: int
    """1-based number of the chapter the game stands in."""
    chapters: int
    progress: int = 0
    """The share of the historical path's scenes visited, in percent (100 when finished)."""

    @property
    def decisions(self) -> int:
        return len(self.rows)

    @property
    def matched(self) -> int:
        """Decisions that followed the record."""
        return sum(1 for row in self.rows if row.historical)

    @property
    def completion(self) -> str:
        """'finished', or how far the game got: 'chapter 2 of 9'."""
        if self.finished:
            return "finished"
        return f"{self.progress}%, chapter {self.chapter_number} of {self.chapters}"


def session_debrief(session: Session) -> Debrief:
    """The debrief of a session so far (what both front ends show)."""
    return debrief(session.story, session.state, session.played_seconds, session.engine.historical)


def debrief(
    story: Story,
    state: GameState,
    played_seconds: float,
    historical: frozenset[str] | None = None,
) -> Debrief:
    """The debrief of `state`; `historical` (the engine's) saves working the path out again."""
    on_record = historical if historical is not None else frozenset(historical_path(story))
    made = _ROWS.get(story, on_record)
    if made is None:
        made = _ROWS.keep(story, on_record, None, {})
    rows = []
    for entry in state.log:
        key = entry.scene, entry.choice
        if key in made:
            row = made[key]
        else:
            if len(made) >= MAX_ROWS:
                made.clear()  # made again as needed: a server's players of a huge story
            row = made[key] = _row(story, entry.scene, entry.choice, on_record)
        if row is not None:
            rows.append(row)
    answers = first_answers(state)
    return Debrief(
        rows=tuple(rows),
        facts_found=sum(1 for f in state.facts if f in story.facts),
        facts_total=len(story.facts),
        answered=len(answers),
        right=sum(1 for a in answers if a.correct),
        questions_total=len(story.questions),
        reflections_written=sum(1 for r in state.reflections if r.text),
        reflections_total=len(story.reflections),
        played_seconds=played_seconds,
        finished=state.ended,
        chapter_number=story.chapter_index(state.scene) + 1 if state.scene in story.scenes else 1,
        chapters=len(story.chapters),
        progress=progress_percent(on_record, state),
    )


_ROWS: Remembered[dict[tuple[str, str], DebriefRow | None]] = Remembered(64)
"""Each story's rows by the decision they show (scene and choice ids), made once: a row is
a function of the story and its historical path alone."""
MAX_ROWS = 8192
"""The most rows kept for one story (then they are forgotten and made again)."""


def _row(
    story: Story, scene_id: str, choice_id: str, historical: frozenset[str]
) -> DebriefRow | None:
    scene = story.scenes.get(scene_id)
    if scene is None:
        return None
    choice = next((c for c in scene.choices if c.id == choice_id), None)
    if choice is None:
        return None
    record = next((c for c in scene.choices if c.history), None)
    target = story.scenes.get(choice.goto)
    off_record = target is not None and target.id not in historical
    return DebriefRow(
        scene=scene.id,
        scene_title=scene.title or scene.id,
        chapter=story.chapter_of(scene.id).title,
        date=scene.date,
        choice=choice.id,
        choice_text=choice.text,
        historical=choice.history,
        history_choice=record.text if record is not None else None,
        what_if=target.id if off_record and target is not None else None,
        reality=target.reality if off_record and target is not None else None,
        sources=scene_sources(story, scene.facts),
    )


def scene_sources(story: Story, fact_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The source ids cited by these facts, in order, without repeats."""
    ids = (s for f in fact_ids if f in story.facts for s in story.facts[f].sources)
    return tuple(dict.fromkeys(s for s in ids if s in story.sources))


def found_facts(story: Story, state: GameState) -> list[Fact]:
    """The fact notes found, in date order (undated last), as the journal lists them."""
    return sorted(
        (story.facts[f] for f in state.facts if f in story.facts), key=lambda f: date_key(f.date)
    )


def timeline_entries(story: Story, state: GameState) -> list[tuple[str, str, str]]:
    """Dated scenes visited and dated facts found, in date order: (date, kind, what)."""
    entries: list[tuple[str, str, str]] = []
    for scene_id in dict.fromkeys(state.path):
        scene = story.scenes.get(scene_id)
        if scene is not None and scene.date:
            entries.append((scene.date, "scene", scene.title or scene.id))
    for fact_id in state.facts:
        fact = story.facts.get(fact_id)
        if fact is not None and fact.date:
            entries.append((fact.date, "fact", fact.title))
    entries.sort(key=lambda e: date_key(e[0]))
    return entries


def bibliography(story: Story, facts: list[Fact], rows: tuple[DebriefRow, ...]) -> list[Source]:
    """Every source cited by the facts found or the debrief, sorted by citation."""
    ids = {s for f in facts for s in f.sources} | {s for r in rows for s in r.sources}
    return sorted((story.sources[i] for i in ids if i in story.sources), key=lambda s: s.cite)


def answered_questions(story: Story, state: GameState) -> list[tuple[Question, int, bool]]:
    """Each question answered, in order: the question, the option given, and whether right."""
    questions = {q.id: q for q in story.questions}
    return [
        (questions[a.question], a.given, a.correct)
        for a in first_answers(state)
        if a.question in questions and a.given < len(questions[a.question].options)
    ]


def ratio(part: int, whole: int) -> str:
    """'3 of 4 (75%)'; just '0 of 0' when there is nothing to count."""
    if whole == 0:
        return "0 of 0"
    return f"{part} of {whole} ({round(100 * part / whole)}%)"


def duration(seconds: float) -> str:
    """Play time for people: 'less than a minute', '12 min', '1 h 05 min'."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def figure_lines(d: Debrief) -> list[str]:
    """The debrief's figures as sentences."""
    lines = [
        f"Your choices followed the record at {d.matched} of {d.decisions} decisions.",
        f"Fact notes found: {d.facts_found} of {d.facts_total}.",
    ]
    if d.answered:
        lines.append(f"Questions answered correctly: {d.right} of {d.answered}.")
    lines.append(f"Time played: {duration(d.played_seconds)}.")
    return lines


def debrief_lines(story: Story, d: Debrief) -> list[str]:
    """The debrief as plain text lines: a numbered list of decisions, then the figures."""
    lines = ["Debrief: your decisions against the record."]
    if not d.rows:
        lines += ["", "You have not made a decision yet."]
    for number, row in enumerate(d.rows, 1):
        title, said = _row_text(story, row)
        lines += ["", f"{number}. {title}", *said]
    return [*lines, "", *figure_lines(d)]


_ROW_TEXTS: Remembered[tuple[str, list[str]]] = Remembered(4096)


def _row_text(story: Story, row: DebriefRow) -> tuple[str, list[str]]:
    """A row's title (after its number) and its lines, made once for each row."""
    made = _ROW_TEXTS.get(story, row)
    if made is not None:
        return made
    when = f" · {human_date(row.date)}" if row.date else ""
    lines = []
    if row.historical:
        lines.append(f"   Your choice: {row.choice_text} (This is what happened.)")
    else:
        lines.append(f"   Your choice: {row.choice_text}")
        if row.history_choice is not None:
            lines.append(f"   The historical choice: {row.history_choice}")
    if row.reality:
        lines += [f"   What really happened: {b}" for b in blocks(row.reality)]
    lines += [f"   Source: {story.sources[s].cite}" for s in row.sources]
    return _ROW_TEXTS.keep(story, row, None, (f"{row.scene_title}{when}", lines))


def time_up_lines(minutes: float) -> list[str]:
    """The lines that say the lesson's time is up, as the next scene would begin."""
    shown = f"{minutes:g} minute" + ("" if minutes == 1 else "s")
    return [
        "",
        f"Time is up: this lesson was set to {shown}. The game stops here and resumes at "
        "the next scene.",
        "",
    ]


def lesson_over_lines(story: Story, d: Debrief, minutes: float) -> list[str]:
    """What to say when the lesson's time is up, debrief included."""
    return [*time_up_lines(minutes), *debrief_lines(story, d)]
