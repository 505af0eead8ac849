"""Engine events and prompts as plain text lines: no colour, no boxes, no cursor movement."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.engine import (
    Answered,
    ChoicePrompt,
    ContinuePrompt,
    EndedPrompt,
    Event,
    ExhibitsShown,
    FactUnlocked,
    GameState,
    Prompt,
    QuestionPrompt,
    RealityShown,
    Reflected,
    ReflectionPrompt,
    SceneEntered,
    StoryEnded,
)
from game.story.model import Exhibit, Fact, Scene, Story
from game.story.refs import short_ref
from game.story.text import blocks, human_date

FINAL = "(Answers are final: your first answer is the one that counts.)"

CERTAINTY_LABELS = {
    "established": "established",
    "memoir": "rests on the memoir's word",
    "disputed": "disputed",
}


def title_lines(story: Story) -> list[str]:
    lines = [story.title]
    if story.subtitle:
        lines.append(story.subtitle)
    extra = [
        x for x in (story.audience, f"about {story.minutes} minutes" if story.minutes else "") if x
    ]
    if extra:
        lines.append(" · ".join(extra))
    lines.append("Type help at any choice for the commands.")
    return lines


def scene_header(story: Story, scene: Scene) -> list[str]:
    lines = [scene.title] if scene.title else []
    meta = [x for x in (human_date(scene.date), scene.place) if x]
    if scene.viewpoint:
        meta.append(f"Viewpoint: {scene.viewpoint}")
    if meta:
        lines.append(" · ".join(meta))
    return lines


def fact_lines(story: Story, fact: Fact, heading: str) -> list[str]:
    when = f" ({human_date(fact.date)})" if fact.date else ""
    lines = [f"{heading}{fact.title}{when}"]
    lines.extend("  " + b for b in blocks(fact.text))
    lines.append(f"  Certainty: {CERTAINTY_LABELS.get(fact.certainty, fact.certainty)}.")
    if fact.dispute:
        lines.extend("  Other account: " + b for b in blocks(fact.dispute))
    for source_id in fact.sources:
        source = story.sources.get(source_id)
        if source is not None:
            lines.append(f"  Source: {source.cite}")
    return lines


def source_refs(story: Story, fact: Fact) -> str:
    """A fact's sources as short references, pointing to the full citations in `sources`."""
    refs = [short_ref(story.sources[s].cite) for s in fact.sources if s in story.sources]
    if not refs:
        return ""
    plural = "s" if len(refs) > 1 else ""
    return f"Source{plural}: {'; '.join(refs)} (in full: type sources)"


def fact_note_lines(story: Story, fact: Fact) -> list[str]:
    """A new fact note on a scene screen: title, certainty, text and short references."""
    when = f" ({human_date(fact.date)})" if fact.date else ""
    lines = [f"New fact note: {fact.title}{when}"]
    lines.append(f"  Certainty: {CERTAINTY_LABELS.get(fact.certainty, fact.certainty)}.")
    lines.extend("  " + b for b in blocks(fact.text))
    if fact.dispute:
        lines.extend("  Other account: " + b for b in blocks(fact.dispute))
    refs = source_refs(story, fact)
    return [*lines, f"  {refs}"] if refs else lines


def scene_lines(story: Story, scene: Scene) -> list[str]:
    """A scene's header and text, after a blank line."""
    lines = [""]
    header = scene_header(story, scene)
    if header:
        lines += [*header, ""]
    body = blocks(scene.text)
    for i, block in enumerate(body):
        lines.append(block)
        if i < len(body) - 1:
            lines.append("")
    return lines


def event_lines(story: Story, event: Event) -> list[str]:
    """The text a plain front end prints for one engine event."""
    if isinstance(event, SceneEntered):
        lines: list[str] = [""]
        if event.new_chapter:
            chapter = story.chapter_of(event.scene.id)
            number = story.chapter_index(event.scene.id) + 1
            lines += [f"== Chapter {number} of {len(story.chapters)}: {chapter.title} ==", ""]
        return lines + scene_lines(story, event.scene)[1:]
    if isinstance(event, FactUnlocked):
        return ["", *fact_note_lines(story, event.fact)]
    if isinstance(event, ExhibitsShown):
        return exhibits_lines(story, event.exhibits, "Documents to examine:")
    if isinstance(event, RealityShown):
        return ["", "What really happened:", *("  " + b for b in blocks(event.scene.reality or ""))]
    if isinstance(event, Answered):
        q = event.question
        verdict = (
            f"Right. {FINAL}"
            if event.correct
            else f"Not quite. The answer is {event.shown_answer}: {q.options[q.answer]}. {FINAL}"
        )
        return [verdict, *blocks(q.explain)]
    if isinstance(event, Reflected):
        return ["Noted for your report." if event.text else "Skipped."]
    if isinstance(event, StoryEnded):
        return ["", "The end."]
    return []  # pragma: no cover - every event kind is handled above


