"""A checked story as plain JSON data and back, for the story cache (game/story/cache.py).

Data only: each model object is a JSON list of its fields in declared order, and decoding
follows the model's own field types, building nothing but its frozen dataclasses, positions,
tuples, dicts and the conditions recompiled from their source text, so a cache file can never
run code (unlike pickle). Data of the wrong shape raise ValueError, TypeError or IndexError,
and the cache is rebuilt.

The document is `[variables, files, shapes, story, verdicts]`. Positions name their file by
its number in `files`; an object's field positions (`at`, read only by the checker, whose
verdicts a warm load already has) are one text, "file shape place place ...", with the field
names in `shapes` and each place `line << COLUMN_BITS | column` as in `Places`, read into a
`Places` when first asked for.
"""

from __future__ import annotations

import dataclasses
import json
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from game.story.conditions import Condition, Value, compile_condition
from game.story.model import (
    COLUMN_BITS,
    Chapter,
    Choice,
    Exhibit,
    Fact,
    Places,
    Pos,
    Question,
    Reflection,
    Scene,
    Source,
    Story,
)

if TYPE_CHECKING:
    from game.story.diagnostic import Diagnostic

_CLASSES: dict[str, type[Any]] = {
    c.__name__: c
    for c in (Story, Chapter, Scene, Choice, Fact, Source, Exhibit, Question, Reflection)
}
_PLAIN = {"bool", "int", "str", "int | None", "str | None", "Mapping[str, Value]"}
_MAX_PLACE = 1 << 63
_FILE_SHIFT = 2 * COLUMN_BITS
"""A position is one number: its file's number << _FILE_SHIFT | line << COLUMN_BITS | column."""
_COLUMN_MASK = (1 << COLUMN_BITS) - 1


def encode(story: Story | None, diagnostics: list[Diagnostic]) -> str:
    """The story and its verdicts as one JSON text.

    TypeError for anything the codec does not know (the result is then not cached).
    """
    encoder = _Encoder()
    row = None if story is None else encoder.row(story)
    document = [
        dict(story.variables) if story is not None else {},
        encoder.files,
        encoder.shapes,
        row,
        [[d.file, d.line, d.column, d.severity, d.code, d.message, d.help] for d in diagnostics],
    ]
    return json.dumps(document, ensure_ascii=False)


