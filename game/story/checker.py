"""Whole-story diagnostics: references, the historical path, convergence, reachability."""

from __future__ import annotations

from pathlib import Path

from game.errors import StoryError
from game.story.diagnostics import Diagnostic, Diagnostics, did_you_mean
from game.story.history import CONVERGE_STEPS, can_end, converging, historical_path, reachable
from game.story.loader import read_story
from game.story.model import Pos, Question, Reflection, Scene, Story

# About a minute's careful reading: a document, not a chapter.
EXHIBIT_WORDS = 150


def check_story(story: Story, diags: Diagnostics) -> None:
    """Append every cross-reference and structure diagnostic of a loaded story."""
    before = len(diags.items)
    _references(story, diags)
    if any(d.code == "E104" for d in diags.items[before:]):
        # Path checks on a graph with broken links would only repeat the same mistake
        # dozens of times (unreachable, not converging, ...). Report the links first.
        diags.warning(
            story.pos,
            "W205",
            "path checks (historical path, convergence, reachability) were skipped "
            "until every goto/next/start names a scene",
        )
        return
    historical = historical_path(story)
    _historical(story, historical, diags)
    reached = reachable(story, [story.start])
    ending = can_end(story)
    for scene in story.scenes.values():
        if scene.id not in reached:
            diags.error(scene.pos, "E114", f"scene '{scene.id}' cannot be reached from the start")
        elif scene.id not in ending:
            diags.error(scene.pos, "E115", f"no ending can be reached from scene '{scene.id}'")
    _warnings(story, reached, diags)


def _scene_ref(story: Story, ident: str, pos: Pos, field: str, diags: Diagnostics) -> None:
    if ident and ident not in story.scenes:
        diags.error(
            pos, "E104", f"{field} names no scene '{ident}'{did_you_mean(ident, story.scenes)}"
        )


def _references(story: Story, diags: Diagnostics) -> None:
    if story.start:
        _scene_ref(story, story.start, story.where("start"), "start", diags)
    for scene in story.scenes.values():
        if scene.next is not None:
            _scene_ref(story, scene.next, scene.where("next"), "next", diags)
        for i, fact_id in enumerate(scene.facts):
            if fact_id not in story.facts:
                diags.error(
                    scene.where(f"facts[{i}]"),
                    "E105",
                    f"facts names no fact '{fact_id}'{did_you_mean(fact_id, story.facts)}",
                )
        for choice in scene.choices:
            _scene_ref(story, choice.goto, choice.where("goto"), "goto", diags)
            if choice.condition is not None:
                where = choice.where("if")
                for ref, col in choice.condition.scenes:
                    if ref not in story.scenes:
                        diags.error(
                            where,
                            "E104",
                            f"visited() names no scene '{ref}' (column {col} of the condition)"
                            + did_you_mean(ref, story.scenes),
                        )
                for ref, col in choice.condition.facts:
                    if ref not in story.facts:
                        diags.error(
                            where,
                            "E105",
                            f"seen() names no fact '{ref}' (column {col} of the condition)"
                            + did_you_mean(ref, story.facts),
                        )
    for fact in story.facts.values():
        for i, source in enumerate(fact.sources):
            if source not in story.sources:
                diags.error(
                    fact.where(f"sources[{i}]"),
                    "E105",
                    f"sources names no source '{source}'{did_you_mean(source, story.sources)}",
                )
        if fact.certainty == "disputed" and not fact.dispute:
            diags.error(
                fact.pos,
                "E117",
                f"fact '{fact.id}' is disputed but has no 'dispute' giving the other account",
            )
    for question in story.questions:
        _scene_ref(story, question.after, question.where("after"), "after", diags)
        for i, fact_id in enumerate(question.facts):
            if fact_id not in story.facts:
                diags.error(
                    question.where(f"facts[{i}]"),
                    "E105",
                    f"facts names no fact '{fact_id}'{did_you_mean(fact_id, story.facts)}",
                )
    for reflection in story.reflections:
        _scene_ref(story, reflection.after, reflection.where("after"), "after", diags)
    _exhibit_references(story, diags)