def labelled(label: str, markdown: str) -> list[str]:
    """Story text after a label, its paragraphs folded into one line each."""
    first, *rest = blocks(markdown) or [""]
    return [label + first, *rest]


def prompt_lines(prompt: Prompt) -> list[str]:
    """What to show before reading the player's answer to `prompt`."""
    if isinstance(prompt, ChoicePrompt):
        lines = ["", "What do you do?"]
        lines += [f"  {i}. {c.text}" for i, c in enumerate(prompt.choices, 1)]
        return lines
    if isinstance(prompt, ContinuePrompt):
        return ["", "(Press Enter to finish.)" if prompt.finish else "(Press Enter to continue.)"]
    if isinstance(prompt, QuestionPrompt):
        q = prompt.question
        lines = ["", *labelled("Question: ", q.ask)]
        lines += [f"  {i}. {o}" for i, o in enumerate(prompt.options, 1)]
        lines.append(f"Answer with a number from 1 to {len(q.options)}.")
        return lines
    if isinstance(prompt, ReflectionPrompt):
        return [
            "",
            *labelled("Reflection: ", prompt.reflection.ask),
            "(Type your answer on one line, or press Enter to skip.)",
        ]
    assert isinstance(prompt, EndedPrompt)
    return []


def exhibits_lines(story: Story, exhibits: Sequence[Exhibit], heading: str) -> list[str]:
    """Documents, one after another: title, date and source, then the text."""
    lines = ["", heading]
    for i, x in enumerate(exhibits, 1):
        source = story.sources.get(x.source)
        where = " · ".join(p for p in (human_date(x.date), source and short_ref(source.cite)) if p)
        lines += ["", f"  Document {i}: {x.title}" + (f" ({where})" if where else "")]
        lines += ["    " + b for b in blocks(x.text)]
    return lines


def documents_lines(story: Story, state: GameState) -> list[str]:
    """The documents examined so far, in the order first shown."""
    found = [story.exhibits[x] for x in state.documents if x in story.exhibits]
    head = f"Documents: {len(found)} of {len(story.exhibits)} examined."
    if not found:
        return ["", head, "None yet."]
    return exhibits_lines(story, found, head)


def journal_lines(story: Story, state: GameState) -> list[str]:
    """The fact notes found so far, in date order."""
    from game.classroom.debrief import found_facts

    facts = found_facts(story, state)
    lines = ["", f"Journal: {len(facts)} of {len(story.facts)} fact notes found."]
    for fact in facts:
        lines += ["", *fact_lines(story, fact, "- ")]
    return lines


def timeline_lines(story: Story, state: GameState) -> list[str]:
    """Dated scenes visited and facts found, in date order."""
    from game.classroom.debrief import timeline_entries

    lines = ["", "Timeline: the dated scenes and facts you have met, in order."]
    entries = timeline_entries(story, state)
    if not entries:
        return [*lines, "Nothing dated yet."]
    return [*lines, *(f"  {human_date(date)} · {kind}: {what}" for date, kind, what in entries)]


def sources_lines(story: Story, state: GameState) -> list[str]:
    """The story's bibliography, marking the sources the journal cites."""
    cited = {s for f in state.facts if f in story.facts for s in story.facts[f].sources}
    found = sorted(story.sources.values(), key=lambda s: s.cite)
    lines = ["", f"Sources: {len(found)} in this story's bibliography."]
    for source in found:
        mark = " · cited in your journal" if source.id in cited else ""
        lines += [f"- {source.cite}", f"  {short_ref(source.cite)} · {source.kind}{mark}"]
        if source.reliability:
            lines.append(f"  {source.reliability}")
    return lines


def help_lines() -> list[str]:
    """What can be typed, for the plain protocol."""
    from game.engine.commands import COMMANDS

    width = max(len(c.usage) for c in COMMANDS) + 2
    return [
        "",
        "At a choice or a question, type the number of an option and press Enter.",
        "At a Continue step, press Enter. A reflection takes one line of text.",
        "Commands (at any prompt but a reflection):",
        *(f"  {c.usage.ljust(width)}{c.help}" for c in COMMANDS),
    ]
