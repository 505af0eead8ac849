"""A checked story as plain JSON data and back, for the story cache (game/story/cache.py).

Data only: each model object is a JSON list of its fields in declared order, and decoding
follows the model's own field types, building nothing but its frozen dataclasses, positions,
tuples, dicts and the conditions recompiled from their source text, so a cache file can never
run code (unlike pickle). Data of the wrong shape raise ValueError or TypeError, and the cache
is rebuilt.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from game.story.conditions import Condition, Value, compile_condition
from game.story.model import (
    Chapter,
    Choice,
    Exhibit,
    Fact,
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


def encode(story: Story | None, diagnostics: list[Diagnostic]) -> tuple[str, str]:
    """(variables, body) JSON texts: the story's variables, then the story and verdicts.

    TypeError for anything the codec does not know (the result is then not cached).
    """
    variables = dict(story.variables) if story is not None else {}
    body = [
        None if story is None else _row(story),
        [[d.file, d.line, d.column, d.severity, d.code, d.message, d.help] for d in diagnostics],
    ]
    return json.dumps(variables, ensure_ascii=False), json.dumps(body, ensure_ascii=False)


def _row(obj: object) -> list[object]:
    return [_enc(f.type, getattr(obj, f.name)) for f in dataclasses.fields(obj)]  # type: ignore[arg-type]


def _enc(kind: object, value: Any) -> object:
    if kind in _PLAIN or kind == "tuple[str, ...]" or kind == "Mapping[str, int]":
        return list(value) if isinstance(value, tuple) else value
    if kind == "Pos":
        return [value.file, value.line, value.column]
    if kind == "Mapping[str, Pos]":
        return {k: [p.file, p.line, p.column] for k, p in value.items()}
    if kind == "Condition | None":
        return None if value is None else value.source
    if isinstance(kind, str) and kind.startswith("tuple["):
        return [_row(v) for v in value]
    if isinstance(kind, str) and kind.startswith("Mapping[str, "):
        return {k: _row(v) for k, v in value.items()}
    raise TypeError(f"the story cache cannot hold a {kind}")


def decode(variables_text: str, body_text: str) -> tuple[Story | None, list[Diagnostic]]:
    """The story and verdicts back; ValueError or TypeError when the data are not ours."""
    variables = json.loads(variables_text)
    if not isinstance(variables, dict) or not all(
        isinstance(v, (bool, int, str)) for v in variables.values()
    ):
        raise ValueError("the cached variables are not a story's")
    row, rows = _list(json.loads(body_text))
    story = None if row is None else _Decoder(variables).make("Story", row)
    return story, [_diagnostic(d) for d in _list(rows)]


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("a list was expected")
    return value


def _diagnostic(row: object) -> Diagnostic:
    from game.story.diagnostic import Diagnostic  # only for a story cached with warnings

    file, line, column, severity, code, message, help_ = _list(row)
    if not (isinstance(line, int) and isinstance(column, int)):
        raise ValueError("a diagnostic's place is not numbers")
    if not all(isinstance(s, str) for s in (file, severity, code, message, help_)):
        raise ValueError("a diagnostic's words are not text")
    return Diagnostic(file, line, column, severity, code, message, help_)


def _built(cls: type[Any], values: dict[str, Any]) -> Any:
    """An instance of the frozen dataclass `cls` with these field values, built as its
    __init__ would (the model has no __post_init__) without its per-field __setattr__."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _pos(value: Any) -> Pos:
    file, line, column = value
    if type(file) is not str or type(line) is not int or type(column) is not int:
        raise ValueError("a position is not a file, line and column")
    pos: Pos = _built(Pos, {"file": file, "line": line, "column": column})
    return pos


class _Positions(Mapping[str, Pos]):
    """A model object's field positions (`at`), each made a Pos when first asked for: only
    the checker reads them, and a warm load has its verdicts already."""

    __slots__ = ("_made", "_raw")

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._made: dict[str, Pos] = {}

    def __getitem__(self, key: str) -> Pos:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _pos(self._raw[key])
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _positions(value: Any) -> Mapping[str, Pos]:
    if not isinstance(value, dict):  # each place is checked when it is made
        raise ValueError("positions are not a mapping")
    return _Positions(value)


def _same(value: Any) -> Any:
    return value


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(_list(value))


class _Decoder:
    """Rows back into model objects, each field by its declared type."""

    def __init__(self, variables: Mapping[str, Value]) -> None:
        self.variables = variables
        self.conditions: dict[str, Condition] = {}
        self.fields: dict[str, tuple[tuple[str, ...], list[tuple[str, Callable[[Any], Any]]]]]
        self.fields = {}
        for name, cls in _CLASSES.items():
            # The field names in order, and the fields whose values need decoding (most are
            # JSON's own text, numbers and booleans, taken as they are).
            decoded = [(f.name, self._field(f.type)) for f in dataclasses.fields(cls)]
            names = tuple(key for key, _ in decoded)
            self.fields[name] = names, [(key, dec) for key, dec in decoded if dec is not _same]

    def make(self, name: str, row: Any) -> Any:
        names, decoders = self.fields[name]
        if not isinstance(row, list) or len(row) != len(names):
            raise ValueError(f"a {name} of the wrong shape")
        values = dict(zip(names, row, strict=True))
        for key, dec in decoders:
            values[key] = dec(values[key])
        return _built(_CLASSES[name], values)

    def _field(self, kind: object) -> Callable[[Any], Any]:
        if kind in _PLAIN or kind == "Mapping[str, int]":
            return _same
        if kind == "tuple[str, ...]":
            return _tuple
        if kind == "Pos":
            return _pos
        if kind == "Mapping[str, Pos]":
            return _positions
        if kind == "Condition | None":
            return self._condition
        text = str(kind)
        inner = text.removeprefix("tuple[").removeprefix("Mapping[str, ").split(",")[0]
        inner = inner.rstrip("]")
        if text.startswith("tuple["):
            return lambda v: tuple(self.make(inner, r) for r in _list(v))
        return lambda v: {k: self.make(inner, r) for k, r in v.items()}

    def _condition(self, source: Any) -> Condition | None:
        if source is None:
            return None
        if not isinstance(source, str):
            raise ValueError("a condition is not text")
        found = self.conditions.get(source)
        if found is None:
            found = self.conditions[source] = compile_condition(source, self.variables)
        return found
