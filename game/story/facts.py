"""Reading a chapter file's `facts:`: the fact notes the player unlocks."""

from __future__ import annotations

from game.story.diagnostics import did_you_mean
from game.story.fields import FileReader, StoryParts, named
from game.story.model import Fact
from game.story.rules import CERTAINTIES
from game.story.yamlnodes import Node

# field name -> required?
FACT_FIELDS = {
    "id": True,
    "title": True,
    "text": True,
    "sources": True,
    "date": False,
    "certainty": True,
    "dispute": False,
}


def read_fact(parts: StoryParts, r: FileReader, node: Node) -> None:
    """One item of `facts:`, added to `parts.facts`."""
    what = named(node, "fact")
    if not r.fields(node, FACT_FIELDS, what) and (
        not isinstance(node.value, dict) or "id" not in node.value
    ):
        return
    ident = r.ident(node, "id", what)
    if ident is None:
        return
    what = f"fact '{ident}'"
    if not parts.unique("fact", ident, r.pos(node)):
        return
    certainty = r.get(node, "certainty", str, what, "established")
    if certainty not in CERTAINTIES:
        parts.diags.error(
            r.pos(node.value["certainty"]),
            "E121",
            f"certainty '{certainty}' must be one of {', '.join(CERTAINTIES)}"
            + did_you_mean(certainty, CERTAINTIES),
        )
    fact = Fact(
        id=ident,
        title=r.get(node, "title", str, what) or ident,
        text=r.get(node, "text", str, what) or "",
        sources=r.id_list(node, "sources", what),
        date=r.date(node, what),
        certainty=certainty,
        dispute=r.get(node, "dispute", str, what),
        pos=r.pos(node),
        at=r.at(node),
    )
    if "sources" in node.value and not fact.sources:
        parts.diags.error(fact.where("sources"), "E105", f"{what} cites no source")
    parts.facts[ident] = fact
