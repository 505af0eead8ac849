"""Reading a chapter file's `exhibits:`: the documents a player examines."""

from __future__ import annotations

from game.story.fields import FileReader, StoryParts, entry_key, named, type_name
from game.story.model import Exhibit
from game.story.textfields import markdown, one_line
from game.story.yamlnodes import Node

# field name -> required?
EXHIBIT_FIELDS = {"id": True, "source": True, "title": True, "date": False, "text": True}


def read_exhibit(parts: StoryParts, r: FileReader, node: Node) -> None:
    """One item of `exhibits:`, added to `parts.exhibits`."""
    what = named(node, "exhibit")
    ident = entry_key(parts, r, node, EXHIBIT_FIELDS, "id", "exhibit", what)
    if ident is None:
        return
    what = f"exhibit '{ident}'"
    if not parts.unique("exhibit", ident, r.pos(node)):
        return
    parts.exhibits[ident] = Exhibit(
        id=ident,
        source=_source(r, node, what),
        title=one_line(r, node, "title", what) or ident,
        date=r.date(node, what),
        text=markdown(r, node, "text", what) or "",
        pos=r.pos(node),
        at=r.at(node),
    )


def _source(r: FileReader, node: Node, what: str) -> str:
    """The exhibit's one source id ('' when missing or not one id)."""
    child = node.value.get("source")
    if child is not None and isinstance(child.value, list):
        r.diags.error(
            r.pos(child),
            "E103",
            f"'source' in {what} must be one source id, not {type_name(child.value)}; "
            "an exhibit comes from exactly one source",
        )
        return ""
    return r.ident(node, "source", what) or ""
