"""The fast way to located nodes: libyaml's C composer builds the tree, one walk converts it.

`yamlnodes.parse_yaml` builds its nodes from the parser's events, one Python step per
event, which is most of a large story's load. Most story files are plain data: no tags, no
aliases, no mistakes. For those, libyaml's composer (C, as in a bare `yaml.load`) builds
the tree of `yaml.nodes` with their marks, and one walk turns it into the same `Node`s.

Anything out of the ordinary sends the file back to the event parser, which says exactly
what is wrong and where, in document order: a syntax error, a tag, an alias, a key that is
not a plain word or that appears twice, a value out of range, nesting deeper than
`MAX_DEPTH`, more than `MAX_NODES` values. The composer is only given a text whose values
cannot number more than `MAX_NODES` (counted from its indicator characters), so it never
holds more than the event parser would, and libyaml bounds its nesting (1,000 levels).
"""

from __future__ import annotations

from typing import Any

import yaml

from game.story.rules import MAX_INT
from game.story.yamlvalues import MAX_DEPTH, MAX_NODES, NO_KEYS, Node, Scalar, core_scalar

_TAG = "?"
"""What the composer's resolver names every untagged (or `!`-tagged) node: the walk
tells scalars apart by style, as the event parser does."""

UNSURE: tuple[bool, None] = (False, None)
"""`composed` could not vouch for the text: parse it from its events."""


def bare_tag(text: str) -> bool:
    """Whether `text` may hold `!` on its own before a value (the non-specific tag).

    It makes a plain scalar text, but the composer hands that scalar to the resolver as if
    it were untagged: such a file takes the event path. A `!` in prose is not one.
    """
    at = text.find("!")
    while at >= 0:
        if (text[at - 1] if at else "\n") in " \t\n[{," and text[at + 1 : at + 2] in " \t\r\n":
            return True
        at = text.find("!", at + 1)
    return False


try:
    from yaml import _yaml as _libyaml

    # libyaml bounds nesting from 0.2.5 on; its composer recurses once per level.
    _Parser: Any = _libyaml.CParser if _libyaml.get_version() >= (0, 2, 5) else None
except (ImportError, AttributeError):  # pragma: no cover - pyyaml built without libyaml
    _Parser = None


class _Unsure(Exception):
    """Raised inside the walk: the event parser must have its say."""


if _Parser is not None:

    class _Composer(_Parser):  # type: ignore[misc]
        # The composer calls these for every node; str.format ignores its arguments and
        # returns the tag, in C: no Python frame per node, no YAML 1.1 resolver.
        resolve = _TAG.format
        descend_resolver = _TAG.format
        ascend_resolver = _TAG.format


def most_values(text: str) -> int:
    """An upper bound on how many values `text` holds, aliases not expanded.

    Every value but a lone document's root stands beside an indicator: a mapping's `:` or
    `?` or `{` (the mapping, its key and its value), a list's `-`, `[` or `,` (the list and
    an item).
    """
    count = text.count
    pairs = count(":") + count("?") + count("{")
    items = count("-") + count("[") + count(",")
    return 3 * pairs + 2 * items + 1


def composed(text: str) -> tuple[bool, Node | None]:
    """(True, the text's root node) built by the C composer, (True, None) for no document,
    or UNSURE."""
    if _Parser is None or most_values(text) > MAX_NODES or bare_tag(text):
        return UNSURE
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return UNSURE
    finally:
        loader.dispose()
    if root is None:
        return True, None
    walk = _Walk("&" in text)
    try:
        node = walk.node(root, 0)
    except _Unsure:
        return UNSURE
    if walk.total > MAX_NODES:
        return UNSURE
    return True, node


_ScalarNode = yaml.nodes.ScalarNode
_MappingNode = yaml.nodes.MappingNode
_Missing: Any = object()


