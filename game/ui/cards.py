"""The title screen's card and the menus' numbered lists, drawn without rich. No I/O.

The title screen is on the terminal before rich is imported (rich loads on the preload thread
while the player reads it, see game/ui/terminal.py): its card and menu make their own rows,
cell for cell what rich draws for the same renderable (tests/test_cards.py compares the two).
Where a text would wrap or holds a character whose width two libraries might count
differently, `rows` gives None and rich draws it, from `__rich__`, as before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from game.story.model import Story

Row = list[tuple[str, str]]
"""One row of the screen as prompt_toolkit fragments: (style, text)."""


def simple(text: str) -> bool:
    """True when `text` is one run of characters one cell wide each, with no space at its
    ends: what both rich and prompt_toolkit measure alike and rich never rewraps."""
    if not text or text != text.strip():
        return False
    for ch in text:
        if not ch.isprintable() or unicodedata.combining(ch) or ord(ch) >= 0x1F000:
            return False
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            return False
        if unicodedata.category(ch) in ("Mn", "Me", "Mc", "Cf"):
            return False
    return True


class TitleCard:
    """The title screen: title, subtitle, audience and expected playing time in a double box."""

    def __init__(self, title: str, subtitle: str = "", tagline: str = "") -> None:
        self.title = title
        self.subtitle = subtitle
        self.tagline = tagline

    def texts(self) -> list[tuple[str, str]]:
        """The card's lines with their styles, top to bottom."""
        shown = [(self.title, "bold")]
        if self.subtitle:
            shown.append((self.subtitle, ""))
        if self.tagline:
            shown.append((self.tagline, "dim"))
        return shown

    def rows(self, width: int, styled: bool) -> list[Row] | None:
        """The card `width` cells wide; None when rich must draw it (a text would wrap)."""
        inner = width - 6  # the two borders, and two cells of padding on each side
        texts = self.texts()
        if inner < 1 or any(len(text) > inner or not simple(text) for text, _ in texts):
            return None
        blank: Row = [("", "║" + " " * (width - 2) + "║")]
        drawn: list[Row] = [[("", "╔" + "═" * (width - 2) + "╗")], blank]
        for text, style in texts:
            left = (inner - len(text)) // 2
            line = " " * left + text + " " * (inner - len(text) - left)
            drawn.append([("", "║  "), (style if styled else "", line), ("", "  ║")])
        drawn += [blank, [("", "╚" + "═" * (width - 2) + "╝")]]
        return drawn

    def __rich__(self) -> RenderableType:
        from rich import box
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        parts = [Text(text, style=style, justify="center") for text, style in self.texts()]
        return Panel(Group(*parts), box=box.DOUBLE, padding=(1, 2))


class Menu:
    """A numbered menu below a blank line; wrapped lines would stay indented under their text."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = list(items)

    def rows(self, width: int, styled: bool) -> list[Row] | None:
        """The menu in `width` cells; None when rich must draw it (an item would wrap)."""
        if not self.items or not all(simple(item) for item in self.items):
            return None
        number = len(f"{len(self.items)}.")
        text = max(len(item) for item in self.items)
        if number + 1 + text > width:
            return None
        bold = "bold" if styled else ""
        drawn: list[Row] = [[]]
        for at, item in enumerate(self.items, 1):
            label = f"{at}.".rjust(number)
            drawn.append([(bold, label), ("", " "), ("", item.ljust(text))])
        return drawn

    def __rich__(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        from game.ui.lists import numbered

        return Group(Text(""), numbered(self.items))


def title_view(story: Story) -> TitleCard:
    """The title screen of `story`."""
    extra = (story.audience, f"about {story.minutes} minutes" if story.minutes else "")
    return TitleCard(story.title, story.subtitle or "", " · ".join(x for x in extra if x))


def menu_view(items: Sequence[str]) -> Menu:
    """A numbered menu."""
    return Menu(items)


Native = TitleCard | Menu
"""What a pane can draw without rich."""
