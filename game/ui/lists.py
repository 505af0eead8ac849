"""The numbered list every menu and prompt of the terminal game shows. No I/O.

A module of its own, so that the title screen's menu (game/ui/screens.py) is drawn without
importing the scenes' renderer (game/ui/render_rich.py), which shows its choices the same way.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text


def numbered(items: list[str]) -> Table:
    """A numbered list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for number, item in enumerate(items, 1):
        grid.add_row(Text(f"{number}.", style="bold"), Text(item))
    return grid
