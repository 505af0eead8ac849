"""Finding a story's files and reading each safely: size limits, encoding, control characters."""

from __future__ import annotations

from pathlib import Path

from game.errors import StoryError, UsageError
from game.story.diagnostics import Diagnostics
from game.story.model import Pos
from game.story.rules import CONTROL_RE
from game.story.yamlnodes import Node, parse_yaml

MAX_FILE_BYTES = 2_000_000
MAX_FILES = 200
MANIFEST_NAMES = ("story.yaml", "story.yml")


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


def shown_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
