"""Story folder to the immutable model: the readers of each file, then one `Story`.

The readers, one per part of the format: `files` (finding and safely reading files),
`manifest` (story.yaml: header, variables, sources), `chapters` (chapter files and scenes),
`choices` (choices, effects, conditions), `facts`, `questions` (questions and reflections),
`exhibits`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from game.story.chapters import CHAPTER_FIELDS, CHAPTER_TOP, SCENE_FIELDS, read_chapter
from game.story.choices import CHOICE_FIELDS
from game.story.diagnostics import Diagnostics
from game.story.exhibits import EXHIBIT_FIELDS
from game.story.facts import FACT_FIELDS
from game.story.fields import StoryParts
from game.story.files import MAX_FILE_BYTES, MAX_FILES, read_file, story_files
from game.story.manifest import MANIFEST_TOP, SOURCE_FIELDS, STORY_FIELDS, read_manifest
from game.story.model import Story
from game.story.questions import QUESTION_FIELDS, REFLECTION_FIELDS
from game.story.rules import CERTAINTIES, CONTROL_RE, DATE_RE, ID_RE, SOURCE_KINDS

# Re-exported: the one place other stages and the tests look for the format's tables.
__all__ = [
    "CERTAINTIES",
    "CHAPTER_FIELDS",
    "CHAPTER_TOP",
    "CHOICE_FIELDS",
    "CONTROL_RE",
    "DATE_RE",
    "EXHIBIT_FIELDS",
    "FACT_FIELDS",
    "ID_RE",
    "MANIFEST_TOP",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "QUESTION_FIELDS",
    "REFLECTION_FIELDS",
    "SCENE_FIELDS",
    "SOURCE_FIELDS",
    "SOURCE_KINDS",
    "STORY_FIELDS",
    "read_file",
    "read_story",
    "read_story_parts",
    "story_files",
]


def read_story(folder: str | Path, diags: Diagnostics) -> Story | None:
    """Load a story folder, appending every structural problem to `diags`.

    Returns a (possibly partial) model even when there are errors, so the checker can
    report cross-reference problems in the same run; None only if the manifest is unusable.
    Raises UsageError when `folder` is not a story folder at all.
    """
    return read_story_parts(folder, diags)[0]


def read_story_parts(folder: str | Path, diags: Diagnostics) -> tuple[Story | None, StoryParts]:
    """As `read_story`, with the parts read, which say what could not be read."""
    with paused_collector():
        return _read_story(folder, diags)


@contextmanager
def paused_collector() -> Iterator[None]:
    """The cyclic garbage collector paused for a load (and its checks), then what was made
    filed straight under the oldest generation.

    Loading allocates hundreds of thousands of small, long-lived objects and makes no
    reference cycles (nor do the checks), so the collector would only scan them again and
    again: over a large story, each full collection scans all of it. Freeze and unfreeze
    file them without a scan. A pause within a pause leaves the collector to the outer one.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def _read_story(folder: str | Path, diags: Diagnostics) -> tuple[Story | None, StoryParts]:
    path = Path(folder)
    manifest_path, chapter_paths = story_files(path)
    parts = StoryParts(diags)
    header = read_manifest(manifest_path, parts)
    for chapter_path in chapter_paths:
        read_chapter(chapter_path, parts)
    if header is None:
        return None, parts
    if not chapter_paths:
        diags.error(header.pos, "E102", "the story has no chapter files beside story.yaml")
    variable_at = {f"variables.{k}": v for k, v in parts.variable_pos.items()}
    story = Story(
        id=header.id,
        title=header.title,
        subtitle=header.subtitle,
        version=header.version,
        start=header.start,
        language=header.language,
        audience=header.audience,
        minutes=header.minutes,
        variables=dict(parts.variables),
        sources=dict(parts.sources),
        chapters=tuple(parts.chapters),
        scenes=dict(parts.scenes),
        facts=dict(parts.facts),
        questions=tuple(parts.questions),
        reflections=tuple(parts.reflections),
        exhibits=dict(parts.exhibits),
        folder=str(path),
        pos=header.pos,
        at={**header.at, **variable_at},
    )
    return story, parts