class _Encoder:
    """Model objects into rows, numbering the files and field-name lists as it meets them."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.shapes: list[list[str]] = []
        self._files: dict[str, int] = {}
        self._shapes: dict[tuple[str, ...], int] = {}

    def row(self, obj: object) -> list[object]:
        fields = dataclasses.fields(obj)  # type: ignore[arg-type]
        return [self._value(f.type, getattr(obj, f.name)) for f in fields]

    def _value(self, kind: object, value: Any) -> object:
        if kind in _PLAIN or kind == "tuple[str, ...]" or kind == "Mapping[str, int]":
            return list(value) if isinstance(value, tuple) else value
        if kind == "Pos":
            if value.line >> COLUMN_BITS or value.column >> COLUMN_BITS or value.line < 0:
                raise TypeError("the story cache holds positions in packed numbers")
            return self._file(value.file) << _FILE_SHIFT | value.line << COLUMN_BITS | value.column
        if kind == "Mapping[str, Pos]":
            return self._places(value)
        if kind == "Condition | None":
            return None if value is None else value.source
        if isinstance(kind, str) and kind.startswith("tuple["):
            return [self.row(v) for v in value]
        if isinstance(kind, str) and kind.startswith("Mapping[str, "):
            return {k: self.row(v) for k, v in value.items()}
        raise TypeError(f"the story cache cannot hold a {kind}")

    def _file(self, file: str) -> int:
        number = self._files.get(file)
        if number is None:
            number = self._files[file] = len(self.files)
            self.files.append(file)
        return number

    def _places(self, at: Mapping[str, Pos]) -> str:
        if not at:
            return ""
        shape = tuple(at)
        places = [at[key] for key in shape]
        file = places[0].file
        packed = [p.line << COLUMN_BITS | p.column for p in places]
        if any(p.file != file or p.column >> COLUMN_BITS or p.line < 0 for p in places):
            raise TypeError("the story cache holds the places of one file, in packed numbers")
        number = self._shapes.get(shape)
        if number is None:
            number = self._shapes[shape] = len(self.shapes)
            self.shapes.append(list(shape))
        return " ".join(map(str, [self._file(file), number, *packed]))


def decode(text: str) -> tuple[Story | None, list[Diagnostic]]:
    """The story and verdicts back; ValueError, TypeError or IndexError when the data are
    not ours."""
    variables, files, shapes, row, rows = _list(json.loads(text))
    if not isinstance(variables, dict) or not all(
        type(v) in (bool, int, str) for v in variables.values()
    ):
        raise ValueError("the cached variables are not a story's")
    if not all(type(f) is str for f in _list(files)):
        raise ValueError("the cached file names are not text")
    if not all(type(s) is list and all(type(k) is str for k in s) for s in _list(shapes)):
        raise ValueError("the cached field names are not lists of text")
    story = None if row is None else _Decoder(variables, files, shapes).make("Story", row)
    return story, [_diagnostic(d) for d in _list(rows)]


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise ValueError("a list was expected")
    return value


def _dict(value: object) -> dict[str, Any]:
    if type(value) is not dict:
        raise ValueError("a mapping was expected")
    return value


def _diagnostic(row: object) -> Diagnostic:
    from game.story.diagnostic import Diagnostic  # only for a story cached with warnings

    file, line, column, severity, code, message, help_ = _list(row)
    if not (isinstance(line, int) and isinstance(column, int)):
        raise ValueError("a diagnostic's place is not numbers")
    if not all(isinstance(s, str) for s in (file, severity, code, message, help_)):
        raise ValueError("a diagnostic's words are not text")
    return Diagnostic(file, line, column, severity, code, message, help_)


class _Places(Mapping[str, Pos]):
    """A model object's field positions (`at`), read from their text into a `Places` when
    first asked for: only the checker reads them, and a warm load has its verdicts already."""

    __slots__ = ("_files", "_read", "_shapes", "_text")

    def __init__(self, text: str, files: list[str], shapes: list[list[str]]) -> None:
        self._text = text
        self._files = files
        self._shapes = shapes
        self._read: Places | None = None

    def _places(self) -> Places:
        read = self._read
        if read is None:
            read = self._read = _read_places(self._text, self._files, self._shapes)
        return read

    def __getitem__(self, key: str) -> Pos:
        return self._places()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._places())

    def __len__(self) -> int:
        return len(self._places())

    def __contains__(self, key: object) -> bool:
        return key in self._places()

    def get(self, key: str, default: Pos | None = None) -> Pos | None:  # type: ignore[override]
        return self._places().get(key, default)


def _read_places(text: str, files: list[str], shapes: list[list[str]]) -> Places:
    """The positions in `text`; ValueError when they are not a file, a shape and places."""
    numbers = [int(n) for n in text.split(" ")]
    if len(numbers) < 2 or min(numbers) < 0 or max(numbers) >= _MAX_PLACE:
        raise ValueError("field positions are not a file, a shape and places")
    if numbers[0] >= len(files) or numbers[1] >= len(shapes):
        raise ValueError("field positions of a file or shape the story does not have")
    shape = shapes[numbers[1]]
    if len(shape) != len(numbers) - 2:
        raise ValueError("field positions of the wrong shape")
    index = {key: i for i, key in enumerate(shape)}
    return Places(files[numbers[0]], index, array("Q", numbers[2:]))


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(_list(value))


_Make = Callable[[Any], Any]
_Plan = tuple[type[Any], tuple[str, ...], list[tuple[int, str, str]]]
"""A model class, its field names in order, and (index, kind, class) of each field whose value
needs decoding (most are JSON's own text, numbers and booleans, taken as they are)."""
_PLANS: dict[str, _Plan] = {}


def _plans() -> dict[str, _Plan]:
    """Each model class's plan, made once (from the model's own field types)."""
    if not _PLANS:
        for name, cls in _CLASSES.items():
            fields = dataclasses.fields(cls)
            steps = [(i, *_kind(f.type)) for i, f in enumerate(fields)]
            plan = [(i, kind, inner) for i, kind, inner in steps if kind != "plain"]
            _PLANS[name] = cls, tuple(f.name for f in fields), plan
    return _PLANS


def _kind(kind: object) -> tuple[str, str]:
    """How a field of this declared type is decoded, and the model class it holds, if any."""
    if kind in _PLAIN or kind == "Mapping[str, int]":
        return "plain", ""
    if kind in ("tuple[str, ...]", "Pos", "Mapping[str, Pos]", "Condition | None"):
        return str(kind), ""
    text = str(kind)
    inner = text.removeprefix("tuple[").removeprefix("Mapping[str, ").split(",")[0].rstrip("]")
    if inner not in _CLASSES:
        raise TypeError(f"the story cache cannot hold a {kind}")
    return ("rows" if text.startswith("tuple[") else "mapping"), inner


class _Decoder:
    """Rows back into model objects, each field by its declared type."""

    def __init__(self, variables: Mapping[str, Value], files: list[str], shapes: Any) -> None:
        self.variables = variables
        self.files = files
        self.shapes = shapes
        self.conditions: dict[str, Condition] = {}
        self.makers: dict[str, _Make] = {}
        for name, plan in _plans().items():
            self.makers[name] = self._maker(name, plan)

    def make(self, name: str, row: Any) -> Any:
        return self.makers[name](row)

    def _maker(self, name: str, plan: _Plan) -> _Make:
        """The function from a row to an object of the plan's class, built as its __init__
        would (the model has no __post_init__) without its per-field __setattr__."""
        cls, names, steps = plan
        count = len(names)
        decoders = [(i, self._decoder(kind, inner)) for i, kind, inner in steps]
        new = object.__new__

        def make(row: Any) -> Any:
            if type(row) is not list or len(row) != count:
                raise ValueError(f"a {name} of the wrong shape")
            for i, decoder in decoders:
                row[i] = decoder(row[i])
            obj = new(cls)
            obj.__dict__.update(zip(names, row, strict=True))
            return obj

        return make

    def _decoder(self, kind: str, inner: str) -> _Make:
        if kind == "tuple[str, ...]":
            return _tuple
        if kind == "Pos":
            return self._pos()
        if kind == "Mapping[str, Pos]":
            return self._places()
        if kind == "Condition | None":
            return self._condition
        makers = self.makers  # `inner` is made by the time a row is decoded
        if kind == "rows":
            return lambda v: tuple([makers[inner](r) for r in _list(v)])

        def mapping(value: Any) -> dict[str, Any]:
            make = makers[inner]
            return {k: make(r) for k, r in _dict(value).items()}

        return mapping

    def _pos(self) -> _Make:
        files, new = self.files, object.__new__

        def pos(value: Any) -> Pos:
            if type(value) is not int or value < 0:
                raise ValueError("a position is not a number")
            made: Pos = new(Pos)
            fields = made.__dict__  # as Pos's __init__ sets them, in order
            fields["file"] = files[value >> _FILE_SHIFT]
            fields["line"] = value >> COLUMN_BITS & _COLUMN_MASK
            fields["column"] = value & _COLUMN_MASK
            return made

        return pos

    def _places(self) -> _Make:
        files, shapes = self.files, self.shapes

        def places(text: Any) -> Mapping[str, Pos]:
            if type(text) is not str:  # the rest is checked when the positions are first read
                raise ValueError("field positions are not text")
            return _Places(text, files, shapes) if text else {}

        return places

    def _condition(self, source: Any) -> Condition | None:
        if source is None:
            return None
        if not isinstance(source, str):
            raise ValueError("a condition is not text")
        found = self.conditions.get(source)
        if found is None:
            found = self.conditions[source] = compile_condition(source, self.variables)
        return found