class _Walk:
    """One walk over a composed tree, counting values as the event parser does."""

    def __init__(self, anchors: bool) -> None:
        self.total = 0
        """Each value once per level it stands under (the event parser's count): the sum
        of every container's weight, plus one for each scalar."""
        self.plain: dict[str, Scalar] = {}
        """Plain scalars resolved so far: keys such as `id` repeat thousands of times."""
        self.seen: set[int] | None = set() if anchors else None
        """The composed nodes met, when the text may hold an anchor (to find an alias)."""

    def node(self, item: Any, depth: int) -> Node:
        """The `Node` for one composed node standing under `depth` containers."""
        if item.tag != _TAG:
            raise _Unsure
        if self.seen is not None:
            if id(item) in self.seen:
                raise _Unsure  # an alias: the event parser counts what it repeats
            self.seen.add(id(item))
        kind = item.__class__
        if kind is _ScalarNode:
            self.total += 1
            return self.scalar(item)
        if depth >= MAX_DEPTH:
            raise _Unsure
        node = (
            self.mapping(item, depth + 1)
            if kind is _MappingNode
            else self.sequence(item, depth + 1)
        )
        self.total += node.weight
        return node

    def scalar(self, item: Any) -> Node:
        value = item.value
        mark = item.start_mark
        if item.style:  # quoted or block: text
            return Node(value, mark.line + 1, mark.column + 1, item.style, 1, len(value), NO_KEYS)
        scalar = self.plain.get(value, _Missing)
        if scalar is _Missing:
            scalar = self.resolve(value)
        return Node(scalar, mark.line + 1, mark.column + 1, None, 1, len(value), NO_KEYS, value)

    def resolve(self, value: str) -> Scalar:
        """A plain scalar's value, remembered; _Unsure for one the event parser refuses."""
        try:
            scalar = core_scalar(value)
        except (OverflowError, ValueError):
            raise _Unsure from None
        if isinstance(scalar, int) and not isinstance(scalar, bool) and abs(scalar) > MAX_INT:
            raise _Unsure
        self.plain[value] = scalar
        return scalar

    def mapping(self, item: Any, depth: int) -> Node:
        mark = item.start_mark
        values: dict[str, Node] = {}
        keys: dict[str, tuple[int, int]] = {}
        weight = 1
        size = 0
        scalars = 0
        plain = self.plain
        fast = self.seen is None
        for key_item, value_item in item.value:
            # The commonest key by far, inline: an untagged plain word seen before.
            if (
                fast
                and key_item.__class__ is _ScalarNode
                and not key_item.style
                and key_item.tag == _TAG
                and key_item.value in plain
            ):
                scalars += 1
                word = key_item.value
                scalar = plain[word]
                key_mark = key_item.start_mark
                at = (key_mark.line + 1, key_mark.column + 1)
                size += len(word)
            else:
                key_node = self.node(key_item, depth)
                scalar = key_node.value
                at = (key_node.line, key_node.column)
                size += key_node.size
            if scalar.__class__ is str:
                key = scalar
            elif scalar is None or not isinstance(scalar, (int, float, bool)):
                raise _Unsure
            else:
                key = str(scalar)
            if key in values:
                raise _Unsure
            # The commonest value, inline too: an untagged scalar (no alias: no anchors).
            if fast and value_item.__class__ is _ScalarNode and value_item.tag == _TAG:
                text = value_item.value
                value_mark = value_item.start_mark
                length = len(text)
                if value_item.style:
                    value = Node(
                        text,
                        value_mark.line + 1,
                        value_mark.column + 1,
                        value_item.style,
                        1,
                        length,
                        NO_KEYS,
                    )
                else:
                    scalar = plain.get(text, _Missing)
                    if scalar is _Missing:
                        scalar = self.resolve(text)
                    value = Node(
                        scalar,
                        value_mark.line + 1,
                        value_mark.column + 1,
                        None,
                        1,
                        length,
                        NO_KEYS,
                        text,
                    )
                scalars += 1
                weight += 2
                size += length
            else:
                value = self.node(value_item, depth)
                weight += 1 + value.weight
                size += value.size
            values[key] = value
            keys[key] = at
        self.total += scalars
        return Node(values, mark.line + 1, mark.column + 1, None, weight, size, keys)

    def sequence(self, item: Any, depth: int) -> Node:
        mark = item.start_mark
        # Each item let go of once converted: a chapter's `scenes:` is most of its file, and
        # the composed scenes need not live beside the converted ones.
        children = item.value
        item.value = None
        values: list[Node] = []
        for index, child in enumerate(children):
            values.append(self.node(child, depth))
            children[index] = None
        weight = 1
        size = 0
        for child in values:
            weight += child.weight
            size += child.size
        return Node(values, mark.line + 1, mark.column + 1, None, weight, size)
