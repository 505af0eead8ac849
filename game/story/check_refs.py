"""References between files: every id a story names must be defined somewhere."""

from __future__ import annotations

from collections.abc import Collection

from game.story.conditions import Condition
from game.story.diagnostics import Diagnostics
from game.story.model import Choice, Located, Pos, Question, Scene, Story
from game.story.rules import ID_RE
from game.story.visible import quoted, visible


class References:
    """Reports ids that name nothing, except of kinds that may be defined where the loader
    could not read (those are counted in `withheld` instead)."""

    def __init__(self, story: Story, diags: Diagnostics, unsure: Collection[str]) -> None:
        self.story = story
        self.diags = diags
        self.unsure = unsure
        """Kinds ("scene", "fact", "exhibit") of which some definition could not be read."""
        self.withheld = 0

    def missing(
        self, kind: str, ident: str, pos: Pos, message: str, known: Collection[str]
    ) -> None:
        """Report `ident` of `kind` as naming nothing, unless it might be what was not read."""
        if not ident or not ID_RE.match(ident):
            return  # empty or not an id at all: the loader has reported it
        if kind in self.unsure:
            self.withheld += 1
            return
        code = "E104" if kind == "scene" else "E105"
        meant = self.diags.closest(ident, known)
        hint = f" (did you mean {quoted(meant)}?)" if meant else ""
        fix = f"change it to {quoted(meant)}, or add" if meant else "correct it, or add"
        article = "an" if kind == "exhibit" else "a"
        self.diags.error(
            pos, code, message + hint, f"{fix} {article} {kind} with id: {visible(ident)}"
        )

    def scene(self, ident: str, where: Located, field: str) -> None:
        """Check the scene named by `where`'s `field`; its place is looked up if it is missing."""
        if ident and ident not in self.story.scenes:
            message = f"{field} names no scene {quoted(ident)}"
            self.missing("scene", ident, where.where(field), message, self.story.scenes)

    def facts(self, ids: tuple[str, ...], where: Scene | Question) -> None:
        for i, fact_id in enumerate(ids):
            if fact_id not in self.story.facts:
                message = f"facts names no fact {quoted(fact_id)}"
                self.missing("fact", fact_id, where.where(f"facts[{i}]"), message, self.story.facts)

    def check(self) -> None:
        """Every reference of the story."""
        story = self.story
        self.scene(story.start, story, "start")
        scenes = story.scenes
        # `scene`, `facts` and `condition_refs` inline for what is there: one walk over
        # tens of thousands of scenes, calling out only for a name to report.
        for scene in scenes.values():
            if scene.next is not None and scene.next not in scenes:
                self.scene(scene.next, scene, "next")
            if scene.facts:
                self.facts(scene.facts, scene)
            for choice in scene.choices:
                if choice.goto not in scenes:
                    self.scene(choice.goto, choice, "goto")
                if choice.condition is not None:
                    self.condition_refs(choice.condition, choice)
        for fact in story.facts.values():
            for i, source in enumerate(fact.sources):
                if source not in story.sources:
                    message = f"sources names no source {quoted(source)}"
                    self.missing(
                        "source", source, fact.where(f"sources[{i}]"), message, story.sources
                    )
            if fact.certainty == "disputed" and not fact.dispute:
                self.diags.error(
                    fact.pos,
                    "E117",
                    f"fact '{fact.id}' is disputed but has no 'dispute' giving the other account",
                    "add dispute: with the other account, naming whose it is",
                )
        for question in story.questions:
            self.scene(question.after, question, "after")
            self.facts(question.facts, question)
        for reflection in story.reflections:
            self.scene(reflection.after, reflection, "after")
        self.exhibits()

    def condition_refs(self, condition: Condition | None, choice: Choice) -> None:
        if condition is None:
            return
        for ref, col in condition.scenes:
            if ref not in self.story.scenes:
                message = f"visited() names no scene {quoted(ref)} (column {col} of the condition)"
                self.missing("scene", ref, choice.where("if"), message, self.story.scenes)
        for ref, col in condition.facts:
            if ref not in self.story.facts:
                message = f"seen() names no fact {quoted(ref)} (column {col} of the condition)"
                self.missing("fact", ref, choice.where("if"), message, self.story.facts)

    def exhibits(self) -> None:
        """Each exhibit's one source, and every `exhibits:` list of a scene or question."""
        story = self.story
        for exhibit in story.exhibits.values():
            if exhibit.source and exhibit.source not in story.sources:
                message = f"source names no source {quoted(exhibit.source)}"
                self.missing(
                    "source", exhibit.source, exhibit.where("source"), message, story.sources
                )
        shows: list[Scene | Question] = [*story.scenes.values(), *story.questions]
        for item in shows:
            if not item.exhibits:
                continue
            what = f"{'scene' if isinstance(item, Scene) else 'question'} '{item.id}'"
            listed: set[str] = set()
            for i, exhibit_id in enumerate(item.exhibits):
                if exhibit_id not in story.exhibits:
                    message = f"exhibits names no exhibit {quoted(exhibit_id)}"
                    where = item.where(f"exhibits[{i}]")
                    self.missing("exhibit", exhibit_id, where, message, story.exhibits)
                elif exhibit_id in listed:
                    self.diags.error(
                        item.where(f"exhibits[{i}]"),
                        "E106",
                        f"{what} lists the exhibit '{exhibit_id}' twice",
                    )
                listed.add(exhibit_id)
