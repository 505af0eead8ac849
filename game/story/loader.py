"""Story folder to the immutable model, reporting every structural problem it meets."""

from __future__ import annotations

import gc
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.errors import ConditionError, StoryError, UsageError
from game.story.conditions import Condition, Value, compile_condition
from game.story.diagnostics import Diagnostics, did_you_mean
from game.story.model import (
    Chapter,
    Choice,
    Fact,
    Pos,
    Question,
    Reflection,
    Scene,
    Source,
    Story,
)
from game.story.yamlnodes import Node, parse_yaml

MAX_FILE_BYTES = 2_000_000
MAX_FILES = 200
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE_RE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\Z")
# C0 controls except tab and newline, DEL, and C1 controls: they could move the cursor,
# recolour or retitle a student's terminal.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SOURCE_KINDS = ("memoir", "document", "testimony", "newspaper", "scholarship", "article")
CERTAINTIES = ("established", "memoir", "disputed")
MANIFEST_NAMES = ("story.yaml", "story.yml")

# field name -> required?
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
}
CHOICE_FIELDS = {
    "text": True,
    "goto": True,
    "history": False,
    "id": False,
    "set": False,
    "add": False,
    "if": False,
}
FACT_FIELDS = {
    "id": True,
    "title": True,
    "text": True,
    "sources": True,
    "date": False,
    "certainty": True,
    "dispute": False,
}
QUESTION_FIELDS = {
    "id": True,
    "after": True,
    "ask": True,
    "options": True,
    "answer": True,
    "explain": True,
    "facts": False,
}
REFLECTION_FIELDS = {"id": True, "after": True, "ask": True}
MANIFEST_TOP = {"story": True, "variables": False, "sources": False}
CHAPTER_TOP = {
    "chapter": True,
    "scenes": False,
    "facts": False,
    "questions": False,
    "reflections": False,
}

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}


def _type_name(value: Any) -> str:
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


class _FileReader:
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
        if not isinstance(node.value, dict):
            self.diags.error(
                self.pos(node), "E103", f"{what} must be a mapping, not {_type_name(node.value)}"
            )
            return False
        for key in node.value:
            if key not in allowed:
                self.diags.error(
                    self.key_pos(node, key),
                    "E101",
                    f"unknown field '{key}' in {what}{did_you_mean(key, allowed)}",
                )
        ok = True
        for key, required in allowed.items():
            if required and key not in node.value:
                self.diags.error(self.pos(node), "E102", f"{what} has no '{key}'")
                ok = False
        return ok

    def at(self, node: Node) -> dict[str, Pos]:
        """Positions of every field value (and list item) of a mapping node."""
        out: dict[str, Pos] = {}
        for key, child in node.value.items():
            out[key] = self.pos(child)
            if isinstance(child.value, list):
                for i, item in enumerate(child.value):
                    out[f"{key}[{i}]"] = self.pos(item)
        return out

    def get(self, node: Node, key: str, kind: type, what: str, default: Any = None) -> Any:
        child = node.value.get(key)
        if child is None:
            return default
        value = child.value
        if value is None:
            self.diags.error(self.pos(child), "E103", f"'{key}' in {what} is empty")
            return default
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.diags.error(
                self.pos(child),
                "E103",
                f"'{key}' in {what} must be a whole number, not {_type_name(value)}",
            )
            return default
        if kind is bool and not isinstance(value, bool):
            self.diags.error(
                self.pos(child),
                "E103",
                f"'{key}' in {what} must be true or false, not {_type_name(value)}",
            )
            return default
        if kind is str:
            if isinstance(value, (dict, list)):
                self.diags.error(
                    self.pos(child),
                    "E103",
                    f"'{key}' in {what} must be text, not {_type_name(value)}",
                )
                return default
            value = child.text()
            if not value.strip():
                self.diags.error(self.pos(child), "E121", f"'{key}' in {what} is empty")
                return default
        return value

    def ident(self, node: Node, key: str, what: str) -> str | None:
        value = self.get(node, key, str, what)
        if value is not None and not ID_RE.match(value):
            self.diags.error(
                self.pos(node.value[key]),
                "E121",
                f"'{key}' in {what} must use only a-z, 0-9 and '-', got '{value}'",
            )
        return value  # type: ignore[no-any-return]

    def date(self, node: Node, what: str) -> str | None:
        value = self.get(node, "date", str, what)
        if value is not None and not DATE_RE.match(value):
            self.diags.error(
                self.pos(node.value["date"]),
                "E121",
                f"date '{value}' in {what} must be YYYY, YYYY-MM or YYYY-MM-DD",
            )
            return None
        return value  # type: ignore[no-any-return]

    def id_list(self, node: Node, key: str, what: str) -> tuple[str, ...]:
        child = node.value.get(key)
        if child is None:
            return ()
        items = child.value if isinstance(child.value, list) else None
        if items is None:
            if isinstance(child.value, str):  # a single id is a forgivable shorthand
                return (child.value,)
            self.diags.error(self.pos(child), "E103", f"'{key}' in {what} must be a list of ids")
            return ()
        out: list[str] = []
        for item in items:
            if isinstance(item.value, (str, int)) and not isinstance(item.value, bool):
                out.append(item.text())
            else:
                self.diags.error(self.pos(item), "E103", f"'{key}' in {what} must list ids")
        return tuple(out)

    def items(self, node: Node | None, key: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.diags.error(self.pos(node), "E103", f"'{key}' must be a list")
            return []
        return list(node.value)


def _check_controls(node: Node, file: str, diags: Diagnostics) -> None:
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current.value, dict):
            for key, child in current.value.items():
                _control_in(key, Pos(file, *current.keys[key]), diags)
                stack.append(child)
        elif isinstance(current.value, list):
            stack.extend(current.value)
        elif isinstance(current.value, str):
            _control_in(current.value, Pos(file, current.line, current.column), diags)


