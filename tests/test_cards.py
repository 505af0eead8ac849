"""The title card and the menus draw their own rows, before rich is imported: cell for cell
what rich draws for the same renderable, or None (and rich draws it) when they cannot."""

from __future__ import annotations

import pytest

from game.ui.cards import Menu, TitleCard, simple
from game.ui.pager import Colours, Line, native_rows, render_lines, rich_rows

TITLES = [
    TitleCard(
        "Special Tasks", "Moscow and Mexico City, 1939–1940", "Ages 14 and up · about 45 minutes"
    ),
    TitleCard("The Letter"),
    TitleCard("Троцкий в Койоакане", "", "Ёлка"),
    TitleCard("An odd-length title", "an even one", "x"),
    TitleCard("A", "B", "C"),
]
MENUS = [
    Menu(["New game", "Quit"]),
    Menu(["New game", "Continue Zoë's game: autosave (Chapter 3: The raid)", "Load", "Quit"]),
    Menu([f"slot {n}" for n in range(1, 13)]),  # a two-digit number column
]


def cells(rows: list[Line]) -> list[list[tuple[str, str]]]:
    """Each row as (style, character) cells: how fragments are split does not show."""
    return [[(style, ch) for style, text, *_ in row for ch in text] for row in rows]


@pytest.mark.parametrize("system", ["truecolor", "256", "standard", None])
@pytest.mark.parametrize("item", TITLES + MENUS, ids=lambda i: type(i).__name__)
def test_a_card_or_menu_draws_what_rich_draws_at_every_width(
    item: TitleCard | Menu, system: str | None
) -> None:
    drawn = 0
    for width in range(1, 121):
        native = native_rows([item], width, styled=system is not None)
        rich = render_lines([item.__rich__()], width, system)
        if native is None:
            continue
        drawn += 1
        assert cells(render_lines([item], width, system)) == cells(rich), width
    assert drawn >= 60  # it drew itself at most widths (it gives way only where text wraps)


def test_the_title_card_is_bold_dim_and_centred_in_a_double_box() -> None:
    rows = TitleCard("Title", "Sub", "Tag").rows(20, styled=True)
    assert rows is not None
    assert ["".join(t for _, t in row) for row in rows] == [
        "╔══════════════════╗",
        "║                  ║",
        "║      Title       ║",
        "║       Sub        ║",
        "║       Tag        ║",
        "║                  ║",
        "╚══════════════════╝",
    ]
    assert [style for style, _ in rows[2]] == ["", "bold", ""]
    assert [style for style, _ in rows[4]] == ["", "dim", ""]
    plain = TitleCard("Title", "Sub", "Tag").rows(20, styled=False)
    assert plain is not None and {style for row in plain for style, _ in row} == {""}


def test_text_that_would_wrap_or_is_not_one_cell_a_character_is_left_to_rich() -> None:
    assert TitleCard("A title of some length").rows(20, styled=True) is None  # would wrap
    assert TitleCard("東京の夜").rows(80, styled=True) is None  # two cells a character
    assert Menu(["New game", "x" * 60]).rows(40, styled=True) is None
    assert Menu(["e\u0301"]).rows(40, styled=True) is None  # a combining accent
    assert Menu([]).rows(40, styled=True) is None
    # ...and rich draws those, through the same call.
    wrapped = render_lines([TitleCard("A title of some length")], 20, "truecolor")
    assert cells(wrapped) == cells(
        rich_rows([TitleCard("A title of some length").__rich__()], 20, "truecolor")[: len(wrapped)]
    )
    assert len(wrapped) == 6  # the borders, the padding, and the title on two lines


def test_what_counts_as_simple_text() -> None:
    assert simple("Moscow and Mexico City, 1939–1940 · Ёж")
    assert not simple("")
    assert not simple(" padded")
    assert not simple("tab\there")
    assert not simple("wide 東")
    assert not simple("emoji \U0001f600")
    assert not simple("zero\u200bwidth")


def test_a_page_of_cards_and_an_empty_header_draws_without_rich_anything_else_with_it() -> None:
    assert native_rows(["", TitleCard("T")], 40, styled=True) is not None
    assert native_rows([TitleCard("T"), "markup"], 40, styled=True) is None


def test_colours_given_as_a_function_are_asked_for_once_and_only_when_rich_draws() -> None:
    asked: list[int] = []

    def system() -> str | None:
        asked.append(1)
        return "truecolor"

    colours = Colours(system, styled=True)
    render_lines([TitleCard("T"), Menu(["a"])], 40, colours)
    assert asked == []  # the title screen never asked
    render_lines(["[bold]rich[/bold]"], 40, colours)
    render_lines(["again"], 40, colours)
    assert asked == [1]
    assert Colours(None).styled is False and Colours("256").styled is True
