"""Reading a chapter file's `questions:` and `reflections:`."""

from __future__ import annotations

from game.story.fields import FileReader, StoryParts, entry_key, named
from game.story.model import Question, Reflection
from game.story.textfields import markdown
from game.story.textrules import line_break
from game.story.yamlnodes import Node

# field name -> required?
QUESTION_FIELDS = {
    "id": True,
    "after": True,
    "ask": True,
    "options": True,
    "answer": True,
    "explain": True,
    "facts": False,
    "exhibits": False,
    "shuffle": False,
}
REFLECTION_FIELDS = {"id": True, "after": True, "ask": True}


def read_question(parts: StoryParts, r: FileReader, node: Node) -> None:
    """One item of `questions:`, added to `parts.questions`."""
    what = named(node, "question")
    ident = entry_key(parts, r, node, QUESTION_FIELDS, "id", "question", what)
    if ident is None:
        return
    what = f"question '{ident}'"
    pos = r.pos(node)
    if not parts.unique("question", ident, pos):
        return
    options = _options(parts, r, node, what)
    answer = r.get(node, "answer", int, what, 0)
    if "answer" in node.value and isinstance(answer, int) and not 0 <= answer < len(options):
        parts.diags.error(
            r.pos(node.value["answer"]),
            "E109",
            f"answer {answer} of {what} is out of range: options are numbered "
            f"0 to {len(options) - 1}",
        )
        answer = 0
    parts.questions.append(
        Question(
            id=ident,
            after=r.ident(node, "after", what) or "",
            ask=r.get(node, "ask", str, what) or "",
            options=options,
            answer=answer,
            explain=markdown(r, node, "explain", what) or "",
            facts=r.id_list(node, "facts", what),
            exhibits=r.id_list(node, "exhibits", what),
            shuffle=bool(r.get(node, "shuffle", bool, what, True)),
            pos=pos,
            at=r.at(node),
        )
    )


def _options(parts: StoryParts, r: FileReader, node: Node, what: str) -> tuple[str, ...]:
    options: list[str] = []
    for item in r.items(node.value.get("options"), "options"):
        if isinstance(item.value, (dict, list)) or item.value is None:
            parts.diags.error(r.pos(item), "E103", f"each option of {what} must be text")
        else:
            text = item.text()
            if line_break(text.rstrip("\r\n")) is not None:
                parts.diags.error(
                    r.pos(item),
                    "E123",
                    f"an option of {what} must be one line, but it has a line break",
                    "write each option on one line",
                )
            options.append(text.rstrip("\r\n"))
    if "options" in node.value and len(options) < 2:
        parts.diags.error(
            r.pos(node.value["options"]), "E121", f"{what} needs at least two options"
        )
    return tuple(options)


def read_reflection(parts: StoryParts, r: FileReader, node: Node) -> None:
    """One item of `reflections:`, added to `parts.reflections`."""
    what = "a reflection"
    ident = entry_key(parts, r, node, REFLECTION_FIELDS, "id", "reflection", what)
    if ident is None:
        return
    if not parts.unique("reflection", ident, r.pos(node)):
        return
    what = f"reflection '{ident}'"
    parts.reflections.append(
        Reflection(
            id=ident,
            after=r.ident(node, "after", what) or "",
            ask=r.get(node, "ask", str, what) or "",
            pos=r.pos(node),
            at=r.at(node),
        )
    )
