"""Typed fields out of one file's nodes, and the parts of a story read so far across files."""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any

from game.story.conditions import Value
from game.story.diagnostics import Diagnostics, close_match
from game.story.model import (
    COLUMN_BITS,
    Chapter,
    Exhibit,
    Fact,
    Places,
    Pos,
    Question,
    Reflection,
    Scene,
    Source,
)
from game.story.rules import DATE_RE, ID_RE
from game.story.visible import quoted
from game.story.yamlnodes import Node


def type_name(value: Any) -> str:
    """What a YAML value is, in the words an author knows."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing (null)"


BOOL_WORDS = ("yes", "no", "on", "off", "y", "n")
"""Words YAML 1.1 read as true/false; YAML 1.2, editors and this format read them as text."""
ADD_HELP = {
    "sources": "add sources: with the ids of the sources in story.yaml it rests on, "
    "e.g. sources: [my-source]",
}
"""Help for a missing required field, where "add it" is not enough."""
BOOL_HELP = "write true or false: yes, no, on and off are text in YAML 1.2 and in editors"
ID_HELP = (
    "an id is lower-case letters a-z and digits 0-9, in words joined by single hyphens, "
    "e.g. kremlin-briefing or 1940-raid"
)


def is_bool_word(node: Node) -> bool:
    """Whether `node` is an unquoted yes/no/on/off, which authors often mean as true/false."""
    return node.raw is not None and node.raw.lower() in BOOL_WORDS


def named(node: Node, kind: str) -> str:
    """ "scene 'x'" when the node has a usable id, else "a scene"."""
    if isinstance(node.value, dict):
        ident = node.value.get("id")
        if ident is not None and isinstance(ident.value, str) and ID_RE.match(ident.value):
            return f"{kind} '{ident.value}'"
    return f"a {kind}"


_SHAPES: dict[tuple[str | int, ...], dict[str, int]] = {}
"""The fields (and list items) of a mapping, to each one's index: shared by every scene,
choice or fact written with the same fields (and lists of the same lengths), as most are."""
MAX_SHAPES = 10_000


_REQUIRED: dict[int, tuple[Mapping[str, bool], tuple[str, ...]]] = {}
"""Each table of fields (by identity; the table kept, so its id is never reused) to the
names it requires."""


def _all_known_and_given(value: Any, allowed: Mapping[str, bool]) -> bool:
    """Whether a mapping's fields are all known and its required ones all there, as most
    are (then `FileReader.fields` has nothing to say), told without a message made."""
    if value.__class__ is not dict or not value.keys() <= allowed.keys():
        return False
    return all(key in value for key in _required(allowed))


def _required(allowed: Mapping[str, bool]) -> tuple[str, ...]:
    known = _REQUIRED.get(id(allowed))
    if known is not None and known[0] is allowed:
        return known[1]
    names = tuple(k for k, required in allowed.items() if required)
    if len(_REQUIRED) < MAX_SHAPES:
        _REQUIRED[id(allowed)] = (allowed, names)
    return names


def _index(node: Node) -> dict[str, int]:
    """Each field of a mapping node, and each item of a list value as `key[i]`, in order."""
    keys: list[str] = []
    for key, child in node.value.items():
        keys.append(key)
        if isinstance(child.value, list):
            keys.extend(f"{key}[{i}]" for i in range(len(child.value)))
    return {k: i for i, k in enumerate(keys)}


class StoryParts:
    """Everything read so far from the files of one story, with the ids already taken."""

    def __init__(self, diags: Diagnostics) -> None:
        self.diags = diags
        self.variables: dict[str, Value] = {}
        self.variable_pos: dict[str, Pos] = {}
        self.sources: dict[str, Source] = {}
        self.chapters: list[Chapter] = []
        self.scenes: dict[str, Scene] = {}
        self.facts: dict[str, Fact] = {}
        self.questions: list[Question] = []
        self.reflections: list[Reflection] = []
        self.exhibits: dict[str, Exhibit] = {}
        self.ids: dict[tuple[str, str], Pos] = {}
        # What the checker needs to tell a root cause from its consequences:
        self.unread: list[str] = []
        """Files that could not be read at all (their links are not reported as broken)."""
        self.lost: set[str] = set()
        """Kinds of thing ("scene", "choice", "fact"...) of which one was dropped unread."""
        self.rejected: set[str] = set()
        """Variable names refused in `variables:` (their uses are not reported again)."""
        self.loose: set[str] = set()
        """Variable names inside conditions and effects that failed (not "never used")."""

    def unique(self, kind: str, ident: str, pos: Pos) -> bool:
        """Claim `ident` for a `kind`; report a duplicate (E106) and say False if taken."""
        first = self.ids.get((kind, ident))
        if first is not None:
            self.diags.error(
                pos,
                "E106",
                f"duplicate {kind} id '{ident}' (first defined at {first})",
                f"give this {kind} an id of its own (ids are unique across all the story's files)",
            )
            return False
        self.ids[(kind, ident)] = pos
        return True


class FileReader:
    """Reads typed fields out of one file's nodes, reporting problems as it goes."""

    def __init__(self, file: str, diags: Diagnostics) -> None:
        self.file = file
        self.diags = diags

    def pos(self, node: Node) -> Pos:
        return Pos(self.file, node.line, node.column)

    def key_pos(self, node: Node, key: str) -> Pos:
        line, col = node.keys.get(key, (node.line, node.column))
        return Pos(self.file, line, col)

    def fields(self, node: Node, allowed: Mapping[str, bool], what: str) -> bool:
        """Check `node` is a mapping with known fields and all required ones present."""
        if _all_known_and_given(node.value, allowed):
            return True
        if not isinstance(node.value, dict):
            self.diags.error(
                self.pos(node), "E103", f"{what} must be a mapping, not {type_name(node.value)}"
            )
            return False
        missing = [k for k, required in allowed.items() if required and k not in node.value]
        renamed: set[str] = set()
        for key in node.value:
            if key not in allowed:
                # A misspelt required field is one mistake: E101 says it, not also E102.
                meant = close_match(key, missing) or close_match(key, allowed)
                if meant in missing:
                    renamed.add(meant)
                self.diags.error(
                    self.key_pos(node, key),
                    "E101",
                    f"unknown field {quoted(key)} in {what}"
                    + (f" (did you mean {quoted(meant)}?)" if meant else ""),
                    f"rename it to {quoted(meant)}"
                    if meant
                    else f"remove it; {what} takes {', '.join(allowed)}",
                )
        for key in missing:
            if key not in renamed:
                self.diags.error(
                    self.pos(node),
                    "E102",
                    f"{what} has no '{key}'",
                    ADD_HELP.get(key, f"add {key}: to it"),
                )
        return not missing

    def at(self, node: Node) -> Places:
        """Positions of every field value (and list item) of a mapping node."""
        # The shape is known by the field names and each list's length (an int, which no
        # field name equals): the `key[i]` names are only made for a shape not seen yet.
        shape: list[str | int] = []
        places: list[int] = []
        for key, child in node.value.items():
            shape.append(key)
            places.append(child.line << COLUMN_BITS | child.column)
            items = child.value
            if items.__class__ is list:
                shape.append(len(items))
                places.extend([item.line << COLUMN_BITS | item.column for item in items])
        signature = tuple(shape)
        index = _SHAPES.get(signature)
        if index is None:
            if len(_SHAPES) >= MAX_SHAPES:
                _SHAPES.clear()
            index = _SHAPES[signature] = _index(node)
        return Places(self.file, index, array("Q", places))

    def get(self, node: Node, key: str, kind: type, what: str, default: Any = None) -> Any:
        """The value of field `key` as a `kind` (str, int or bool), else `default`."""
        child = node.value.get(key)
        if child is None:
            return default
        value = child.value
        if kind is str and value.__class__ is str:  # the commonest field: text, as text
            text: str = value if child.raw is None else child.raw
            if not text.strip():
                self.diags.error(self.pos(child), "E121", f"'{key}' in {what} is empty")
                return default
            return text
        if value is None:
            self.diags.error(self.pos(child), "E103", f"'{key}' in {what} is empty")
            return default
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.diags.error(
                self.pos(child),
                "E103",
                f"'{key}' in {what} must be a whole number, not {type_name(value)}",
            )
            return default
        if kind is bool and not isinstance(value, bool):
            bool_word = is_bool_word(child)
            self.diags.error(
                self.pos(child),
                "E103",
                f"'{key}' in {what} must be true or false, not "
                + (quoted(child.text()) if bool_word else type_name(value)),
                BOOL_HELP if bool_word else "",
            )
            return default
        if kind is str:
            if isinstance(value, (dict, list)):
                self.diags.error(
                    self.pos(child),
                    "E103",
                    f"'{key}' in {what} must be text, not {type_name(value)}",
                )
                return default
            value = child.text()
            if not value.strip():
                self.diags.error(self.pos(child), "E121", f"'{key}' in {what} is empty")
                return default
        return value

    def ident(self, node: Node, key: str, what: str) -> str | None:
        """An id field: text matching the id pattern."""
        child = node.value.get(key)
        if child is not None and child.value.__class__ is str:
            # The commonest case inline, as `get` reads text: a good id, nothing to say.
            text: str = child.value if child.raw is None else child.raw
            if text.strip() and ID_RE.match(text):
                return text
        if child is not None and isinstance(child.value, (bool, float)):
            self.diags.error(
                self.pos(child),
                "E103",
                f"'{key}' in {what} must be an id, not {type_name(child.value)}",
                ID_HELP,
            )
            return None
        value = self.get(node, key, str, what)
        if value is not None and not ID_RE.match(value):
            self.diags.error(
                self.pos(node.value[key]),
                "E121",
                f"'{key}' in {what} is not a valid id: {quoted(value)}",
                ID_HELP,
            )
        return value  # type: ignore[no-any-return]

    def date(self, node: Node, what: str) -> str | None:
        """The optional `date` field: YYYY, YYYY-MM or YYYY-MM-DD."""
        value = self.get(node, "date", str, what)
        if value is not None and not DATE_RE.match(value):
            self.diags.error(
                self.pos(node.value["date"]),
                "E121",
                f"date '{value}' in {what} must be YYYY, YYYY-MM or YYYY-MM-DD",
                "write a year, a month or a day, e.g. 1940, 1940-08 or 1940-08-20 "
                "(months 01 to 12, days 01 to 31)",
            )
            return None
        return value  # type: ignore[no-any-return]

    def id_list(self, node: Node, key: str, what: str) -> tuple[str, ...]:
        """A list of ids (a single id is accepted as a one-item list)."""
        child = node.value.get(key)
        if child is None:
            return ()
        items = child.value if isinstance(child.value, list) else None
        if items is None:
            if isinstance(child.value, (str, int)) and not isinstance(child.value, bool):
                # A single id is a forgivable shorthand for a list of one.
                ident = child.text()
                if ID_RE.match(ident):
                    return (ident,)
                self.diags.error(
                    self.pos(child), "E121", f"{quoted(ident)} in {what} is not a valid id", ID_HELP
                )
                return ()
            self.diags.error(self.pos(child), "E103", f"'{key}' in {what} must be a list of ids")
            return ()
        out: list[str] = []
        for item in items:
            if isinstance(item.value, (str, int)) and not isinstance(item.value, bool):
                ident = item.text()
                if ID_RE.match(ident):
                    out.append(ident)
                else:
                    self.diags.error(
                        self.pos(item),
                        "E121",
                        f"'{key}' in {what} lists {quoted(ident)}, which is not a valid id",
                        ID_HELP,
                    )
            else:
                self.diags.error(self.pos(item), "E103", f"'{key}' in {what} must list ids")
        return tuple(out)

    def items(self, node: Node | None, key: str) -> list[Node]:
        """The items of a top-level list such as `scenes:`."""
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.diags.error(self.pos(node), "E103", f"'{key}' must be a list")
            return []
        return list(node.value)


def entry_key(
    parts: StoryParts,
    r: FileReader,
    node: Node,
    allowed: Mapping[str, bool],
    key: str,
    kind: str,
    what: str,
) -> str | None:
    """The key (`id`, or a choice's `goto`) of one list entry, after its fields are checked.

    None when the entry has no usable key: `kind` is then noted in `parts.lost`, so later
    checks that would only fail because of it are skipped rather than reported.
    """
    if not r.fields(node, allowed, what) and (
        not isinstance(node.value, dict) or key not in node.value
    ):
        parts.lost.add(kind)
        return None
    ident = r.ident(node, key, what)
    if ident is None:
        parts.lost.add(kind)
    return ident
