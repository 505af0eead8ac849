"""Reading a chapter file's `facts:`: the fact notes the player unlocks."""

from __future__ import annotations

from game.story.diagnostics import did_you_mean
from game.story.fields import FileReader, StoryParts, entry_key, named
from game.story.model import Fact
from game.story.rules import CERTAINTIES
from game.story.textfields import markdown, one_line
from game.story.visible import quoted
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
    ident = entry_key(parts, r, node, FACT_FIELDS, "id", "fact", what)
    if ident is None:
        return
    what = f"fact '{ident}'"
    pos = r.pos(node)
    if not parts.unique("fact", ident, pos):
        return
    certainty = r.get(node, "certainty", str, what, "established")
    if certainty not in CERTAINTIES:
        parts.diags.error(
            r.pos(node.value["certainty"]),
            "E121",
            f"certainty {quoted(certainty)} must be one of {', '.join(CERTAINTIES)}"
            + did_you_mean(certainty, CERTAINTIES),
        )
    fact = Fact(
        id=ident,
        title=one_line(r, node, "title", what) or ident,
        text=markdown(r, node, "text", what) or "",
        sources=r.id_list(node, "sources", what),
        date=r.date(node, what),
        certainty=certainty,
        dispute=markdown(r, node, "dispute", what),
        pos=pos,
        at=r.at(node),
    )
    if "sources" not in node.value:
        parts.lost.add("citation")  # E102 said it; "source never cited" would follow from it
    elif not fact.sources:
        parts.diags.error(
            fact.where("sources"),
            "E105",
            f"{what} cites no source",
            "list one or more source ids from story.yaml: sources: [my-source]",
        )
    parts.facts[ident] = fact