def _control_in(text: str, pos: Pos, diags: Diagnostics) -> None:
    match = CONTROL_RE.search(text)
    if match:
        char = f"U+{ord(match.group()):04X}"
        diags.error(
            pos,
            "E119",
            f"text contains the terminal control character {char} "
            f"(at character {match.start() + 1}); remove it",
        )


def read_file(path: Path, shown: str, diags: Diagnostics) -> Node | None:
    """Read and parse one story file within limits; None (with a diagnostic) if unusable."""
    where = Pos(shown, 1, 1)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            diags.error(where, "E118", f"file is larger than {MAX_FILE_BYTES:,} bytes")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(where, "E122", f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            Pos(shown, line, column), "E118", "the file is not UTF-8 text (save it as UTF-8)"
        )
        return None
    try:
        node = parse_yaml(text, shown)
    except StoryError as exc:
        diags.error(Pos(shown, exc.line or 1, exc.column or 1), exc.code or "E100", exc.message)
        return None
    if node is None:
        diags.error(where, "E102", "the file is empty")
        return None
    # Only a control character in the text, or a backslash escape in a double-quoted
    # string, can put one in a value: most files need no walk over every node.
    if "\\" in text or CONTROL_RE.search(text):
        _check_controls(node, shown, diags)
    return node


def story_files(folder: Path) -> tuple[Path, list[Path]]:
    """The manifest and the chapter files of a story folder, in load order."""
    if not folder.is_dir():
        raise UsageError(f"no story folder at '{folder}'")
    for name in MANIFEST_NAMES:
        if (folder / name).is_dir():
            raise UsageError(f"'{folder / name}' is a folder; the manifest must be a file")
    manifests = [folder / n for n in MANIFEST_NAMES if (folder / n).is_file()]
    if not manifests:
        raise UsageError(f"'{folder}' has no story.yaml, so it is not a story folder")
    if len(manifests) > 1:
        raise UsageError(f"'{folder}' has both story.yaml and story.yml; keep one")
    chapters = sorted(
        (
            p
            for p in folder.iterdir()
            if p.suffix in (".yaml", ".yml") and p.name not in MANIFEST_NAMES
        ),
        key=lambda p: p.name,
    )
    folders = [p for p in chapters if not p.is_file()]
    if folders:
        raise UsageError(f"'{folders[0]}' is a folder, not a chapter file; rename or move it")
    if len(chapters) > MAX_FILES:
        raise UsageError(f"'{folder}' has more than {MAX_FILES} chapter files")
    return manifests[0], chapters


