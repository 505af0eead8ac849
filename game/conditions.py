"""The condition language of `if:` fields: our own tokenizer, parser and type checker.

Never `eval`, never Python's `ast`: story text is untrusted. A condition is parsed and
type-checked once at load time and compiled to nested closures, so evaluating it during
play is a few function calls and can never fail.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from typing import Protocol

from game.errors import ConditionError

Value = bool | int | str

MAX_LENGTH = 2000
MAX_DEPTH = 64
MAX_DIGITS = 18
KEYWORDS = {"and", "or", "not", "true", "false"}
FUNCTIONS = {"visited", "seen"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}
_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
      | (?P<number>\d+(?![A-Za-z0-9_-]))
      | (?P<name>[A-Za-z0-9_][A-Za-z0-9_-]*)
      | (?P<string>"[^"\n]*"|'[^'\n]*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\))
    """,
    re.VERBOSE,
)


class Env(Protocol):
    """What a condition reads at play time."""

    @property
    def variables(self) -> Mapping[str, Value]: ...

    @property
    def visited(self) -> Set[str]: ...

    @property
    def seen(self) -> Set[str]: ...


Fn = Callable[[Env], Value]


@dataclass(frozen=True)
class Condition:
    """A compiled condition."""

    source: str
    """The original text."""
    variables: frozenset[str]
    """Variable names it reads."""
    scenes: tuple[tuple[str, int], ...]
    """(scene id, 1-based column) of each visited() argument."""
    facts: tuple[tuple[str, int], ...]
    """(fact id, 1-based column) of each seen() argument."""
    _fn: Callable[[Env], bool] = field(repr=False, compare=False)

    def evaluate(self, env: Env) -> bool:
        """True when the condition holds for `env`."""
        return self._fn(env)


@dataclass(frozen=True)
class _Tok:
    kind: str
    """number | name | string | op | end."""
    text: str
    column: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            if char in "\"'":
                raise ConditionError("unterminated string", column=pos + 1)
            shown = f"U+{ord(char):04X}" if not char.isprintable() else f"'{char}'"
            raise ConditionError(f"unexpected character {shown}", column=pos + 1)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_Tok(kind, match.group(), pos + 1))
        pos = match.end()
    tokens.append(_Tok("end", "", len(text) + 1))
    return tokens


@dataclass
class _Typed:
    fn: Fn
    type: type
    column: int


_TYPE_NAMES = {bool: "bool", int: "int", str: "string"}


