"""Engine events and prompts as rich renderables for the terminal game. Never prints.

Story text is only ever handed to rich as Markdown (scene text, reality) or as Text objects,
never as console markup, so square brackets in a story stay literal.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from game.engine.engine import (
    Answered,
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Event,
    ExhibitsShown,
    FactUnlocked,
    Prompt,
    QuestionPrompt,
    RealityShown,
    Reflected,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.story.model import Fact, Scene, Story
from game.story.text import blocks, human_date
from game.ui.lists import numbered
from game.ui.render_plain import CERTAINTY_LABELS, source_refs

if TYPE_CHECKING:
    from rich.markdown import Markdown

CERTAINTY_STYLES = {"established": "bold", "memoir": "yellow", "disputed": "bold magenta"}
"""Colour only repeats what the certainty word already says."""

REFLECTION_HELP = (
    "Type your answer; it may take several lines. To finish, press Enter on an empty line "
    "(or Esc then Enter). To skip, press Enter straight away."
)


def paragraphs(markdown: str, style: str = "") -> Text:
    """Markdown reduced to plain paragraphs (for notes inside panels)."""
    return Text("\n".join(blocks(markdown)), style=style)


def scene_header(story: Story, scene: Scene) -> Panel:
    """The box above a scene: chapter, title, date and place, viewpoint."""
    number = story.chapter_index(scene.id) + 1
    chapter = story.chapter_of(scene.id)
    lines = [Text(f"Chapter {number} of {len(story.chapters)} · {chapter.title}", style="dim")]
    if scene.title:
        lines.append(Text(scene.title, style="bold"))
    meta = " · ".join(x for x in (human_date(scene.date), scene.place) if x)
    if meta:
        lines.append(Text(meta))
    if scene.viewpoint:
        lines.append(Text(f"Viewpoint: {scene.viewpoint}", style="italic"))
    return Panel(Group(*lines), box=box.ROUNDED, padding=(0, 1))


@lru_cache(maxsize=1024)
def parsed(markdown: str) -> Markdown:
    """`story_markdown(markdown)`, parsed once for every time the text is shown (parsing was
    a fifth of a step's time): rich draws a Markdown from its tokens without changing them."""
    from game.ui.markdown_view import story_markdown  # Markdown is imported for the first scene

    return story_markdown(markdown)


def scene_view(story: Story, scene: Scene) -> Group:
    """A scene's header and its text."""
    return Group(Text(""), scene_header(story, scene), parsed(scene.text))


def certainty(fact: Fact) -> Text:
    """'Certainty: disputed', styled, but always spelt out in words."""
    label = CERTAINTY_LABELS.get(fact.certainty, fact.certainty)
    return Text.assemble("Certainty: ", (label, CERTAINTY_STYLES.get(fact.certainty, "")), ".")


def fact_body(story: Story, fact: Fact) -> Group:
    """A fact note's title, text, certainty, other account and sources."""
    when = f" · {human_date(fact.date)}" if fact.date else ""
    parts: list[RenderableType] = [
        Text.assemble((fact.title, "bold"), when),
        paragraphs(fact.text),
        certainty(fact),
    ]
    if fact.dispute:
        parts.append(Text("Other account: ") + paragraphs(fact.dispute))
    for source_id in fact.sources:
        source = story.sources.get(source_id)
        if source is not None:
            parts.append(Text(f"Source: {source.cite}", style="dim"))
    return Group(*parts)


def fact_note(story: Story, fact: Fact) -> Group:
    """A new fact note, compact: title, certainty, text and short references to its sources."""
    when = f" · {human_date(fact.date)}" if fact.date else ""
    parts: list[RenderableType] = [
        Text.assemble((fact.title, "bold"), when),
        certainty(fact),
        paragraphs(fact.text),
    ]
    if fact.dispute:
        parts.append(Text("Other account: ") + paragraphs(fact.dispute))
    refs = source_refs(story, fact)
    if refs:
        parts.append(Text(refs, style="dim"))
    return Group(*parts)


def titled_panel(body: RenderableType, title: str, frame: box.Box = box.ROUNDED) -> Panel:
    """A box with its title at the top left, as every titled box in the game has."""
    return Panel(body, title=Text(title), title_align="left", box=frame, padding=(0, 1))


def fact_panel(story: Story, fact: Fact, heading: str = "New fact note") -> Panel:
    """A new fact note in its own box, its sources as short references."""
    return titled_panel(fact_note(story, fact), heading)


def reality_panel(scene: Scene) -> Panel:
    """'What really happened', after leaving a what-if scene."""
    return titled_panel(parsed(scene.reality or ""), "What really happened", box.DOUBLE)


FINAL = "(Answers are final: your first answer is the one that counts.)"


def answered_view(event: Answered) -> Text:
    """The verdict on an answer, and the explanation."""
    q = event.question
    if event.correct:
        verdict = Text.assemble(("Right.", "bold"), f" {FINAL}")
    else:
        right = f"{event.shown_answer}: {q.options[q.answer]}"
        verdict = Text.assemble(("Not quite.", "bold"), f" The answer is {right}. {FINAL}")
    return verdict + Text("\n") + paragraphs(q.explain)


def event_view(story: Story, event: Event) -> RenderableType:
    """What the terminal game shows for one engine event."""
    if isinstance(event, SceneEntered):
        return scene_view(story, event.scene)
    if isinstance(event, FactUnlocked):
        return Group(Text(""), fact_panel(story, event.fact))
    if isinstance(event, ExhibitsShown):
        from game.ui.exhibits_view import ExhibitsView

        return ExhibitsView(story, event.exhibits, "Documents to examine")
    if isinstance(event, RealityShown):
        return Group(Text(""), reality_panel(event.scene))
    if isinstance(event, Answered):
        return answered_view(event)
    if isinstance(event, Reflected):
        return Text("Noted for your report." if event.text else "Skipped.")
    assert isinstance(event, StoryEnded)
    return Group(Text(""), Text("The end.", style="bold"))


def prompt_view(prompt: Prompt) -> RenderableType:
    """What to show before reading the player's answer to `prompt`."""
    if isinstance(prompt, ChoicePrompt):
        choices = [c.text for c in prompt.choices]
        return Group(Text(""), Text("What do you do?", style="bold"), numbered(choices))
    if isinstance(prompt, ContinuePrompt):
        return Text("")
    if isinstance(prompt, QuestionPrompt):
        ask = Group(paragraphs(prompt.question.ask), numbered(list(prompt.options)))
        return titled_panel(ask, "Question")
    if isinstance(prompt, ReflectionPrompt):
        ask = Group(paragraphs(prompt.reflection.ask), Text(REFLECTION_HELP, style="dim"))
        return titled_panel(ask, "Reflection")
    assert isinstance(prompt, EndedPrompt)
    return Text("The story is over. You can still read your journal, timeline, sources or debrief.")


def prompt_message(prompt: Prompt) -> str:
    """The short text on the input line for `prompt`."""
    if isinstance(prompt, ChoicePrompt):
        return f"Choose 1-{len(prompt.choices)} > " if len(prompt.choices) > 1 else "Choose 1 > "
    if isinstance(prompt, ContinuePrompt):
        return "Press Enter to finish > " if prompt.finish else "Press Enter to continue > "
    if isinstance(prompt, QuestionPrompt):
        return f"Answer 1-{len(prompt.question.options)} > "
    if isinstance(prompt, ReflectionPrompt):
        return "Your answer > "
    return "Press Enter to leave > "
