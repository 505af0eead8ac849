"""Whole-story diagnostics, in the order to fix them: each mistake once, its consequences
counted rather than reported (see docs/checker-codes.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import StoryError
from game.story.history import historical_path
from game.story.model import Pos, Story
from game.story.visible import quoted

if TYPE_CHECKING:
    from game.story.diagnostic import Diagnostic
    from game.story.diagnostics import Diagnostics
    from game.story.fields import StoryParts

# The loader, the YAML parser, the checks and the codes' table are imported only when a
# story is read and checked: a start from the story cache (game/story/cache.py) needs none.

__all__ = ["check_folder", "check_story", "historical_path", "load_story"]

# Kinds whose definitions live in chapter files: a chapter file not read may define any.
CHAPTER_KINDS = ("scene", "fact", "exhibit")


def check_story(story: Story, diags: Diagnostics, parts: StoryParts | None = None) -> None:
    """Append every cross-reference, shape and usage diagnostic of a loaded story."""
    from game.story.check_graph import Graph
    from game.story.check_refs import References
    from game.story.check_usage import check_usage
    from game.story.diagnostics import Diagnostics

    unread = parts.unread if parts is not None else []
    lost = parts.lost if parts is not None else set()
    unsure = set(CHAPTER_KINDS) if unread else lost & set(CHAPTER_KINDS)
    refs = References(story, diags, unsure)
    refs.check()
    skipped = refs.withheld
    complete = not unread and not lost
    graph = Graph(story, Diagnostics())
    if complete and not diags.errors:
        graph.diags = diags
        graph.check()
        skipped += graph.skipped
    else:
        # Path checks on a story with errors would only repeat them (unreachable, not
        # converging...): count what they would say, and report the errors first.
        graph.check()
        skipped += len(graph.diags.items)
    usage = Diagnostics()
    check_usage(
        story,
        graph.reached if graph.diags is diags else None,
        parts.loose if parts is not None else set(),
        usage,
    )
    if complete:
        diags.items.extend(usage.items)
    else:
        skipped += len(usage.items)
    if skipped:
        _skipped_note(story, skipped, unread, diags)


def _skipped_note(story: Story, skipped: int, unread: list[str], diags: Diagnostics) -> None:
    if unread:
        files = " and ".join(quoted(f, limit=200) for f in unread)
        why = f"{files} could not be read"
    else:
        why = "of the errors above; fix them and check again"
    checks = "1 check" if skipped == 1 else f"{skipped} checks"
    where = Pos(unread[0], 1, 1) if unread else story.pos
    diags.warning(where, "W205", f"{checks} skipped because {why}")


def check_folder(folder: str | Path) -> tuple[Story | None, list[Diagnostic]]:
    """Load and check a story folder; every diagnostic, in the order to fix them."""
    from game.story.diagnostics import Diagnostics
    from game.story.loader import paused_collector, read_story_parts

    diags = Diagnostics()
    with paused_collector():
        story, parts = read_story_parts(folder, diags)
        if story is not None:
            check_story(story, diags, parts)
    if story is None and parts.unread:
        diags.warning(
            Pos(parts.unread[0], 1, 1),
            "W205",
            f"the checks across files were skipped because {quoted(parts.unread[0])} "
            "could not be read",
        )
    return story, diags.sorted()


def load_story(folder: str | Path) -> Story:
    """A story ready to play, or StoryError showing its first error as `check` does.

    From the story cache (game/story/cache.py) when the story's files are unchanged.
    """
    from game.story.cache import checked

    story, items = checked(folder, check_folder)
    errors = [d for d in items if d.is_error]
    if story is not None and not errors:
        return story
    where = quoted(str(folder), limit=4096)
    if not errors:  # pragma: no cover - a None story always comes with an error
        raise StoryError(f"the story in {where} cannot be loaded")
    # Sorted in the order to fix them, so the first is the root cause.
    from game.story.diagnostics import plural

    if len(errors) == 1:
        message = f"the story in {where} has an error (shown above)"
    else:
        message = (
            f"the story in {where} has {plural(len(errors), 'error')}; the first is shown "
            f"above (run 'special-tasks check {folder}' to see them all)"
        )
    from game.story.snippets import render_all

    raise StoryError(message, code=errors[0].code, detail="\n".join(render_all(errors[:1])))
