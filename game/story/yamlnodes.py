"""Safe YAML to a tree of located nodes, built from libyaml's event stream.

We never call `yaml.load` on story text: it constructs values without positions, and
unbounded. Building from events lets us bound depth and alias expansion before any harm is
done, and say where each mistake is. Most files are plain data with no mistake: for those,
`yamltree` has libyaml's C composer build the tree (within the same bounds) and converts it
in one walk, much faster; anything else is parsed from its events here.
"""

from __future__ import annotations

from typing import Any

import yaml

from game.errors import StoryError
from game.story.rules import MAX_INT
from game.story.visible import quoted as quote
from game.story.yamltree import composed
from game.story.yamlvalues import MAX_DEPTH as MAX_DEPTH
from game.story.yamlvalues import MAX_DIGITS as MAX_DIGITS
from game.story.yamlvalues import MAX_EXPANDED_CHARS as MAX_EXPANDED_CHARS
from game.story.yamlvalues import MAX_NODES as MAX_NODES
from game.story.yamlvalues import Node as Node
from game.story.yamlvalues import Scalar as Scalar
from game.story.yamlvalues import core_scalar as core_scalar

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    _Loader = yaml.SafeLoader

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
    "!",
}

_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_DocumentStartEvent = yaml.DocumentStartEvent

_constructor = yaml.constructor.SafeConstructor()


def _scalar(event: Any, file: str) -> Scalar:
    """A scalar's value; a story error (with its place) for a value it cannot be or hold."""
    try:
        value = _scalar_value(event)
    except OverflowError as exc:
        raise _out_of_range(str(exc), event, file) from None
    except (KeyError, ValueError, IndexError, TypeError):
        shown = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        raise StoryError(
            f"{quote(event.value)} is not a valid {shown} value",
            code="E118",
            **_where(file, event.start_mark),
        ) from None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise _out_of_range(f"the whole number {quote(event.value)}", event, file)
    return value


def _out_of_range(what: str, event: Any, file: str) -> StoryError:
    return StoryError(
        f"{what} is outside ±{MAX_INT:,}, the range of a story's whole numbers",
        code="E121",
        **_where(file, event.start_mark),
    )


def _scalar_value(event: Any) -> Scalar:
    tag = event.tag
    if tag is None and event.implicit[0]:
        return core_scalar(event.value)
    if tag is None or tag in ("!", "tag:yaml.org,2002:str"):
        # Quoted, block and `!`-tagged scalars are text.
        return str(event.value)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return bool(_constructor.construct_yaml_bool(node))
    if tag == "tag:yaml.org,2002:int":
        return int(_constructor.construct_yaml_int(node))
    if tag == "tag:yaml.org,2002:float":
        return float(_constructor.construct_yaml_float(node))
    # Dates such as 1939-03-01 stay text: the format treats dates as strings.
    return str(event.value)


def _bad_tag(tag: str, event: Any, file: str) -> None:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    raise StoryError(
        f"the YAML tag '{shown}' is not allowed in a story (only plain data is)",
        code="E118",
        **_where(file, event.start_mark),
    )


def _start(event: Any) -> tuple[int, int]:
    """1-based line and column where an event starts."""
    return event.start_mark.line + 1, event.start_mark.column + 1


def _where(file: str, mark: Any) -> dict[str, Any]:
    return {"file": file, "line": mark.line + 1, "column": mark.column + 1}


def _tab_indent(text: str, mark: Any) -> bool:
    """Whether the line of `mark` is indented with a tab (libyaml's C parser names no tab)."""
    if mark is None:
        return False
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return "\t" in line[: len(line) - len(line.lstrip(" \t"))]


def parse_yaml(text: str, file: str) -> Node | None:
    """Parse one YAML document into located nodes; None for an empty document."""
    sure, node = composed(text)
    return node if sure else parse_events(text, file)


