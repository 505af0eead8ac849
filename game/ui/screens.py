"""The terminal game's other screens as rich renderables: journal, help, slots. No I/O.

The title screen and its menus draw themselves without rich (game/ui/cards.py, whose
`title_view` and `menu_view` are also here); what only the other views need (the scenes'
renderer, dates, citations) is imported when they are shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from game.engine.clock import WARN_SECONDS
from game.ui.cards import menu_view

if TYPE_CHECKING:
    from game.engine.commands import CommandInfo
    from game.engine.engine import GameState
    from game.saves.store import SlotInfo
    from game.story.model import Story
    from game.ui.cards import Menu

KEY_HELP = [
    ("a number", "choose that option, then Enter"),
    ("Tab", "complete a command word or a slot name"),
    ("Up / Down", "earlier commands"),
    ("Enter on an empty line", "finish a reflection (or Esc then Enter)"),
    ("Ctrl-C", "asks whether to quit"),
    ("Ctrl-D", "save and quit"),
]


def lines(texts: Sequence[str]) -> Text:
    """Plain lines of text (e.g. from the plain renderer), with nothing interpreted as markup."""
    return Text("\n".join(texts))


def journal_view(story: Story, state: GameState) -> Group:
    """The fact notes found so far, in date order, with certainty and sources."""
    from game.classroom.debrief import found_facts
    from game.ui.render_rich import fact_body

    facts = found_facts(story, state)
    head = Text(f"Journal: {len(facts)} of {len(story.facts)} fact notes found.", style="bold")
    notes = [Panel(fact_body(story, f), box=box.ROUNDED, padding=(0, 1)) for f in facts]
    return Group(Text(""), head, *notes)


def sources_view(story: Story, state: GameState) -> Group:
    """The story's bibliography, marking the sources your journal cites."""
    from game.story.refs import short_ref

    cited = {s for f in state.facts if f in story.facts for s in story.facts[f].sources}
    items = []
    for source in sorted(story.sources.values(), key=lambda s: s.cite):
        item = Text(source.cite)
        mark = " · cited in your journal" if source.id in cited else ""
        item.append(f"\n{short_ref(source.cite)} · {source.kind}{mark}")
        if source.reliability:
            item.append(f"\n{source.reliability}", style="dim")
        items.append(item)
    head = Text(f"Sources: {len(items)} in this story's bibliography.", style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text("-"), item)
    return Group(Text(""), head, grid)


def timeline_view(story: Story, state: GameState) -> Group:
    """Dated scenes visited and dated facts found, in date order."""
    from game.classroom.debrief import timeline_entries
    from game.story.text import human_date

    events = timeline_entries(story, state)
    head = Text("Timeline: the dated scenes and facts you have met, in order.", style="bold")
    if not events:
        return Group(Text(""), head, Text("Nothing dated yet."))
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("What")
    for date, kind, what in events:
        table.add_row(Text(human_date(date)), Text(kind), Text(what))
    return Group(Text(""), head, table)


def help_view(commands_on_offer: Sequence[CommandInfo]) -> Group:
    """The commands on offer and the keys."""
    commands = Table.grid(padding=(0, 2))
    commands.add_column(no_wrap=True, style="bold")
    commands.add_column()
    for command in commands_on_offer:
        commands.add_row(Text(command.usage), Text(command.help))
    keys = Table.grid(padding=(0, 2))
    keys.add_column(no_wrap=True, style="bold")
    keys.add_column()
    for key, what in KEY_HELP:
        keys.add_row(Text(key), Text(what))
    return Group(
        *(Text(""), Text("Commands", style="bold underline"), commands),
        *(Text(""), Text("Keys", style="bold underline"), keys),
    )


def slots_view(slots: Sequence[SlotInfo], when: Sequence[str]) -> Menu:
    """Save slots as a numbered list: name, player, chapter, progress and when saved."""
    items = []
    for info, saved in zip(slots, when, strict=True):
        if info.damaged is not None:
            items.append(f"{info.slot} (damaged: {info.damaged}) · {saved}")
            continue
        who = f" · {info.player}" if info.player else ""
        items.append(f"{info.slot}{who} · {info.chapter} · {info.progress} · saved {saved}")
    return menu_view(items)


def toolbar_text(
    story: Story,
    state: GameState,
    historical: frozenset[str],
    slot: str,
    width: int,
    seconds_left: float | None = None,
) -> str:
    """The bottom bar: chapter, progress, facts found and save slot, shortened to fit; in a
    lesson's last minutes (`seconds_left`), a warning first, where the eye meets the bar."""
    bar = _toolbar(story, state, historical, slot, width)
    if seconds_left is None or seconds_left > WARN_SECONDS:
        return bar
    minutes = max(1, round(seconds_left / 60))
    return (f" Lesson ends at the next scene ({minutes} min) ·" + bar)[:width]


def _toolbar(
    story: Story, state: GameState, historical: frozenset[str], slot: str, width: int
) -> str:
    from game.engine.engine import progress_percent

    chapter = story.chapter_index(state.scene) + 1 if state.scene in story.scenes else 1
    chapters = len(story.chapters)
    found = sum(1 for f in state.facts if f in story.facts)
    percent = progress_percent(historical, state)
    long = (
        f" Chapter {chapter} of {chapters} · Progress {percent}% · "
        f"Facts {found} of {len(story.facts)} · Slot: {slot} · Type help for commands"
    )
    if len(long) <= width:
        return long
    medium = long.rsplit(" · ", 1)[0]
    if len(medium) <= width:
        return medium
    return f" Ch {chapter}/{chapters} · {percent}% · Facts {found}/{len(story.facts)} · {slot}"
