"""Rich renderables drawn inside prompt_toolkit windows, and scrolling through them.

The terminal game's screens are rich renderables (see `render_rich` and `screens`). A `Pane`
renders them to ANSI text at the window's current width (so a resized terminal reflows
them), turns that into prompt_toolkit fragments, and shows the rows that fit from its
scroll offset on. It never prints.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from prompt_toolkit.formatted_text import ANSI, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.formatted_text.utils import fragment_list_width, split_lines
from prompt_toolkit.layout.controls import UIContent, UIControl
from prompt_toolkit.mouse_events import MouseEvent, MouseEventType

from game.ui.cards import Menu, TitleCard

if TYPE_CHECKING:
    from prompt_toolkit.key_binding.key_bindings import NotImplementedOrNone
    from rich.console import RenderableType

READING_WIDTH = 100
"""The widest reading column: longer lines are hard to follow on a wide terminal."""
WHEEL_LINES = 3
OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
"""Operating-system commands (rich's hyperlinks), which prompt_toolkit would print as text."""

Line = StyleAndTextTuples


def column(width: int, limit: int = READING_WIDTH) -> tuple[int, int]:
    """The reading column's width (at most `limit`) and its left margin, `width` wide."""
    shown = max(1, min(width, limit))
    return shown, (width - shown) // 2


class Colours:
    """The colour system rich draws the panes with, and whether text is styled at all.

    The system may be given as a function, called when rich first draws (it makes a rich
    Console, which imports rich: the title screen is drawn before that, without rich);
    `styled` is then said beside it, so the title's own rows need not ask."""

    def __init__(
        self, system: str | Callable[[], str | None] | None, styled: bool | None = None
    ) -> None:
        self._system = system
        self._styled = styled

    @classmethod
    def of(cls, colours: Colours | str | None) -> Colours:
        """`colours` itself, or a colour system (or None) made one."""
        return colours if isinstance(colours, Colours) else cls(colours)

    @property
    def system(self) -> str | None:
        if callable(self._system):
            self._system = self._system()
        return self._system

    @property
    def styled(self) -> bool:
        return self._styled if self._styled is not None else self.system is not None


def render_lines(
    items: Sequence[RenderableType], width: int, colours: Colours | str | None
) -> list[Line]:
    """`items` rendered `width` columns wide, one fragment list per row, blank ends trimmed."""
    colours = Colours.of(colours)
    rows = native_rows(items, width, colours.styled)
    if rows is None:
        rows = rich_rows(items, width, colours.system)
    blank = [i for i, row in enumerate(rows) if "".join(t for _, t, *_ in row).strip()]
    return rows[blank[0] : blank[-1] + 1] if blank else []


def native_rows(items: Sequence[RenderableType], width: int, styled: bool) -> list[Line] | None:
    """The rows of `items` when each is a title card or a menu that draws itself (or
    nothing, as a page's empty header) at this width; None when rich must draw them."""
    rows: list[Line] = []
    for item in items:
        if isinstance(item, (TitleCard, Menu)):
            drawn = item.rows(width, styled)
            if drawn is None:
                return None
            rows += [list(row) for row in drawn]
        elif not isinstance(item, str) or item:
            return None
    return rows


def rich_rows(items: Sequence[RenderableType], width: int, color_system: str | None) -> list[Line]:
    """`items` as rich draws them, `width` columns wide, one fragment list per row."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for item in items:
        console.print(item)
    rows = list(split_lines(to_formatted_text(ANSI(OSC.sub("", out.getvalue())))))
    if rows and not fragment_list_width(rows[-1]):
        rows.pop()  # the newline after the last row
    return rows


class Content:
    """What a pane shows: a list of renderables, with a version that changes with it."""

    def __init__(self) -> None:
        self.items: list[RenderableType] = []
        self.version = 0

    def replace(self, items: Sequence[RenderableType]) -> None:
        self.items = list(items)
        self.version += 1

    def append(self, item: RenderableType) -> None:
        self.items.append(item)
        self.version += 1


class Pane(UIControl):
    """A scrollable window body showing a `Content`, rendered at the window's width.

    `wheel` receives mouse-wheel steps when this pane has nothing to scroll, so the wheel
    moves the scene wherever the pointer is.
    """

    def __init__(
        self,
        content: Content,
        colours: Colours | str | None,
        *,
        limit: int = READING_WIDTH,
        wheel: Callable[[int], None] | None = None,
    ) -> None:
        self.content = content
        self.colours = Colours.of(colours)
        self.limit = limit
        self.wheel = wheel
        self.offset = 0
        self.height = 0
        """Rows shown at the last drawing (PgUp and PgDn move by about this much)."""
        self._cache: tuple[int, int, list[Line]] | None = None

    # --- what is drawn ----------------------------------------------------------------
    def lines(self, width: int) -> list[Line]:
        """The content's rows in a window `width` wide, the reading column centred."""
        version = self.content.version
        if self._cache is None or self._cache[:2] != (version, width):
            shown, margin = column(width, self.limit)
            rows = render_lines(self.content.items, shown, self.colours)
            if margin:
                rows = [[("", " " * margin), *row] for row in rows]
            self._cache = (version, width, rows)
        return self._cache[2]

    def is_focusable(self) -> bool:
        return False

    def preferred_height(
        self,
        width: int,
        max_available_height: int,
        wrap_lines: bool,
        get_line_prefix: object,
    ) -> int | None:
        return len(self.lines(width))

    def create_content(self, width: int, height: int) -> UIContent:
        rows = self.lines(width)
        self.height = height
        self.offset = max(0, min(self.offset, len(rows) - height))
        visible = rows[self.offset : self.offset + height]
        return UIContent(get_line=lambda i: visible[i], line_count=len(visible), show_cursor=False)

    # --- scrolling --------------------------------------------------------------------
    @property
    def total(self) -> int:
        return len(self._cache[2]) if self._cache is not None else 0

    def more_above(self) -> bool:
        return self.offset > 0

    def more_below(self) -> bool:
        return self.offset + self.height < self.total

    def scroll(self, rows: int) -> None:
        """Move the view `rows` down (up when negative), within the content."""
        self.offset = max(0, min(self.offset + rows, self.total - self.height))

    def page(self, direction: int) -> None:
        """One screenful down (1) or up (-1), keeping a line of the last one in view."""
        self.scroll(direction * max(1, self.height - 1))

    def top(self) -> None:
        self.offset = 0

    def bottom(self) -> None:
        self.offset = max(0, self.total - self.height)

    def mouse_handler(self, mouse_event: MouseEvent) -> NotImplementedOrNone:
        step = {MouseEventType.SCROLL_UP: -WHEEL_LINES, MouseEventType.SCROLL_DOWN: WHEEL_LINES}
        rows = step.get(mouse_event.event_type)
        if rows is None:
            return NotImplemented
        if self.total > self.height or self.wheel is None:
            self.scroll(rows)
        else:
            self.wheel(rows)
        return None
