"""The debrief on screen: a table of decisions against the record when there is room for one.

At 80 columns and wider the decisions are a table (#, scene and date, your choice, what
actually happened, sources by number, with the bibliography below it); narrower, the same
content as a numbered list. Sources are listed by citation, as in the report. Whether a choice
followed the record is written out in words, never shown by colour alone. No I/O.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.table import Table
from rich.text import Text

from game.classroom.debrief import Debrief, DebriefRow, bibliography, debrief_lines, figure_lines
from game.story.model import Story
from game.story.text import blocks, human_date

TABLE_MIN_WIDTH = 80


def references(row: DebriefRow, number: dict[str, int]) -> str:
    """The row's sources as bibliography numbers: '[1] [3]'."""
    return " ".join(f"[{number[s]}]" for s in row.sources if s in number)


class DebriefView:
    """A rich renderable that picks the table or the list by the width it is given."""

    def __init__(self, story: Story, debrief: Debrief) -> None:
        self.story = story
        self.debrief = debrief

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.debrief.rows:
            yield Text("\n".join(debrief_lines(self.story, self.debrief)))
            return
        yield self.view(wide=options.max_width >= TABLE_MIN_WIDTH)

    def view(self, *, wide: bool) -> Group:
        d, story = self.debrief, self.story
        # The debrief's share of the bibliography, sorted by citation as the report sorts it.
        cited = bibliography(story, [], d.rows)
        number = {source.id: i for i, source in enumerate(cited, 1)}
        parts: list[Text | Table] = [
            Text("Debrief: your decisions against the record.", style="bold"),
            self.table(number) if wide else self.listing(number),
        ]
        if cited:
            parts.append(Text("Sources", style="bold"))
            parts += [Text(f"[{i}] {source.cite}") for i, source in enumerate(cited, 1)]
        parts.append(Text(""))
        parts += [Text(line) for line in figure_lines(d)]
        return Group(*parts)

    def listing(self, number: dict[str, int]) -> Table:
        """Narrow screens: one numbered entry per decision, with hanging indents."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column()
        for i, row in enumerate(self.debrief.rows, 1):
            body = Text(row.scene_title, style="bold")
            if row.date:
                body.append(f" · {human_date(row.date)}")
            body.append(f"\nYour choice: {row.choice_text}")
            if row.historical:
                body.append(" (followed the record)")
            elif row.history_choice is not None:
                body.append(f"\nThe historical choice: {row.history_choice}")
            for block in blocks(row.reality or ""):
                body.append(f"\nWhat really happened: {block}")
            refs = references(row, number)
            if refs:
                body.append(f"\nSources: {refs}")
            grid.add_row(Text(f"{i}."), body)
            grid.add_row("", "")
        return grid

    def table(self, number: dict[str, int]) -> Table:
        """Wide screens: a table with a row per decision."""
        d = self.debrief
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_lines=True)
        table.add_column("#", no_wrap=True, justify="right")
        table.add_column("Scene", ratio=2)
        table.add_column("Your choice", ratio=3)
        table.add_column("What actually happened", ratio=4)
        table.add_column("Sources", no_wrap=True)
        for i, row in enumerate(d.rows, 1):
            scene = Text(row.scene_title)
            if row.date:
                scene.append(f"\n{human_date(row.date)}")
            if row.historical:
                happened = Text("The same: this is what happened.")
            else:
                happened = Text()
                if row.history_choice is not None:
                    happened.append(f"Historical choice: {row.history_choice}")
                for block in blocks(row.reality or ""):
                    happened.append(("\n" if happened else "") + block)
            refs = references(row, number)
            choice = Text(row.choice_text)
            choice.append("\n(followed the record)" if row.historical else "\n(a what-if)")
            table.add_row(Text(str(i)), scene, choice, happened, Text(refs))
        return table
