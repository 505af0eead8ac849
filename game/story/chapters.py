"""Reading a chapter file: header and scenes, then facts, questions, reflections, exhibits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from game.story.choices import read_choice
from game.story.exhibits import read_exhibit
from game.story.facts import read_fact
from game.story.fields import FileReader, StoryParts, entry_key, named
from game.story.files import read_file, shown_path
from game.story.model import Chapter, Choice, Pos, Scene
from game.story.questions import read_question, read_reflection
from game.story.textfields import markdown, one_line
from game.story.visible import quoted
from game.story.yamlnodes import Node

# field name -> required?
CHAPTER_TOP = {
    "chapter": True,
    "scenes": False,
    "facts": False,
    "questions": False,
    "reflections": False,
    "exhibits": False,
}
CHAPTER_FIELDS = {"id": True, "title": True}
SCENE_FIELDS = {
    "id": True,
    "title": False,
    "date": False,
    "place": False,
    "viewpoint": False,
    "text": True,
    "facts": False,
    "choices": False,
    "next": False,
    "end": False,
    "reality": False,
    "exhibits": False,
    "shuffle": False,
}


def read_chapter(path: Path, parts: StoryParts) -> None:
    """Read one chapter file into `parts`."""
    shown = shown_path(path)
    root = read_file(path, shown, parts.diags)
    if root is None:
        parts.unread.append(shown)
        return
    r = FileReader(shown, parts.diags)
    r.fields(root, CHAPTER_TOP, "a chapter file")
    if not isinstance(root.value, dict):
        return
    head = root.value.get("chapter")
    chapter_id = path.stem
    title = path.stem
    if head is not None and r.fields(head, CHAPTER_FIELDS, "the chapter header"):
        chapter_id = r.ident(head, "id", "the chapter header") or chapter_id
        title = one_line(r, head, "title", "the chapter header") or title
    head_pos = r.pos(head) if head is not None else Pos(shown, 1, 1)
    parts.unique("chapter", chapter_id, head_pos)
    scene_ids: list[str] = []
    for node in _one_by_one(r.items(root.value.get("scenes"), "scenes"), root.value.get("scenes")):
        scene = read_scene(parts, r, node, chapter_id)
        if scene is not None:
            scene_ids.append(scene.id)
    if not scene_ids and root.value.get("scenes") is None:
        parts.diags.error(head_pos, "E102", "the chapter has no 'scenes'")
    for node in r.items(root.value.get("facts"), "facts"):
        read_fact(parts, r, node)
    for node in r.items(root.value.get("questions"), "questions"):
        read_question(parts, r, node)
    for node in r.items(root.value.get("reflections"), "reflections"):
        read_reflection(parts, r, node)
    for node in r.items(root.value.get("exhibits"), "exhibits"):
        read_exhibit(parts, r, node)
    parts.chapters.append(
        Chapter(
            id=chapter_id,
            title=title,
            file=shown,
            scenes=tuple(scene_ids),
            pos=head_pos,
            at=r.at(head) if head is not None and head.is_map else {},
        )
    )


def _one_by_one(items: list[Node], held: Node | None) -> Iterator[Node]:
    """The items of a list node in order, each let go of once the next is asked for.

    A chapter's scenes are most of its nodes: each scene's nodes are freed as soon as it
    is read, so the story's objects take their place in memory rather than leaving the
    whole file's nodes as holes among them (which made each later file slower to parse).
    """
    if held is not None and held.value.__class__ is list:
        held.value = []  # `items` (a copy) holds them now
    items.reverse()
    while items:
        yield items.pop()


def read_scene(parts: StoryParts, r: FileReader, node: Node, chapter: str) -> Scene | None:
    """One item of `scenes:`, added to `parts.scenes`; None when it has no usable id."""
    what = named(node, "scene")
    ident = entry_key(parts, r, node, SCENE_FIELDS, "id", "scene", what)
    if ident is None:
        return None
    what = f"scene {quoted(ident)}"
    pos = r.pos(node)
    if not parts.unique("scene", ident, pos):
        return None
    choices_node = node.value.get("choices")
    choices = _choices(parts, r, choices_node, what)
    end = _end(r, node, what)
    next_id = r.ident(node, "next", what) if "next" in node.value else None
    scene = Scene(
        id=ident,
        chapter=chapter,
        title=one_line(r, node, "title", what),
        date=r.date(node, what),
        place=one_line(r, node, "place", what),
        viewpoint=one_line(r, node, "viewpoint", what),
        text=markdown(r, node, "text", what) or "",
        facts=r.id_list(node, "facts", what),
        choices=choices,
        next=next_id,
        end=end,
        reality=markdown(r, node, "reality", what),
        exhibits=r.id_list(node, "exhibits", what),
        shuffle=bool(r.get(node, "shuffle", bool, what, True)),
        pos=pos,
        at=r.at(node),
    )
    given = (choices_node is not None, "next" in node.value, end)
    ways = sum(given)
    if ways != 1:
        detail = "none" if ways == 0 else "more than one"
        parts.diags.error(
            scene.pos,
            "E110",
            f"{what} must have exactly one of 'choices', 'next' or 'end: true' (it has {detail})",
            "'end: false' does not end the story: write 'end: true', or give 'next' or 'choices'"
            if ways == 0 and "end" in node.value
            else "",
        )
    elif (
        choices_node is not None
        and len(choices) < 2
        and isinstance(choices_node.value, list)
        and "choice" not in parts.lost
    ):
        parts.diags.error(
            r.pos(choices_node),
            "E110",
            f"{what} has fewer than two choices",
            "use 'next: SCENE' for a single way on, or add another choice",
        )
    parts.scenes[ident] = scene
    return scene


def _end(r: FileReader, node: Node, what: str) -> bool:
    """Whether the scene ends the story. An `end:` that is not true or false is reported and
    then read as an ending, so the mistake is not reported again as a scene with no way on."""
    if "end" not in node.value:
        return False
    value = r.get(node, "end", bool, what)
    return value is not False


def _choices(
    parts: StoryParts, r: FileReader, choices_node: Node | None, what: str
) -> tuple[Choice, ...]:
    """A scene's choices, each id once (a repeated id is E116 and the repeat is dropped)."""
    choices: list[Choice] = []
    choice_ids: dict[str, Pos] = {}
    for child in r.items(choices_node, "choices"):
        choice = read_choice(parts, r, child, what)
        if choice is None:
            continue
        first = choice_ids.get(choice.id)
        if first is not None:
            parts.diags.error(
                choice.pos,
                "E116",
                f"two choices in {what} have the id '{choice.id}' (the first at {first}); "
                "give one an 'id'",
            )
            continue
        choice_ids[choice.id] = choice.pos
        choices.append(choice)
    return tuple(choices)