def parse_events(text: str, file: str) -> Node | None:
    """`parse_yaml` from the parser's events: every check, each error where it stands."""
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, list[Any]]] = []
    root: Node | None = None
    total = 0
    repeated = 0
    documents = 0
    plain: dict[str, Scalar] = {}
    # get_event() called straight from iter() (no generator as in yaml.parse), and plain
    # scalars resolved once per text: keys such as `id` repeat thousands of times.
    loader = _Loader(text)
    try:
        event: Any
        for event in iter(loader.get_event, None):
            # Dispatch on the exact class, commonest first: scalars are most events, and
            # this loop is most of the time it takes to load a large story.
            kind = event.__class__
            node: Node | None = None
            if kind is _ScalarEvent:
                tag = event.tag
                if tag is not None and tag not in _SAFE_TAGS:
                    _bad_tag(tag, event, file)
                mark = event.start_mark
                if tag is None and event.implicit[0]:
                    value = event.value
                    if value not in plain:
                        plain[value] = _scalar(event, file)
                    scalar = plain[value]
                else:
                    scalar = _scalar(event, file)
                node = Node(
                    scalar,
                    mark.line + 1,
                    mark.column + 1,
                    style=event.style or None,
                    raw=None if event.style else event.value,
                    size=len(event.value),
                )
                if event.anchor:
                    anchors[event.anchor] = node
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                tag = event.tag
                if tag is not None and tag not in _SAFE_TAGS:
                    _bad_tag(tag, event, file)
                if len(stack) >= MAX_DEPTH:
                    raise StoryError(
                        f"the YAML is nested more than {MAX_DEPTH} levels deep",
                        code="E118",
                        **_where(file, event.start_mark),
                    )
                line, col = _start(event)
                container = Node({} if kind is _MappingStartEvent else [], line, col)
                if event.anchor:
                    anchors[event.anchor] = container
                stack.append((container, []))
                continue
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                node, pending = stack.pop()
                if (
                    isinstance(node.value, dict) and pending
                ):  # pragma: no cover - libyaml pairs keys
                    raise StoryError("a mapping key has no value", code="E100", file=file)
            elif kind is _AliasEvent:
                node = anchors.get(str(event.anchor))
                if node is None:  # pragma: no cover - libyaml reports this first
                    raise StoryError(
                        f"unknown alias '*{event.anchor}'",
                        code="E100",
                        **_where(file, event.start_mark),
                    )
                repeated += node.size
                if repeated > MAX_EXPANDED_CHARS:
                    raise StoryError(
                        f"the YAML's aliases repeat more than {MAX_EXPANDED_CHARS:,} characters "
                        "of text (write the text out, or repeat less)",
                        code="E118",
                        **_where(file, event.start_mark),
                    )
            elif kind is _DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise StoryError(
                        "a story file holds one YAML document; remove the second '---'",
                        code="E100",
                        **_where(file, event.start_mark),
                    )
                continue
            if node is None:  # stream start and end, document end
                continue
            total += node.weight
            if total > MAX_NODES:
                raise StoryError(
                    f"the YAML expands to more than {MAX_NODES} values (too many aliases?)",
                    code="E118",
                    **_where(file, event.start_mark),
                )
            if not stack:
                root = node
                continue
            parent, pending = stack[-1]
            parent.weight += node.weight
            parent.size += node.size
            if isinstance(parent.value, list):
                parent.value.append(node)
            elif not pending:
                if not isinstance(node.value, (str, int, float, bool)) or node.value is None:
                    raise StoryError(
                        "a mapping key must be a plain word",
                        code="E100",
                        file=file,
                        line=node.line,
                        column=node.column,
                    )
                pending.append(node)
            else:
                key_node = pending.pop()
                key = str(key_node.value)
                if key in parent.value:
                    raise StoryError(
                        f"the key '{key}' appears twice in this mapping",
                        code="E100",
                        file=file,
                        line=key_node.line,
                        column=key_node.column,
                    )
                parent.value[key] = node
                parent.keys[key] = (key_node.line, key_node.column)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        if "tab character" in problem or _tab_indent(text, mark):
            # libyaml's words ("while scanning a plain scalar that starts at ...") point
            # away from the tab: say what is wrong, at the tab.
            problem = "a tab character in the indentation (YAML indents with spaces only)"
        elif exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            start = exc.context_mark
            problem += (
                f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
            )
        if mark is None:  # pragma: no cover - libyaml always marks
            raise StoryError(f"YAML syntax error: {problem}", code="E100", file=file) from None
        if "nesting depth" in problem:
            raise StoryError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                code="E118",
                **_where(file, mark),
            ) from None
        raise StoryError(
            f"YAML syntax error: {problem}", code="E100", **_where(file, mark)
        ) from None
    except yaml.YAMLError as exc:
        raise StoryError(f"YAML syntax error: {exc}", code="E100", file=file) from None
    finally:
        loader.dispose()
    return root
