"""Story text as rich renders it: Markdown, never with terminal hyperlinks."""

from __future__ import annotations

from rich.markdown import Markdown


def story_markdown(text: str) -> Markdown:
    """Story text as rich Markdown, links shown as their words and their address.

    The checker refuses links; should one get past it, a terminal hyperlink's target could
    differ from the words it shows, so rich is told to print the address instead.
    """
    return Markdown(text, hyperlinks=False)
