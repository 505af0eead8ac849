"""The plain protocol folds long lines exactly as `textwrap` does, by a cheaper route."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui.plain import HANGING, fold, wrap

WORDS = st.sampled_from(["a", "bb", "word", "longerword", "x" * 45, " ", "  ", "   ", "-", "é"])
OTHER_SPACES = st.sampled_from(["\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\u00a0", "\u2003"])


def reference(line: str, width: int) -> list[str]:
    """`wrap` as it was first written: every long line through textwrap."""
    if len(line) <= width:
        return [line]
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    hanging = HANGING.match(line)
    later = " " * hanging.end() if hanging and hanging.end() < width // 2 else indent
    return textwrap.wrap(
        body,
        width,
        initial_indent=indent,
        subsequent_indent=later,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]


@settings(max_examples=3000, deadline=None)
@given(st.lists(WORDS, max_size=40).map("".join), st.integers(1, 60), st.integers(0, 8))
def test_the_fold_agrees_with_textwrap(text: str, width: int, indent: int) -> None:
    text = text.lstrip(" ")
    first, later = " " * indent, " " * (indent + 2)
    if width <= len(later):
        return
    expected = textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=later,
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert fold(text, width, first, later) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "  ", "  1. ", "- ", "Term  "]),
    st.lists(WORDS | OTHER_SPACES, max_size=60).map("".join),
    st.integers(40, 70),
)
def test_a_line_folds_as_textwrap_folds_it_any_spaces(head: str, text: str, width: int) -> None:
    line = head + text
    assert wrap(line, width) == reference(line, width)