def _exhibit_references(story: Story, diags: Diagnostics) -> None:
    """Each exhibit's one source, and every `exhibits:` list of a scene or question."""
    for exhibit in story.exhibits.values():
        if exhibit.source and exhibit.source not in story.sources:
            diags.error(
                exhibit.where("source"),
                "E105",
                f"source names no source '{exhibit.source}'"
                + did_you_mean(exhibit.source, story.sources),
            )
    shows: list[Scene | Question] = [*story.scenes.values(), *story.questions]
    for item in shows:
        what = f"{'scene' if isinstance(item, Scene) else 'question'} '{item.id}'"
        listed: set[str] = set()
        for i, exhibit_id in enumerate(item.exhibits):
            where = item.where(f"exhibits[{i}]")
            if exhibit_id not in story.exhibits:
                diags.error(
                    where,
                    "E105",
                    f"exhibits names no exhibit '{exhibit_id}'"
                    + did_you_mean(exhibit_id, story.exhibits),
                )
            elif exhibit_id in listed:
                diags.error(where, "E106", f"{what} lists the exhibit '{exhibit_id}' twice")
            listed.add(exhibit_id)


def _historical(story: Story, historical: set[str], diags: Diagnostics) -> None:
    for scene_id in historical:
        scene = story.scenes[scene_id]
        if scene.choices:
            marked = sum(1 for c in scene.choices if c.history)
            if marked != 1:
                diags.error(
                    scene.where("choices"),
                    "E111",
                    f"decision point '{scene_id}' is on the historical path, so exactly one "
                    f"choice needs 'history: true' (it has {marked})",
                )
    converged = converging(story, historical)
    for scene in story.scenes.values():
        if scene.id in historical:
            continue
        if not scene.reality:
            diags.error(
                scene.pos,
                "E112",
                f"scene '{scene.id}' is off the historical path, so it needs 'reality' "
                "(what really happened)",
            )
        if scene.end:
            diags.error(
                scene.where("end"),
                "E120",
                f"ending '{scene.id}' is off the historical path; every ending must be on it",
            )
        elif scene.id not in converged:
            diags.error(
                scene.pos,
                "E113",
                f"some path from what-if scene '{scene.id}' does not return to the historical "
                f"path within {CONVERGE_STEPS} steps",
            )


def _warnings(story: Story, reached: set[str], diags: Diagnostics) -> None:
    unlocked = {f for s in story.scenes.values() for f in s.facts}
    for fact in story.facts.values():
        if fact.id not in unlocked:
            diags.warning(fact.pos, "W201", f"fact '{fact.id}' is never unlocked by any scene")
    cited = {s for f in story.facts.values() for s in f.sources}
    cited |= {e.source for e in story.exhibits.values()}
    for source in story.sources.values():
        if source.id not in cited:
            diags.warning(source.pos, "W202", f"source '{source.id}' is never cited")
    used = {
        name
        for s in story.scenes.values()
        for c in s.choices
        if c.condition is not None
        for name in c.condition.variables
    }
    for name in story.variables:
        if name not in used:
            pos = story.where(f"variables.{name}")
            diags.warning(pos, "W203", f"variable '{name}' is never used in a condition")
    _exhibit_warnings(story, diags)
    items: list[Question | Reflection] = [*story.questions, *story.reflections]
    for item in items:
        if item.after in story.scenes and item.after not in reached:
            diags.warning(
                item.where("after"),
                "W204",
                f"'{item.id}' is asked after scene '{item.after}', which no path reaches",
            )


def _exhibit_warnings(story: Story, diags: Diagnostics) -> None:
    shown = {e for s in story.scenes.values() for e in s.exhibits}
    shown |= {e for q in story.questions for e in q.exhibits}
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


def check_folder(folder: str | Path) -> tuple[Story | None, list[Diagnostic]]:
    """Load and check a story folder; every diagnostic, sorted."""
    diags = Diagnostics()
    story = read_story(folder, diags)
    if story is not None:
        check_story(story, diags)
    return story, diags.sorted()


def load_story(folder: str | Path) -> Story:
    """A story ready to play, or StoryError naming its first error and how to see the rest."""
    story, items = check_folder(folder)
    errors = [d for d in items if d.is_error]
    if story is None or errors:
        # The lowest code is the most basic problem (syntax, then references, then
        # structure); later ones are often its consequences.
        first = min(errors, key=lambda d: (d.code, d.file, d.line)) if errors else None
        more = len(errors) - 1
        hint = f" (and {more} more; run 'special-tasks check {folder}')" if more > 0 else ""
        if first is None:  # pragma: no cover - a None story always comes with an error
            raise StoryError(f"the story in '{folder}' cannot be loaded")
        raise StoryError(
            f"{first.code}: {first.message}{hint}",
            file=first.file,
            line=first.line,
            column=first.column,
            code=first.code,
        )
    return story
