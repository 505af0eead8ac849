"""Reading story.yaml: the story header, the declared variables and the sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.story.diagnostics import did_you_mean
from game.story.fields import FileReader, StoryParts, type_name
from game.story.files import read_file, shown_path
from game.story.model import Pos, Source
from game.story.rules import RESERVED_NAMES, SOURCE_KINDS, VARIABLE_RE
from game.story.yamlnodes import Node

# field name -> required?
MANIFEST_TOP = {"story": True, "variables": False, "sources": False}
STORY_FIELDS = {
    "id": True,
    "title": True,
    "subtitle": False,
    "version": True,
    "start": True,
    "language": False,
    "audience": False,
    "minutes": False,
}
SOURCE_FIELDS = {"id": True, "cite": True, "kind": True, "reliability": False}


@dataclass(frozen=True)
class Header:
    """The `story:` header of story.yaml, as read (missing text fields are empty)."""

    id: str
    title: str
    subtitle: str | None
    version: int
    start: str
    language: str | None
    audience: str | None
    minutes: int | None
    pos: Pos
    at: Mapping[str, Pos]


def read_manifest(path: Path, parts: StoryParts) -> Header | None:
    """Read story.yaml into `parts` (variables, sources); its header, or None if unusable."""
    shown = shown_path(path)
    root = read_file(path, shown, parts.diags)
    if root is None:
        return None
    r = FileReader(shown, parts.diags)
    if not r.fields(root, MANIFEST_TOP, "story.yaml") and (
        not isinstance(root.value, dict) or "story" not in root.value
    ):
        return None
    read_variables(parts, r, root.value.get("variables"))
    for node in r.items(root.value.get("sources"), "sources"):
        read_source(parts, r, node)
    head = root.value["story"]
    if not r.fields(head, STORY_FIELDS, "the story header") and (not isinstance(head.value, dict)):
        return None
    what = "the story header"
    return Header(
        id=r.ident(head, "id", what) or "",
        title=r.get(head, "title", str, what) or "",
        subtitle=r.get(head, "subtitle", str, what),
        version=r.get(head, "version", int, what, 0),
        start=r.get(head, "start", str, what) or "",
        language=r.get(head, "language", str, what, "en"),
        audience=r.get(head, "audience", str, what),
        minutes=r.get(head, "minutes", int, what),
        pos=r.pos(head),
        at=r.at(head),
    )


def read_variables(parts: StoryParts, r: FileReader, node: Node | None) -> None:
    """The `variables:` mapping: each name with its start value."""
    if node is None:
        return
    if not isinstance(node.value, dict):
        parts.diags.error(r.pos(node), "E103", "'variables' must be a mapping of name: value")
        return
    for name, child in node.value.items():
        pos = r.key_pos(node, name)
        if not VARIABLE_RE.match(name) or name in RESERVED_NAMES:
            parts.diags.error(pos, "E121", f"'{name}' cannot be a variable name")
            continue
        value = child.value
        if not isinstance(value, (bool, int, str)):
            parts.diags.error(
                r.pos(child),
                "E103",
                f"variable '{name}' must start as true/false, a whole number or text, "
                f"not {type_name(value)}",
            )
            continue
        parts.variables[name] = value
        parts.variable_pos[name] = pos


def read_source(parts: StoryParts, r: FileReader, node: Node) -> None:
    """One item of `sources:`."""
    if not r.fields(node, SOURCE_FIELDS, "a source") and (
        not isinstance(node.value, dict) or "id" not in node.value
    ):
        return
    ident = r.ident(node, "id", "a source")
    if ident is None or not parts.unique("source", ident, r.pos(node)):
        return
    kind = r.get(node, "kind", str, "a source", "document")
    if kind not in SOURCE_KINDS:
        parts.diags.error(
            r.pos(node.value["kind"]),
            "E121",
            f"source kind '{kind}' must be one of {', '.join(SOURCE_KINDS)}"
            + did_you_mean(kind, SOURCE_KINDS),
        )
    parts.sources[ident] = Source(
        id=ident,
        cite=r.get(node, "cite", str, "a source") or ident,
        kind=kind,
        reliability=r.get(node, "reliability", str, "a source"),
        pos=r.pos(node),
        at=r.at(node),
    )
