"""Reading story.yaml: the story header, the declared variables and the sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.story.diagnostics import did_you_mean
from game.story.fields import FileReader, StoryParts, entry_key, is_bool_word, type_name
from game.story.files import read_file, shown_path
from game.story.model import Pos, Source
from game.story.rules import RESERVED_NAMES, SOURCE_KINDS, VARIABLE_RE, is_language_tag
from game.story.textfields import one_line
from game.story.visible import quoted
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
    language: str
    audience: str | None
    minutes: int | None
    pos: Pos
    at: Mapping[str, Pos]


def read_manifest(path: Path, parts: StoryParts) -> Header | None:
    """Read story.yaml into `parts` (variables, sources); its header, or None if unusable."""
    shown = shown_path(path)
    root = read_file(path, shown, parts.diags)
    if root is None:
        parts.unread.append(shown)
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
        title=one_line(r, head, "title", what) or "",
        subtitle=one_line(r, head, "subtitle", what),
        version=r.get(head, "version", int, what, 0),
        start=r.ident(head, "start", what) or "",
        language=_language(r, head, what),
        audience=one_line(r, head, "audience", what),
        minutes=_minutes(r, head, what),
        pos=r.pos(head),
        at=r.at(head),
    )


def _language(r: FileReader, head: Node, what: str) -> str:
    """The optional BCP 47 language tag (en, es, es-MX); 'en' when absent or refused."""
    value: str | None = r.get(head, "language", str, what)
    if value is None:
        return "en"
    if not is_language_tag(value):
        r.diags.error(
            r.pos(head.value["language"]),
            "E121",
            f"'language' in {what} is not a known language tag: {quoted(value)}",
            "use a BCP 47 tag: a language code such as en, es or de, and a region if you "
            "need one, as in es-MX",
        )
        return "en"
    return value


def _minutes(r: FileReader, head: Node, what: str) -> int | None:
    value: int | None = r.get(head, "minutes", int, what)
    if value is not None and value <= 0:
        r.diags.error(
            r.pos(head.value["minutes"]),
            "E121",
            f"'minutes' in {what} must be more than 0, not {value}",
            "give the expected playing time in whole minutes, e.g. minutes: 45",
        )
        return None
    return value


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
            parts.rejected.add(name)
            parts.diags.error(
                pos,
                "E121",
                f"{quoted(name)} cannot be a variable name",
                f"'{name}' is a word of the condition language; choose another name"
                if name in RESERVED_NAMES
                else "a variable name is letters, digits and _, not starting with a digit, "
                "e.g. my_var (not my-var)",
            )
            continue
        value = child.value
        if is_bool_word(child):
            parts.rejected.add(name)
            parts.diags.error(
                r.pos(child),
                "E103",
                f"variable '{name}' starts as {quoted(child.text())}, which reads as text",
                f"write {'true' if child.text().lower() in ('yes', 'on', 'y') else 'false'} "
                f'for true/false, or "{child.text()}" in quotes if you mean the text',
            )
            continue
        if not isinstance(value, (bool, int, str)):
            parts.rejected.add(name)
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
    ident = entry_key(parts, r, node, SOURCE_FIELDS, "id", "source", "a source")
    if ident is None:
        return
    if not parts.unique("source", ident, r.pos(node)):
        return
    kind = r.get(node, "kind", str, "a source", "document")
    if kind not in SOURCE_KINDS:
        parts.diags.error(
            r.pos(node.value["kind"]),
            "E121",
            f"source kind {quoted(kind)} must be one of {', '.join(SOURCE_KINDS)}"
            + did_you_mean(kind, SOURCE_KINDS),
        )
    parts.sources[ident] = Source(
        id=ident,
        cite=one_line(r, node, "cite", "a source") or ident,
        kind=kind,
        reliability=r.get(node, "reliability", str, "a source"),
        pos=r.pos(node),
        at=r.at(node),
    )
