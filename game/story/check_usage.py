"""Warnings about things defined but never used: facts, sources, variables, exhibits."""

from __future__ import annotations

from collections.abc import Collection

from game.story.diagnostics import Diagnostics
from game.story.model import Question, Reflection, Story

EXHIBIT_WORDS = 150
"""About a minute's careful reading: a document, not a chapter."""


def check_usage(
    story: Story, reached: Collection[str] | None, loose: Collection[str], diags: Diagnostics
) -> None:
    """W201-W204 and W206-W208. `loose`: variable names inside conditions or effects that
    failed to read, which are neither unused nor unchanged. `reached` is None when the
    path checks did not run (W204 is then not checked)."""
    unlocked, read, changed, shown = _uses(story)
    for fact in story.facts.values():
        if fact.id not in unlocked:
            diags.warning(fact.pos, "W201", f"fact '{fact.id}' is never unlocked by any scene")
    cited = {s for f in story.facts.values() for s in f.sources}
    cited |= {e.source for e in story.exhibits.values()}
    for source in story.sources.values():
        if source.id not in cited:
            diags.warning(source.pos, "W202", f"source '{source.id}' is never cited")
    _variables(story, loose, read, changed, diags)
    _exhibits(story, shown, diags)
    if reached is None:
        return
    items: list[Question | Reflection] = [*story.questions, *story.reflections]
    for item in items:
        if item.after in story.scenes and item.after not in reached:
            diags.warning(
                item.where("after"),
                "W204",
                f"'{item.id}' is asked after scene '{item.after}', which no path reaches",
            )


Uses = tuple[set[str], set[str], set[str], set[str]]


def _uses(story: Story) -> Uses:
    """In one walk over the scenes (a large story's lie all over memory): the facts they
    unlock, the variables their choices' conditions read and their effects change, and
    the exhibits they show."""
    unlocked: set[str] = set()
    read: set[str] = set()
    changed: set[str] = set()
    shown: set[str] = set()
    for scene in story.scenes.values():
        if scene.facts:
            unlocked.update(scene.facts)
        if scene.exhibits:
            shown.update(scene.exhibits)
        for choice in scene.choices:
            if choice.condition is not None:
                read.update(choice.condition.variables)
            if choice.set:
                changed.update(choice.set)
            if choice.add:
                changed.update(choice.add)
    return unlocked, read, changed, shown


def _variables(
    story: Story, loose: Collection[str], read: set[str], changed: set[str], diags: Diagnostics
) -> None:
    for name in story.variables:
        pos = story.where(f"variables.{name}")
        if name in loose:
            continue
        if name not in read:
            diags.warning(pos, "W203", f"variable '{name}' is never used in a condition")
        elif name not in changed:
            diags.warning(
                pos,
                "W208",
                f"variable '{name}' is read in a condition but no choice sets it or adds to "
                f"it, so it is always {_value(story.variables[name])}",
                "change it with set: or add: on a choice, or remove the condition",
            )


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


def _exhibits(story: Story, shown: set[str], diags: Diagnostics) -> None:
    shown = shown | {e for q in story.questions for e in q.exhibits}
    for exhibit in story.exhibits.values():
        if exhibit.id not in shown:
            diags.warning(
                exhibit.pos,
                "W206",
                f"exhibit '{exhibit.id}' is never shown: no scene or question lists it",
            )
        words = len(exhibit.text.split())
        if words > EXHIBIT_WORDS:
            diags.warning(
                exhibit.where("text"),
                "W207",
                f"exhibit '{exhibit.id}' has {words} words; keep a document to about "
                f"{EXHIBIT_WORDS} (a paraphrase, or a short quotation marked as one)",
            )
