"""Reading a scene's choices: their targets, effects (`set`, `add`) and conditions (`if`)."""

from __future__ import annotations

import re

from game.errors import ConditionError
from game.story.conditions import Condition, Value, compile_condition
from game.story.fields import BOOL_HELP, FileReader, StoryParts, entry_key, is_bool_word, type_name
from game.story.model import Choice, Pos
from game.story.textfields import one_line
from game.story.visible import quoted
from game.story.yamlnodes import Node

# field name -> required?
CHOICE_FIELDS = {
    "text": True,
    "goto": True,
    "history": False,
    "id": False,
    "set": False,
    "add": False,
    "if": False,
}


def read_choice(parts: StoryParts, r: FileReader, node: Node, scene_what: str) -> Choice | None:
    """One item of a scene's `choices:`; None when it has no usable `goto`."""
    what = f"a choice in {scene_what}"
    goto = entry_key(parts, r, node, CHOICE_FIELDS, "goto", "choice", what)
    if goto is None:
        return None
    ident = r.ident(node, "id", what) if "id" in node.value else goto
    condition: Condition | None = None
    if "if" in node.value:
        condition = read_condition(parts, r, node.value["if"])
    return Choice(
        id=ident or goto,
        text=one_line(r, node, "text", what) or "",
        goto=goto,
        history=bool(r.get(node, "history", bool, what, False)),
        set=read_effects(parts, r, node.value.get("set"), "set"),
        add=read_effects(parts, r, node.value.get("add"), "add"),  # type: ignore[arg-type]
        condition=condition,
        pos=r.pos(node),
        at=r.at(node),
    )


def read_effects(
    parts: StoryParts, r: FileReader, node: Node | None, kind: str
) -> dict[str, Value]:
    """A choice's `set` or `add` mapping of declared variable: value."""
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        parts.diags.error(r.pos(node), "E103", f"'{kind}' must be a mapping of variable: value")
        return {}
    out: dict[str, Value] = {}
    for name, child in node.value.items():
        value = _effect(parts, r, node, name, child, kind)
        if value is None:
            parts.loose.add(name)
        else:
            out[name] = value
    return out


def _effect(
    parts: StoryParts, r: FileReader, node: Node, name: str, child: Node, kind: str
) -> Value | None:
    """One `name: value` of a `set` or `add`, or None when it is refused."""
    if name in parts.rejected:
        return None  # the declaration was refused, and that error says so
    if name not in parts.variables:
        parts.diags.error(
            r.key_pos(node, name),
            "E107",
            f"{quoted(kind)} names the undeclared variable {quoted(name)}"
            + parts.diags.suggest(name, parts.variables),
            "declare it in story.yaml under 'variables:' with its start value",
        )
        return None
    start = parts.variables[name]
    value = child.value
    if kind == "add":
        if type(start) is not int or type(value) is not int:
            parts.diags.error(
                r.pos(child),
                "E103",
                f"'add' needs a whole-number variable and amount; '{name}' is "
                f"{type_name(start)} and the amount is {type_name(value)}",
            )
            return None
    elif type(value) is not type(start):
        parts.diags.error(
            r.pos(child),
            "E103",
            f"variable '{name}' holds {type_name(start)}, so it cannot be set to "
            f"{type_name(value)}",
            BOOL_HELP if type(start) is bool and is_bool_word(child) else "",
        )
        return None
    return value  # type: ignore[no-any-return]


def read_condition(parts: StoryParts, r: FileReader, node: Node) -> Condition | None:
    """A choice's `if`, compiled; None (with a diagnostic placed in the file) if it fails."""
    if not isinstance(node.value, (str, bool)):
        parts.diags.error(r.pos(node), "E103", "'if' must be a condition written as text")
        return None
    text = node.value if isinstance(node.value, str) else ("true" if node.value else "false")
    try:
        return compile_condition(text, parts.variables, parts.diags.suggest)
    except ConditionError as exc:
        words = set(_WORD.findall(text))
        # The names in a condition that failed are not "never used", and a name whose
        # declaration was refused has had its one error already.
        parts.loose.update(words & set(parts.variables))
        if any(name in text for name in parts.rejected):
            return None
        shift = 1 if node.style in ("'", '"') else 0
        same_line = node.style in (None, "'", '"') and "\n" not in text
        inside = exc.column or 1
        column = node.column + shift + inside - 1 if same_line else node.column
        code = "E107" if exc.kind == "undeclared" else "E108"
        detail = "" if same_line else f" (at column {inside} of the condition)"
        parts.diags.error(
            Pos(r.file, node.line, column),
            code,
            f"condition: {exc.message}{detail}",
            _condition_help(text, inside, exc.kind),
        )
        return None


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# The other languages' operators authors reach for, and this language's word for each.
_OPERATORS = {"&&": "and", "&": "and", "||": "or", "|": "or", "!": "not"}


def _condition_help(text: str, column: int, kind: str) -> str:
    if kind == "undeclared":
        return "declare it in story.yaml under 'variables:' with its start value"
    at = text[column - 1 : column + 1]
    if at[:1] == "=":
        return "use == to compare (a single = is not allowed)"
    for written, word in _OPERATORS.items():
        if at.startswith(written):
            return f"write '{word}' instead of '{written}'"
    return ""