class _Parser:
    """Recursive descent with an explicit depth bound (so no RecursionError, ever)."""

    def __init__(self, text: str, variables: Mapping[str, Value]) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0
        self.declared = variables
        self.used: set[str] = set()
        self.scenes: list[tuple[str, int]] = []
        self.facts: list[tuple[str, int]] = []

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def deeper(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(f"condition is nested more than {MAX_DEPTH} deep", column=column)

    def parse(self) -> _Typed:
        if self.tok.kind == "end":
            raise ConditionError("empty condition", column=1)
        node = self.or_expr()
        if self.tok.kind != "end":
            raise ConditionError(f"unexpected '{self.tok.text}'", column=self.tok.column)
        return node

    def need_bool(self, node: _Typed, op: str) -> None:
        if node.type is not bool:
            raise ConditionError(
                f"'{op}' needs true/false on both sides, got {_TYPE_NAMES[node.type]}",
                column=node.column,
                kind="type",
            )

    def or_expr(self) -> _Typed:
        left = self.and_expr()
        while self.tok.kind == "name" and self.tok.text == "or":
            self.take()
            right = self.and_expr()
            self.need_bool(left, "or")
            self.need_bool(right, "or")
            a, b = left.fn, right.fn
            left = _Typed(_or(a, b), bool, left.column)
        return left

    def and_expr(self) -> _Typed:
        left = self.not_expr()
        while self.tok.kind == "name" and self.tok.text == "and":
            self.take()
            right = self.not_expr()
            self.need_bool(left, "and")
            self.need_bool(right, "and")
            a, b = left.fn, right.fn
            left = _Typed(_and(a, b), bool, left.column)
        return left

    def not_expr(self) -> _Typed:
        nots: list[int] = []
        while self.tok.kind == "name" and self.tok.text == "not":
            nots.append(self.take().column)
            self.deeper(nots[-1])
        node = self.comparison()
        for column in reversed(nots):
            self.need_bool(node, "not")
            f = node.fn
            node = _Typed(_not(f), bool, column)
        self.depth -= len(nots)
        return node

    def comparison(self) -> _Typed:
        left = self.primary()
        if self.tok.kind != "op" or self.tok.text not in _COMPARE:
            return left
        op = self.take()
        right = self.primary()
        if self.tok.kind == "op" and self.tok.text in _COMPARE:
            raise ConditionError(
                f"comparisons cannot be chained; use 'and' ('{self.tok.text}')",
                column=self.tok.column,
            )
        return _compare(op, left, right)

    def primary(self) -> _Typed:
        tok = self.take()
        if tok.kind == "op" and tok.text == "(":
            self.deeper(tok.column)
            node = self.or_expr()
            if self.tok.kind != "op" or self.tok.text != ")":
                raise ConditionError(
                    f"expected ')' to close '(' at column {tok.column}", column=self.tok.column
                )
            self.take()
            self.depth -= 1
            node.column = tok.column
            return node
        if tok.kind == "number":
            if len(tok.text) > MAX_DIGITS:
                raise ConditionError("number is too long", column=tok.column)
            value = int(tok.text)
            return _Typed(_const(value), int, tok.column)
        if tok.kind == "string":
            text = tok.text[1:-1]
            return _Typed(_const(text), str, tok.column)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "end":
            raise ConditionError("condition ends too early", column=tok.column)
        raise ConditionError(f"unexpected '{tok.text}'", column=tok.column)

    def name(self, tok: _Tok) -> _Typed:
        word = tok.text
        if word in ("true", "false"):
            value = word == "true"
            return _Typed(_const(value), bool, tok.column)
        if word in KEYWORDS:
            raise ConditionError(f"'{word}' needs something before it", column=tok.column)
        if word in FUNCTIONS and self.tok.kind == "op" and self.tok.text == "(":
            return self.function(tok)
        if word not in self.declared:
            match = difflib.get_close_matches(word, list(self.declared), n=1)
            hint = f" (did you mean '{match[0]}'?)" if match else ""
            raise ConditionError(
                f"undeclared variable '{word}'{hint}", column=tok.column, kind="undeclared"
            )
        self.used.add(word)
        kind = type(self.declared[word])
        return _Typed(_var(word), kind, tok.column)

    def function(self, tok: _Tok) -> _Typed:
        self.take()  # (
        arg = self.take()
        if arg.kind == "string":
            ident = arg.text[1:-1]
        elif arg.kind in ("name", "number"):
            ident = arg.text
        else:
            raise ConditionError(f"{tok.text}() needs an id", column=arg.column)
        if self.tok.kind != "op" or self.tok.text != ")":
            raise ConditionError(
                f"expected ')' after the id in {tok.text}()", column=self.tok.column
            )
        self.take()
        if tok.text == "visited":
            self.scenes.append((ident, arg.column))
            return _Typed(_visited(ident), bool, tok.column)
        self.facts.append((ident, arg.column))
        return _Typed(_seen(ident), bool, tok.column)


def _compare(op: _Tok, left: _Typed, right: _Typed) -> _Typed:
    names = f"{_TYPE_NAMES[left.type]} and {_TYPE_NAMES[right.type]}"
    a, b = left.fn, right.fn
    if op.text in ("==", "!="):
        if left.type is not right.type:
            raise ConditionError(
                f"'{op.text}' needs two values of the same type, got {names}",
                column=op.column,
                kind="type",
            )
        if op.text == "==":
            return _Typed(_eq(a, b), bool, left.column)
        return _Typed(_not(_eq(a, b)), bool, left.column)
    if left.type is not int or right.type is not int:
        raise ConditionError(
            f"'{op.text}' needs two whole numbers, got {names}", column=op.column, kind="type"
        )
    ops: dict[str, Callable[[int, int], bool]] = {
        "<": lambda x, y: x < y,
        "<=": lambda x, y: x <= y,
        ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y,
    }
    cmp = ops[op.text]
    return _Typed(_order(cmp, a, b), bool, left.column)


# Closure factories: each returns a small function of the environment. Named functions
# (rather than lambdas with default arguments) keep the types checkable.
def _const(value: Value) -> Fn:
    def fn(env: Env) -> Value:
        return value

    return fn


def _var(name: str) -> Fn:
    def fn(env: Env) -> Value:
        return env.variables[name]

    return fn


def _visited(ident: str) -> Fn:
    def fn(env: Env) -> Value:
        return ident in env.visited

    return fn


def _seen(ident: str) -> Fn:
    def fn(env: Env) -> Value:
        return ident in env.seen

    return fn


def _not(a: Fn) -> Fn:
    def fn(env: Env) -> Value:
        return not a(env)

    return fn


def _and(a: Fn, b: Fn) -> Fn:
    def fn(env: Env) -> Value:
        return bool(a(env)) and bool(b(env))

    return fn


def _or(a: Fn, b: Fn) -> Fn:
    def fn(env: Env) -> Value:
        return bool(a(env)) or bool(b(env))

    return fn


def _eq(a: Fn, b: Fn) -> Fn:
    def fn(env: Env) -> Value:
        return a(env) == b(env)

    return fn


def _order(cmp: Callable[[int, int], bool], a: Fn, b: Fn) -> Fn:
    def fn(env: Env) -> Value:
        return cmp(int(a(env)), int(b(env)))

    return fn


def _as_bool(a: Fn) -> Callable[[Env], bool]:
    def fn(env: Env) -> bool:
        return bool(a(env))

    return fn


def compile_condition(text: str, variables: Mapping[str, Value]) -> Condition:
    """Parse and type-check `text` against the declared variables; compile it."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition is longer than {MAX_LENGTH} characters", column=1)
    parser = _Parser(text, variables)
    node = parser.parse()
    if node.type is not bool:
        raise ConditionError(
            f"a condition must be true or false, but this is {_TYPE_NAMES[node.type]}",
            column=node.column,
            kind="type",
        )
    fn = node.fn
    return Condition(
        source=text,
        variables=frozenset(parser.used),
        scenes=tuple(parser.scenes),
        facts=tuple(parser.facts),
        _fn=_as_bool(fn),
    )
