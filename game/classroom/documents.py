"""The documents a player examined, as the report lists them (JSON and Markdown)."""

from __future__ import annotations

from typing import Any

from game.engine.engine import GameState
from game.story.model import Story
from game.story.text import human_date


def documents_json(story: Story, state: GameState) -> list[dict[str, Any]]:
    """The exhibits examined, in the order first shown."""
    return [
        {
            "id": x.id,
            "title": x.title,
            "date": x.date,
            "source": x.source,
            "source_cite": story.sources[x.source].cite if x.source in story.sources else None,
        }
        for x in (story.exhibits[i] for i in state.documents if i in story.exhibits)
    ]


def documents_markdown(story: Story, state: GameState, md: Any) -> list[str]:
    """The report's 'Documents examined' section; `md` escapes text for Markdown."""
    found = documents_json(story, state)
    out = ["", f"## Documents examined ({len(found)} of {len(story.exhibits)})", ""]
    if not found:
        return [*out, "None yet."]
    for x in found:
        date = f" ({md(human_date(x['date']))})" if x["date"] else ""
        cite = f": {md(x['source_cite'])}" if x["source_cite"] else ""
        out.append(f"- **{md(x['title'])}**{date}{cite}")
    return out
