"""Synthetic stories in the real format, of any size, for the benchmarks.

A story is a chain of four-scene blocks: a decision point (the historical choice, a
what-if that adds suspicion, and a conditional shortcut), its what-if scene, and two
Continue scenes, the first of which unlocks a fact note. Every second block asks a
question. Each scene's text is about 140 words, as in the shipped story. Chapters hold 100
scenes unless told otherwise (`per_chapter`). The result passes `special-tasks check`.

    python benchmarks/generate.py 1000 /tmp/story-1000
    python benchmarks/generate.py 50000 /tmp/story-50000 1000   # chapter files of 1,000 scenes
"""

from __future__ import annotations

import sys
from pathlib import Path

BLOCK = 4
BLOCKS_PER_CHAPTER = 25
WORDS_PER_SCENE = 140
WORDS = [
    "the",
    "courier",
    "waited",
    "by",
    "the",
    "station",
    "while",
    "rain",
    "fell",
    "on",
    "the",
    "square",
    "and",
    "a",
    "tram",
    "went",
    "past",
    "carrying",
    "clerks",
    "home",
    "from",
    "the",
    "ministry",
    "under",
    "grey",
    "lamps",
    "that",
    "flickered",
    "in",
    "the",
    "wind",
]

MANIFEST = """\
story:
  id: synthetic-{scenes}
  title: Synthetic story of {scenes} scenes
  version: 1
  start: b0-decide

variables:
  suspicion: 0
  warned: false

sources:
  - id: archive
    cite: "An Archive, Box 1, 1940."
    kind: document
  - id: memoir
    cite: "A. Witness, Memoirs, 1970."
    kind: memoir
"""


def _prose(seed: int, words: int = WORDS_PER_SCENE) -> str:
    """Deterministic filler text, wrapped into lines of about 80 characters."""
    chosen = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)]
    lines: list[str] = []
    line: list[str] = []
    for word in chosen:
        if sum(len(w) + 1 for w in line) + len(word) > 80:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    lines.append(" ".join(line))
    return "\n".join("      " + text for text in lines) + "\n"


def _block(b: int, last: bool) -> str:
    after = "    end: true\n" if last else f"    next: b{b + 1}-decide\n"
    previous_fact = f"f{b - 1}" if b else "f0"
    return f"""\
  - id: b{b}-decide
    title: Decision {b}
    date: 1940-{b % 12 + 1:02d}
    place: Mexico City
    text: |
{_prose(b)}    choices:
      - text: Do what was done in {b}.
        goto: b{b}-record
        history: true
      - text: Try something else at {b}.
        goto: b{b}-whatif
        id: other
        add: {{suspicion: 1}}
      - text: Take the short way, if nobody suspects you.
        goto: b{b}-record
        id: short
        set: {{warned: true}}
        if: "suspicion < 2 and (not warned or seen({previous_fact}))"
  - id: b{b}-whatif
    text: |
{_prose(b + 1)}    reality: |
{_prose(b + 2, 60)}    next: b{b}-record
  - id: b{b}-record
    title: Record {b}
    text: |
{_prose(b + 3)}    facts: [f{b}]
    next: b{b}-after
  - id: b{b}-after
    text: |
{_prose(b + 4)}{after}"""


def _fact(b: int) -> str:
    disputed = b % 5 == 0
    certainty = "disputed\n    dispute: Another account differs." if disputed else "established"
    return f"""\
  - id: f{b}
    title: Fact {b}
    text: Something documented happened at step {b}.
    sources: [archive{", memoir" if b % 3 == 0 else ""}]
    certainty: {certainty}
"""


def _question(b: int) -> str:
    return f"""\
  - id: q{b}
    after: b{b}-record
    ask: What happened at step {b}?
    options: [One thing, Another thing, Nothing]
    answer: {b % 3}
    explain: The record says so.
    facts: [f{b}]
"""


def chapter_text(index: int, blocks: range, total_blocks: int) -> str:
    """One chapter file holding `blocks`."""
    parts = [f"chapter:\n  id: part-{index}\n  title: Part {index}\n\nscenes:\n"]
    parts.extend(_block(b, b == total_blocks - 1) for b in blocks)
    parts.append("\nfacts:\n")
    parts.extend(_fact(b) for b in blocks)
    questions = [b for b in blocks if b % 2 == 0]
    if questions:
        parts.append("\nquestions:\n")
        parts.extend(_question(b) for b in questions)
    return "".join(parts)


def write_story(folder: Path, scenes: int, per_chapter: int = BLOCK * BLOCKS_PER_CHAPTER) -> Path:
    """Write a synthetic story of `scenes` scenes (a multiple of 4) into `folder`,
    `per_chapter` scenes (a multiple of 4) to a chapter file."""
    if scenes < BLOCK or scenes % BLOCK:
        raise ValueError(f"the scene count must be a positive multiple of {BLOCK}")
    if per_chapter < BLOCK or per_chapter % BLOCK:
        raise ValueError(f"the scenes per chapter must be a positive multiple of {BLOCK}")
    blocks_per_chapter = per_chapter // BLOCK
    folder.mkdir(parents=True, exist_ok=True)
    total = scenes // BLOCK
    (folder / "story.yaml").write_text(MANIFEST.format(scenes=scenes), encoding="utf-8")
    for index, first in enumerate(range(0, total, blocks_per_chapter)):
        blocks = range(first, min(first + blocks_per_chapter, total))
        text = chapter_text(index, blocks, total)
        (folder / f"{index:03d}-part.yaml").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) not in (2, 3) or not args[0].isdigit() or not all(a.isdigit() for a in args[2:]):
        sys.exit("usage: python benchmarks/generate.py SCENES FOLDER [SCENES_PER_CHAPTER]")
    write_story(Path(args[1]), int(args[0]), *(int(a) for a in args[2:]))