def _shown(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _named(node: Node, kind: str) -> str:
    """ "scene 'x'" when the node has a usable id, else "a scene"."""
    if isinstance(node.value, dict):
        ident = node.value.get("id")
        if ident is not None and isinstance(ident.value, str) and ID_RE.match(ident.value):
            return f"{kind} '{ident.value}'"
    return f"a {kind}"


class _Builder:
    def __init__(self, folder: Path, diags: Diagnostics) -> None:
        self.folder = folder
        self.diags = diags
        self.variables: dict[str, Value] = {}
        self.variable_pos: dict[str, Pos] = {}
        self.sources: dict[str, Source] = {}
        self.chapters: list[Chapter] = []
        self.scenes: dict[str, Scene] = {}
        self.facts: dict[str, Fact] = {}
        self.questions: list[Question] = []
        self.reflections: list[Reflection] = []
        self.ids: dict[tuple[str, str], Pos] = {}

    def unique(self, kind: str, ident: str, pos: Pos) -> bool:
        first = self.ids.get((kind, ident))
        if first is not None:
            self.diags.error(
                pos, "E106", f"duplicate {kind} id '{ident}' (first defined at {first})"
            )
            return False
        self.ids[(kind, ident)] = pos
        return True

    # --- manifest -----------------------------------------------------------
    def manifest(self, path: Path) -> dict[str, Any] | None:
        shown = _shown(path)
        root = read_file(path, shown, self.diags)
        if root is None:
            return None
        r = _FileReader(shown, self.diags)
        if not r.fields(root, MANIFEST_TOP, "story.yaml") and (
            not isinstance(root.value, dict) or "story" not in root.value
        ):
            return None
        self.read_variables(r, root.value.get("variables"))
        for node in r.items(root.value.get("sources"), "sources"):
            self.read_source(r, node)
        head = root.value["story"]
        if not r.fields(head, STORY_FIELDS, "the story header") and (
            not isinstance(head.value, dict)
        ):
            return None
        what = "the story header"
        info = {
            "id": r.ident(head, "id", what) or "",
            "title": r.get(head, "title", str, what) or "",
            "subtitle": r.get(head, "subtitle", str, what),
            "version": r.get(head, "version", int, what, 0),
            "start": r.get(head, "start", str, what) or "",
            "language": r.get(head, "language", str, what, "en"),
            "audience": r.get(head, "audience", str, what),
            "minutes": r.get(head, "minutes", int, what),
            "pos": r.pos(head),
            "at": r.at(head),
        }
        return info

    def read_variables(self, r: _FileReader, node: Node | None) -> None:
        if node is None:
            return
        if not isinstance(node.value, dict):
            self.diags.error(r.pos(node), "E103", "'variables' must be a mapping of name: value")
            return
        for name, child in node.value.items():
            pos = r.key_pos(node, name)
            if not re.match(r"[A-Za-z_][A-Za-z0-9_]*\Z", name) or name in (
                "and",
                "or",
                "not",
                "true",
                "false",
                "visited",
                "seen",
            ):
                self.diags.error(pos, "E121", f"'{name}' cannot be a variable name")
                continue
            value = child.value
            if not isinstance(value, (bool, int, str)):
                self.diags.error(
                    r.pos(child),
                    "E103",
                    f"variable '{name}' must start as true/false, a whole number or text, "
                    f"not {_type_name(value)}",
                )
                continue
            self.variables[name] = value
            self.variable_pos[name] = pos

    def read_source(self, r: _FileReader, node: Node) -> None:
        if not r.fields(node, SOURCE_FIELDS, "a source") and (
            not isinstance(node.value, dict) or "id" not in node.value
        ):
            return
        ident = r.ident(node, "id", "a source")
        if ident is None or not self.unique("source", ident, r.pos(node)):
            return
        kind = r.get(node, "kind", str, "a source", "document")
        if kind not in SOURCE_KINDS:
            self.diags.error(
                r.pos(node.value["kind"]),
                "E121",
                f"source kind '{kind}' must be one of {', '.join(SOURCE_KINDS)}"
                + did_you_mean(kind, SOURCE_KINDS),
            )
        self.sources[ident] = Source(
            id=ident,
            cite=r.get(node, "cite", str, "a source") or ident,
            kind=kind,
            reliability=r.get(node, "reliability", str, "a source"),
            pos=r.pos(node),
            at=r.at(node),
        )

    # --- chapters -----------------------------------------------------------
    def chapter(self, path: Path) -> None:
        shown = _shown(path)
        root = read_file(path, shown, self.diags)
        if root is None:
            return
        r = _FileReader(shown, self.diags)
        r.fields(root, CHAPTER_TOP, "a chapter file")
        if not isinstance(root.value, dict):
            return
        head = root.value.get("chapter")
        chapter_id = path.stem
        title = path.stem
        if head is not None and r.fields(head, CHAPTER_FIELDS, "the chapter header"):
            chapter_id = r.ident(head, "id", "the chapter header") or chapter_id
            title = r.get(head, "title", str, "the chapter header") or title
        head_pos = r.pos(head) if head is not None else Pos(shown, 1, 1)
        self.unique("chapter", chapter_id, head_pos)
        scene_ids: list[str] = []
        for node in r.items(root.value.get("scenes"), "scenes"):
            scene = self.read_scene(r, node, chapter_id)
            if scene is not None:
                scene_ids.append(scene.id)
        if not scene_ids and root.value.get("scenes") is None:
            self.diags.error(head_pos, "E102", "the chapter has no 'scenes'")
        for node in r.items(root.value.get("facts"), "facts"):
            self.read_fact(r, node)
        for node in r.items(root.value.get("questions"), "questions"):
            self.read_question(r, node)
        for node in r.items(root.value.get("reflections"), "reflections"):
            self.read_reflection(r, node)
        self.chapters.append(
            Chapter(
                id=chapter_id,
                title=title,
                file=shown,
                scenes=tuple(scene_ids),
                pos=head_pos,
                at=r.at(head) if head is not None and head.is_map else {},
            )
        )

    def read_scene(self, r: _FileReader, node: Node, chapter: str) -> Scene | None:
        what = _named(node, "scene")
        if not r.fields(node, SCENE_FIELDS, what) and (
            not isinstance(node.value, dict) or "id" not in node.value
        ):
            return None
        ident = r.ident(node, "id", what)
        if ident is None:
            return None
        what = f"scene '{ident}'"
        if not self.unique("scene", ident, r.pos(node)):
            return None
        choices: list[Choice] = []
        choice_ids: dict[str, Pos] = {}
        choices_node = node.value.get("choices")
        for child in r.items(choices_node, "choices"):
            choice = self.read_choice(r, child, what)
            if choice is None:
                continue
            first = choice_ids.get(choice.id)
            if first is not None:
                self.diags.error(
                    choice.pos,
                    "E116",
                    f"two choices in {what} have the id '{choice.id}' (the first at {first}); "
                    "give one an 'id'",
                )
                continue
            choice_ids[choice.id] = choice.pos
            choices.append(choice)
        end = r.get(node, "end", bool, what, False)
        next_id = r.get(node, "next", str, what)
        scene = Scene(
            id=ident,
            chapter=chapter,
            title=r.get(node, "title", str, what),
            date=r.date(node, what),
            place=r.get(node, "place", str, what),
            viewpoint=r.get(node, "viewpoint", str, what),
            text=r.get(node, "text", str, what) or "",
            facts=r.id_list(node, "facts", what),
            choices=tuple(choices),
            next=next_id,
            end=bool(end),
            reality=r.get(node, "reality", str, what),
            pos=r.pos(node),
            at=r.at(node),
        )
        ways = sum(
            (choices_node is not None, next_id is not None, "end" in node.value and bool(end))
        )
        if ways != 1:
            detail = "none" if ways == 0 else "more than one"
            self.diags.error(
                scene.pos,
                "E110",
                f"{what} must have exactly one of 'choices', 'next' or 'end: true' "
                f"(it has {detail})",
            )
        elif choices_node is not None and len(choices) < 2 and isinstance(choices_node.value, list):
            self.diags.error(
                r.pos(choices_node),
                "E110",
                f"{what} has fewer than two choices; use 'next' instead",
            )
        self.scenes[ident] = scene
        return scene

    def read_choice(self, r: _FileReader, node: Node, scene_what: str) -> Choice | None:
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
            condition = self.condition(r, node.value["if"])
        return Choice(
            id=ident or goto,
            text=r.get(node, "text", str, what) or "",
            goto=goto,
            history=bool(r.get(node, "history", bool, what, False)),
            set=self.effects(r, node.value.get("set"), "set"),
            add=self.effects(r, node.value.get("add"), "add"),  # type: ignore[arg-type]
            condition=condition,
            pos=r.pos(node),
            at=r.at(node),
        )

    def effects(self, r: _FileReader, node: Node | None, kind: str) -> dict[str, Value]:
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.diags.error(r.pos(node), "E103", f"'{kind}' must be a mapping of variable: value")
            return {}
        out: dict[str, Value] = {}
        for name, child in node.value.items():
            pos = r.key_pos(node, name)
            if name not in self.variables:
                self.diags.error(
                    pos,
                    "E107",
                    f"'{kind}' names the undeclared variable '{name}'"
                    + did_you_mean(name, self.variables),
                )
                continue
            start = self.variables[name]
            value = child.value
            if kind == "add":
                if type(start) is not int or type(value) is not int:
                    self.diags.error(
                        r.pos(child),
                        "E103",
                        f"'add' needs a whole-number variable and amount; '{name}' is "
                        f"{_type_name(start)} and the amount is {_type_name(value)}",
                    )
                    continue
            elif type(value) is not type(start):
                self.diags.error(
                    r.pos(child),
                    "E103",
                    f"variable '{name}' holds {_type_name(start)}, so it cannot be set to "
                    f"{_type_name(value)}",
                )
                continue
            out[name] = value
        return out

    def condition(self, r: _FileReader, node: Node) -> Condition | None:
        if not isinstance(node.value, (str, bool)):
            self.diags.error(r.pos(node), "E103", "'if' must be a condition written as text")
            return None
        text = node.value if isinstance(node.value, str) else ("true" if node.value else "false")
        try:
            return compile_condition(text, self.variables)
        except ConditionError as exc:
            shift = 1 if node.style in ("'", '"') else 0
            same_line = node.style in (None, "'", '"') and "\n" not in text
            inside = exc.column or 1
            column = node.column + shift + inside - 1 if same_line else node.column
            code = "E107" if exc.kind == "undeclared" else "E108"
            detail = "" if same_line else f" (at column {inside} of the condition)"
            self.diags.error(
                Pos(r.file, node.line, column), code, f"condition: {exc.message}{detail}"
            )
            return None

    def read_fact(self, r: _FileReader, node: Node) -> None:
        what = _named(node, "fact")
        if not r.fields(node, FACT_FIELDS, what) and (
            not isinstance(node.value, dict) or "id" not in node.value
        ):
            return
        ident = r.ident(node, "id", what)
        if ident is None:
            return
        what = f"fact '{ident}'"
        if not self.unique("fact", ident, r.pos(node)):
            return
        certainty = r.get(node, "certainty", str, what, "established")
        if certainty not in CERTAINTIES:
            self.diags.error(
                r.pos(node.value["certainty"]),
                "E121",
                f"certainty '{certainty}' must be one of {', '.join(CERTAINTIES)}"
                + did_you_mean(certainty, CERTAINTIES),
            )
        fact = Fact(
            id=ident,
            title=r.get(node, "title", str, what) or ident,
            text=r.get(node, "text", str, what) or "",
            sources=r.id_list(node, "sources", what),
            date=r.date(node, what),
            certainty=certainty,
            dispute=r.get(node, "dispute", str, what),
            pos=r.pos(node),
            at=r.at(node),
        )
        if "sources" in node.value and not fact.sources:
            self.diags.error(fact.where("sources"), "E105", f"{what} cites no source")
        self.facts[ident] = fact

    def read_question(self, r: _FileReader, node: Node) -> None:
        what = _named(node, "question")
        if not r.fields(node, QUESTION_FIELDS, what) and (
            not isinstance(node.value, dict) or "id" not in node.value
        ):
            return
        ident = r.ident(node, "id", what)
        if ident is None:
            return
        what = f"question '{ident}'"
        if not self.unique("question", ident, r.pos(node)):
            return
        options: list[str] = []
        for item in r.items(node.value.get("options"), "options"):
            if isinstance(item.value, (dict, list)) or item.value is None:
                self.diags.error(r.pos(item), "E103", f"each option of {what} must be text")
            else:
                options.append(item.text())
        if "options" in node.value and len(options) < 2:
            self.diags.error(
                r.pos(node.value["options"]), "E121", f"{what} needs at least two options"
            )
        answer = r.get(node, "answer", int, what, 0)
        if "answer" in node.value and isinstance(answer, int) and not 0 <= answer < len(options):
            self.diags.error(
                r.pos(node.value["answer"]),
                "E109",
                f"answer {answer} of {what} is out of range: options are numbered "
                f"0 to {len(options) - 1}",
            )
            answer = 0
        self.questions.append(
            Question(
                id=ident,
                after=r.get(node, "after", str, what) or "",
                ask=r.get(node, "ask", str, what) or "",
                options=tuple(options),
                answer=answer,
                explain=r.get(node, "explain", str, what) or "",
                facts=r.id_list(node, "facts", what),
                pos=r.pos(node),
                at=r.at(node),
            )
        )

    def read_reflection(self, r: _FileReader, node: Node) -> None:
        what = "a reflection"
        if not r.fields(node, REFLECTION_FIELDS, what) and (
            not isinstance(node.value, dict) or "id" not in node.value
        ):
            return
        ident = r.ident(node, "id", what)
        if ident is None or not self.unique("reflection", ident, r.pos(node)):
            return
        what = f"reflection '{ident}'"
        self.reflections.append(
            Reflection(
                id=ident,
                after=r.get(node, "after", str, what) or "",
                ask=r.get(node, "ask", str, what) or "",
                pos=r.pos(node),
                at=r.at(node),
            )
        )


def read_story(folder: str | Path, diags: Diagnostics) -> Story | None:
    """Load a story folder, appending every structural problem to `diags`.

    Returns a (possibly partial) model even when there are errors, so the checker can
    report cross-reference problems in the same run; None only if the manifest is unusable.
    Raises UsageError when `folder` is not a story folder at all.
    """
    # Loading allocates hundreds of thousands of small, long-lived objects and makes no
    # reference cycles, so the cyclic collector would only scan them again and again.
    # Pause it, then file what was made straight under the oldest generation (freeze and
    # unfreeze do that without a scan): this cuts a third off a large story's load.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read_story(folder, diags)
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _read_story(folder: str | Path, diags: Diagnostics) -> Story | None:
    path = Path(folder)
    manifest_path, chapter_paths = story_files(path)
    builder = _Builder(path, diags)
    info = builder.manifest(manifest_path)
    for chapter_path in chapter_paths:
        builder.chapter(chapter_path)
    if info is None:
        return None
    if not chapter_paths:
        diags.error(info["pos"], "E102", "the story has no chapter files beside story.yaml")
    return Story(
        id=info["id"],
        title=info["title"],
        subtitle=info["subtitle"],
        version=info["version"],
        start=info["start"],
        language=info["language"] or "en",
        audience=info["audience"],
        minutes=info["minutes"],
        variables=dict(builder.variables),
        sources=dict(builder.sources),
        chapters=tuple(builder.chapters),
        scenes=dict(builder.scenes),
        facts=dict(builder.facts),
        questions=tuple(builder.questions),
        reflections=tuple(builder.reflections),
        folder=str(path),
        pos=info["pos"],
        at={**info["at"], **{f"variables.{k}": v for k, v in builder.variable_pos.items()}},
    )
