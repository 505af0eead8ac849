"""Documents to examine as rich renderables: side by side when there is room, else stacked."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from game.engine.engine import GameState
from game.story.model import Exhibit, Story
from game.story.refs import short_ref
from game.story.text import human_date
from game.ui.markdown_view import story_markdown

COLUMN = 38
"""The narrowest a document's column may be when documents stand side by side."""


def exhibit_panel(story: Story, exhibit: Exhibit, number: int) -> Panel:
    """One document: its title, then when and from which source, then the text."""
    source = story.sources.get(exhibit.source)
    where = [p for p in (human_date(exhibit.date), source and short_ref(source.cite)) if p]
    body: list[RenderableType] = [Text(exhibit.title, style="bold")]
    if where:
        body.append(Text(" · ".join(where), style="dim"))
    body.append(story_markdown(exhibit.text))
    return Panel(
        Group(*body),
        title=f"Document {number}",
        title_align="left",
        box=box.ROUNDED,
        padding=(0, 1),
    )


class ExhibitsView:
    """Documents shown together: in columns of at least 38 characters, or one under another."""

    def __init__(self, story: Story, exhibits: Sequence[Exhibit], heading: str) -> None:
        self.story = story
        self.exhibits = tuple(exhibits)
        self.heading = heading

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        panels = [exhibit_panel(self.story, x, i) for i, x in enumerate(self.exhibits, 1)]
        yield Text("")
        yield Text(self.heading, style="bold")
        count = len(panels)
        fits = max(1, min(count, options.max_width // (COLUMN + 1)))
        if fits >= 2:
            per_row = fits if count % fits == 0 or count <= fits else 2
            width = options.max_width // per_row - 1
            yield Columns(panels, width=width, equal=True, expand=False)
        else:
            yield from panels


def documents_view(story: Story, state: GameState) -> RenderableType:
    """The documents examined so far, in the order first shown."""
    found = [story.exhibits[x] for x in state.documents if x in story.exhibits]
    head = f"Documents: {len(found)} of {len(story.exhibits)} examined."
    if not found:
        return Group(Text(""), Text(head, style="bold"), Text("None yet."))
    return ExhibitsView(story, found, head)
