"""Located YAML values: the `Node` both YAML paths build, and the core schema's scalars."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_EXPANDED_CHARS = 4_000_000
"""Characters that aliases may add: twice the largest story file (files.MAX_FILE_BYTES), so
a short file cannot stand for gigabytes of text (an alias counts all it repeats)."""

Scalar = str | int | float | bool | None

NO_KEYS: dict[str, tuple[int, int]] = {}
"""The `keys` of every scalar the fast path builds: one empty mapping shared, never
written to (only a mapping's own `keys` are filled, and each mapping has its own)."""


@dataclass(slots=True)
class Node:
    """A YAML value with the 1-based line and column where it starts."""

    value: Any
    """dict[str, Node] for a mapping, list[Node] for a sequence, or a scalar."""
    line: int
    column: int
    style: str | None = None
    """The scalar style: None (plain), "'", "\"", "|" or ">"."""
    weight: int = 1
    """How many nodes this one stands for once aliases are expanded."""
    size: int = 0
    """How many characters of text it stands for once aliases are expanded."""
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """For a mapping: where each key stands (line, column)."""
    raw: str | None = None
    """For a plain (unquoted) scalar: its text as written, so that a text field given
    `yes`, `1.10` or `007` shows exactly that rather than true, 1.1 or 7."""

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.value, list)

    def text(self) -> str:
        """A scalar as text, as the author wrote it when it was unquoted."""
        if self.raw is not None:
            return self.raw
        return str(self.value)

    def plain(self) -> Any:
        """The value as plain Python data, positions dropped."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


MAX_DIGITS = 24
"""Longer whole numbers are refused before conversion (±10**15 needs 17 characters)."""

# YAML 1.2's core schema, which editors' YAML language servers use: `yes`, `no`, `on` and
# `off` are text, `010` is ten, `1_000` and `1:30` are text. libyaml's own resolver follows
# YAML 1.1, under which an editor with the schema and the checker would disagree.
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_CORE_BOOL["FALSE"] = False
_CORE_INT = re.compile(r"[-+]?[0-9]+\Z")
_CORE_BASED = re.compile(r"0(?:o[0-7]+|x[0-9a-fA-F]+)\Z")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)


def core_scalar(text: str) -> Scalar:
    """A plain (unquoted) scalar as YAML 1.2's core schema reads it."""
    if text in _CORE_NULL:
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT.match(text) or _CORE_BASED.match(text):
        if len(text) > MAX_DIGITS:
            raise OverflowError(f"a whole number of {len(text):,} characters")
        if _CORE_BASED.match(text):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)
    if _CORE_FLOAT.match(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text
