"""Reading counts: the words a player reads on a story's historical path, chapter by chapter.

A lesson has a fixed length, so an author needs to know how long one playthrough of the record
takes to read. What counts is what the screen shows on the historical path: each scene's title,
text and choices (conditional ones included); each fact note the first time it is unlocked
(title, text and other account); each exhibit the first time it is shown (title and text); and
each question asked there (question, options and explanation) and reflection prompt. What-if
scenes, and anything only they show, are not counted. A word is a run of non-space characters
with at least one letter or digit in it, so Markdown marks and dashes are not words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from game.story.history import historical_path
from game.story.model import Story

WORDS_PER_MINUTE = 160
"""A reading speed for a class of 14-year-olds reading from a screen."""

_TOKEN = re.compile(r"\S+")
_WORDLIKE = re.compile(r"\w")


def words(*texts: str | None) -> int:
    """The number of words in the texts; None counts as nothing."""
    return sum(
        1 for text in texts for token in _TOKEN.findall(text or "") if _WORDLIKE.search(token)
    )


@dataclass(frozen=True)
class ChapterWords:
    """The words one chapter puts in front of a player who follows the record."""

    chapter: str
    """The chapter's id, as `--chapter` takes it."""
    scenes: int
    """Scene titles, texts and choices."""
    facts: int
    """Fact notes unlocked here for the first time."""
    exhibits: int
    """Exhibits shown here for the first time, with a scene or a question."""
    questions: int
    """Questions (with options and explanation) and reflection prompts."""

    @property
    def total(self) -> int:
        return self.scenes + self.facts + self.exhibits + self.questions


def reading(story: Story) -> list[ChapterWords]:
    """The historical path's words, per chapter in story order."""
    path = historical_path(story)
    seen_facts: set[str] = set()
    seen_exhibits: set[str] = set()

    def first_time(ids: Iterable[str], seen: set[str]) -> list[str]:
        fresh = [i for i in dict.fromkeys(ids) if i not in seen]
        seen.update(fresh)
        return fresh

    counts: list[ChapterWords] = []
    for chapter in story.chapters:
        scenes = facts = exhibits = questions = 0
        for scene_id in chapter.scenes:
            if scene_id not in path:
                continue
            scene = story.scenes[scene_id]
            scenes += words(scene.title, scene.text, *(c.text for c in scene.choices))
            for fact_id in first_time(scene.facts, seen_facts):
                fact = story.facts[fact_id]
                facts += words(fact.title, fact.text, fact.dispute)
            shown = list(scene.exhibits)
            for question in (q for q in story.questions if q.after == scene_id):
                questions += words(question.ask, *question.options, question.explain)
                shown += question.exhibits
            for exhibit_id in first_time(shown, seen_exhibits):
                exhibit = story.exhibits[exhibit_id]
                exhibits += words(exhibit.title, exhibit.text)
            questions += sum(words(r.ask) for r in story.reflections if r.after == scene_id)
        counts.append(ChapterWords(chapter.id, scenes, facts, exhibits, questions))
    return counts


def minutes(count: int) -> str:
    """Reading time at WORDS_PER_MINUTE, to a tenth of a minute: '34.8'."""
    return f"{count / WORDS_PER_MINUTE:.1f}"


def stats_lines(story: Story, folder: str) -> list[str]:
    """The counts as a table: a row per chapter (by id), then the whole story."""
    chapters = reading(story)
    total = ChapterWords(
        "total",
        sum(c.scenes for c in chapters),
        sum(c.facts for c in chapters),
        sum(c.exhibits for c in chapters),
        sum(c.questions for c in chapters),
    )
    width = max(len(c.chapter) for c in [*chapters, total])
    head = ("scenes", "facts", "exhibits", "questions", "words", "minutes")
    lines = [
        f"{folder}: the words a player reads on the historical path",
        "",
        "chapter".ljust(width) + "".join(f"  {h}" for h in head),
    ]
    for row in [*chapters, total]:
        cells = (row.scenes, row.facts, row.exhibits, row.questions, row.total)
        numbers = [f"{c:,}" for c in cells] + [minutes(row.total)]
        lines.append(
            row.chapter.ljust(width)
            + "".join(f"  {n:>{len(h)}}" for n, h in zip(numbers, head, strict=True))
        )
    spoken = round(total.total / WORDS_PER_MINUTE)
    time = f"About {spoken} minute{'' if spoken == 1 else 's'}" if spoken else "Less than a minute"
    lines += ["", f"{time} of reading at {WORDS_PER_MINUTE} words a minute."]
    return lines
