"""`special-tasks new DIR`: a small, commented starter story that checks clean and plays."""

from __future__ import annotations

import re
from pathlib import Path

from game.errors import UsageError
from game.story.rules import ID_RE

MANIFEST = """\
# story.yaml: the manifest. It names the story, says where it starts, declares variables
# and lists the sources that facts and exhibits cite. Rules: docs/story-format.md.
story:
  id: {story_id}                   # lower-case words joined by single hyphens; saves record it
  title: The Eagle Has Landed
  subtitle: Apollo 11, 20 July 1969
  version: 1                        # raise it when you change a story people have played
  start: descent                    # the id of the first scene
  language: en                      # a BCP 47 tag (en, es, es-MX): the lang of HTML reports
  audience: Ages 11 and up
  minutes: 10

sources:
  - id: nasa-1969
    cite: "NASA Manned Spacecraft Center, Apollo 11 Mission Report (MSC-00171), November 1969."
    kind: document                  # memoir, document, testimony, newspaper, scholarship, article
    reliability: "NASA's own report, written from the flight data and the crew's debriefing."
"""

CHAPTER_1 = """\
# A chapter file: chapters are read in file-name order, so start the names with numbers.
chapter:
  id: descent
  title: The Descent

scenes:
  - id: descent
    title: Program alarm
    date: 1969-07-20
    place: Mission Control, Houston
    viewpoint: A flight controller
    text: |
      The lunar module *Eagle* is a few minutes from the Moon's surface when the
      crew reports a program alarm: **1202**. The computer is overloaded.

      The flight director wants an answer now: do they land, or abort?
    facts: [alarms]                 # fact notes the player finds in this scene
    exhibits: [alarm-report]        # documents the player examines here
    choices:                        # a decision point: exactly one choice is what happened
      - text: Say the landing can go on.
        goto: landing
        history: true
      - text: Call for an abort.
        goto: abort                 # a what-if: it leads to a scene of its own
  - id: abort
    title: Abort
    text: |
      You call for an abort. Seconds pass while the flight director asks the
      guidance officer once more.
    reality: |                      # every what-if scene says what really happened
      The guidance officer had studied these alarms in training and judged the
      computer was still flying the landing, so Mission Control told the crew to go on.
    next: landing                   # a what-if leads back to the historical path within 3 steps

facts:
  - id: alarms
    title: Alarms on the way down
    text: |
      During the descent the computer raised program alarms 1202 and 1201. It was
      overloaded but kept its most important work going, and the landing went on.
    sources: [nasa-1969]
    date: 1969-07-20
    certainty: established          # established | memoir | disputed (give a 'dispute:')

questions:                          # asked when the player leaves the 'after' scene
  - id: q-alarm
    after: descent
    ask: What did Mission Control decide about the alarms?
    options: [Abort the landing, Go on with the landing, Wait in orbit for a day]
    answer: 1                       # counted from 0: the second option
    explain: The computer was still doing its main work, so the landing went on.
    facts: [alarms]

exhibits:                           # documents: a paraphrase or a short, marked quotation
  - id: alarm-report
    source: nasa-1969               # exactly one source
    title: The mission report on the alarms
    date: 1969-11
    text: |
      The report says the alarms came from the computer being asked to do more work
      than it had time for, and that it dropped its less important tasks while it
      went on guiding the landing.
"""

CHAPTER_2 = """\
chapter:
  id: surface
  title: The Surface

scenes:
  - id: landing
    title: Tranquility Base
    date: 1969-07-20
    place: The Sea of Tranquility, the Moon
    text: |
      *Eagle* settles onto the surface with little fuel to spare. The radio says:
      "The *Eagle* has landed."
    end: true                       # every ending is on the historical path

reflections:                        # open questions: the typed answer goes into the report
  - id: r-trust
    after: landing
    ask: >-                         # '>-' folds these lines into one
      The landing went on because one person trusted his training. What would
      you want to know before trusting a computer's warning?
"""


def story_id(folder: Path) -> str:
    """An id made from the folder's name, or `my-story` when the name gives none."""
    words = re.findall(r"[a-z0-9]+", folder.name.lower())
    ident = "-".join(words)[:60].strip("-")
    return ident if ident and ID_RE.match(ident) else "my-story"


def write_starter(folder: Path) -> list[Path]:
    """Write the starter story into `folder` (new or empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"'{folder}' already exists and is not an empty folder; choose a new one")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "story.yaml": MANIFEST.format(story_id=story_id(folder)),
            "01-descent.yaml": CHAPTER_1,
            "02-surface.yaml": CHAPTER_2,
        }
        written = []
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise UsageError(f"cannot write the story to '{folder}': {exc.strerror or exc}") from None
    return written
