"""Reading a scene's choices: their targets, effects (`set`, `add`) and conditions (`if`)."""

from __future__ import annotations

from game.errors import ConditionError
from game.story.conditions import Condition, Value, compile_condition
from game.story.diagnostics import did_you_mean
from game.story.fields import FileReader, StoryParts, type_name
from game.story.model import Choice, Pos
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
    if not r.fields(node, CHOICE_FIELDS, what) and (
        not isinstance(node.value, dict) or "goto" not in node.value
    ):
        return None
    goto = r.get(node, "goto", str, what)
    if goto is None:
        return None
    ident = r.ident(node, "id", what) if "id" in node.value else goto
    condition: Condition | None = None
    if "if" in node.value:
        condition = read_condition(parts, r, node.value["if"])
    return Choice(
        id=ident or goto,
        text=r.get(node, "text", str, what) or "",
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
        pos = r.key_pos(node, name)
        if name not in parts.variables:
            parts.diags.error(
                pos,
                "E107",
                f"'{kind}' names the undeclared variable '{name}'"
                + did_you_mean(name, parts.variables),
            )
            continue
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
                continue
        elif type(value) is not type(start):
            parts.diags.error(
                r.pos(child),
                "E103",
                f"variable '{name}' holds {type_name(start)}, so it cannot be set to "
                f"{type_name(value)}",
            )
            continue
        out[name] = value
    return out


def read_condition(parts: StoryParts, r: FileReader, node: Node) -> Condition | None:
    """A choice's `if`, compiled; None (with a diagnostic placed in the file) if it fails."""
    if not isinstance(node.value, (str, bool)):
        parts.diags.error(r.pos(node), "E103", "'if' must be a condition written as text")
        return None
    text = node.value if isinstance(node.value, str) else ("true" if node.value else "false")
    try:
        return compile_condition(text, parts.variables)
    except ConditionError as exc:
        shift = 1 if node.style in ("'", '"') else 0
        same_line = node.style in (None, "'", '"') and "\n" not in text
        inside = exc.column or 1
        column = node.column + shift + inside - 1 if same_line else node.column
        code = "E107" if exc.kind == "undeclared" else "E108"
        detail = "" if same_line else f" (at column {inside} of the condition)"
        parts.diags.error(Pos(r.file, node.line, column), code, f"condition: {exc.message}{detail}")
        return None
