"""Text fields with rules of their own: one-line fields and Markdown fields."""

from __future__ import annotations

from game.story.fields import FileReader
from game.story.textrules import forbidden_markdown, line_break
from game.story.yamlnodes import Node


def one_line(r: FileReader, node: Node, key: str, what: str) -> str | None:
    """A text field shown on one line (a title, a choice): a line break in it is E123."""
    child = node.value.get(key)
    if child is None:
        return None
    if child.value.__class__ is str:
        # The commonest case inline, as `r.get` reads text: one line, not blank.
        text: str = child.value if child.raw is None else child.raw
        if text.strip() and "\n" not in text and "\r" not in text:
            return text
    value: str | None = r.get(node, key, str, what)
    if value is None:
        return None
    value = value.rstrip("\r\n")
    at = line_break(value) if "\n" in value or "\r" in value else None
    if at is not None:
        child = node.value[key]
        r.diags.error(
            r.pos(child),
            "E123",
            f"'{key}' in {what} must be one line, but it has a line break after {at} characters",
            "write it on one line, without '|'; long text belongs in 'text'"
            if child.style in ("|", ">")
            else "write it on one line; long text belongs in 'text'",
        )
    return value


def markdown(r: FileReader, node: Node, key: str, what: str) -> str | None:
    """A Markdown field: paragraphs, emphasis, quotes and lists, nothing else (E126)."""
    value: str | None = r.get(node, key, str, what)
    if value is None:
        return None
    found = forbidden_markdown(value)
    if found is not None:
        line, kind = found
        where = f" (in line {line + 1} of the text)" if line else ""
        r.diags.error(
            r.pos(node.value[key]),
            "E126",
            f"'{key}' in {what} contains {kind}{where}, which story text does not allow",
            "use paragraphs, *emphasis*, **strong**, > quotes and lists only; "
            "name a source in words instead of linking to it",
        )
    return value
