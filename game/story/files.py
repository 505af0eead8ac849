"""Finding a story's files and reading each safely: size limits, encoding, control characters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from game.errors import StoryError, UsageError
from game.story.model import Pos
from game.story.rules import CONTROL_RE
from game.story.visible import BIDI_RE, INVISIBLE_RE, quoted

if TYPE_CHECKING:  # the YAML parser is imported when a file is read, not to find the files
    from game.story.diagnostics import Diagnostics
    from game.story.yamlnodes import Node

MAX_FILE_BYTES = 2_000_000
_HIDDEN_RE = re.compile(f"{BIDI_RE.pattern}|{INVISIBLE_RE.pattern}")
MAX_FILES = 200
MANIFEST_NAMES = ("story.yaml", "story.yml")


def story_files(folder: Path) -> tuple[Path, list[Path]]:
    """The manifest and the chapter files of a story folder, in load order.

    Names are matched without regard to case (`01-Intro.YAML` is a chapter), as the
    file systems of Windows and macOS do.
    """
    try:
        if not folder.is_dir():
            raise UsageError(f"no story folder at {_path(folder)}")
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:  # a name the system refuses (too long), an unreadable folder
        raise UsageError(f"cannot read the story folder {_path(folder)}: {exc.strerror}") from None
    manifests = [p for p in entries if p.name.lower() in MANIFEST_NAMES]
    for path in manifests:
        if path.is_dir():
            raise UsageError(f"{_path(path)} is a folder; the manifest must be a file")
    if not manifests:
        raise UsageError(f"{_path(folder)} has no story.yaml, so it is not a story folder")
    if len(manifests) > 1:
        names = " and ".join(p.name for p in manifests)
        raise UsageError(f"{_path(folder)} has both {names}; keep one")
    chapters = [
        p
        for p in entries
        if p.suffix.lower() in (".yaml", ".yml") and p.name.lower() not in MANIFEST_NAMES
    ]
    folders = [p for p in chapters if not p.is_file()]
    if folders:
        raise UsageError(f"{_path(folders[0])} is a folder, not a chapter file; rename or move it")
    if len(chapters) > MAX_FILES:
        raise UsageError(f"{_path(folder)} has more than {MAX_FILES} chapter files")
    return manifests[0], chapters


def _path(path: Path) -> str:
    """A path quoted in a message, its hidden characters shown (a name may hold an ESC)."""
    return quoted(str(path), limit=4096)


def shown_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_file(path: Path, shown: str, diags: Diagnostics) -> Node | None:
    from game.story.yamlnodes import parse_yaml

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
        diags.error(
            Pos(shown, exc.line or 1, exc.column or 1),
            exc.code or "E100",
            exc.message,
            yaml_help(exc.message),
        )
        return None
    if node is None:
        diags.error(where, "E102", "the file is empty")
        return None
    # Only a control character in the text, or a backslash escape in a double-quoted
    # string, can put one in a value: most files need no walk over every node.
    if "\\" in text or _may_hide(text):
        _check_controls(node, shown, diags)
    return node


_PRINTABLE_ASCII = b"\t\n" + bytes(range(0x20, 0x7F))


def _may_hide(text: str) -> bool:
    """Whether `text` holds a control, direction or invisible character.

    ASCII text (most story files) can hold only the ASCII controls (which libyaml refuses
    anyway, but for a carriage return), found by deleting every other byte in one C pass;
    the regular expressions look at each character, ten times slower.
    """
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return bool(CONTROL_RE.search(text) or _HIDDEN_RE.search(text))


# libyaml's words for the commonest mistakes, and what to do about each.
_YAML_HELP = (
    ("tab character", "replace the tab with spaces, lining the field up with the ones above it"),
    ("character '\\t'", "indent with spaces, never tabs"),
    (
        "mapping values are not allowed",
        "put a text that contains ': ' in quotes (title: \"Plan: B\"); "
        "otherwise line this field up with the fields above it",
    ),
    ("expected '-' indicator", "line this line up with the lines of the list it belongs to"),
    ("expected key", "line this field up with the other fields of the same item"),
    ("could not find expected ':'", "give this line a 'field: value', or quote the text"),
    ("appears twice", "keep one of the two; a field appears once in each item"),
    ("while scanning a quoted scalar", "close the quoted text with the same quote it opens with"),
    ("expected ',' or ']'", "close the list with ']' (or put the text in quotes)"),
    ("expected ',' or '}'", "close the mapping with '}' (or put the text in quotes)"),
    ("second '---'", "put each chapter in a file of its own"),
)


def yaml_help(message: str) -> str:
    """A fix for a YAML syntax error, when one is known."""
    return next((fix for words, fix in _YAML_HELP if words in message), "")


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
    hidden = BIDI_RE.search(text) or INVISIBLE_RE.search(text)
    if hidden:
        char = f"U+{ord(hidden.group()):04X}"
        what = "direction control" if BIDI_RE.match(hidden.group()) else "invisible character"
        diags.error(
            pos,
            "E127",
            f"text contains the {what} {char} (at character {hidden.start() + 1}), "
            "so it reads differently from how it shows; remove it",
        )
