"""The condition language of `if:` fields: our own tokenizer, parser and type checker.

Story text is untrusted, so this never uses `eval`, `exec` or Python's `ast`. A condition is
parsed and type-checked once, at load time, and compiled to nested closures; evaluating it
during play is a few function calls and cannot fail.

Grammar (lowest precedence first; comparisons do not chain)::

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := primary (("==" | "!=" | "<" | "<=" | ">" | ">=") primary)?
    primary    := "(" or ")" | "true" | "false" | INTEGER | STRING | NAME
                | ("visited" | "seen") "(" (ID | STRING) ")"

NAME is `[A-Za-z_][A-Za-z0-9_]*` (not a keyword), INTEGER is up to 18 decimal digits, ID is
`[a-z0-9-]+`. A STRING is in single or double quotes, on one line, with no escapes: a
backslash is an ordinary character, and a string that contains one kind of quote is written
in the other kind.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Protocol, TypeAlias, cast

from game.errors import ConditionError
from game.story.condition_tokens import Tok as _Tok
from game.story.condition_tokens import tokenize as _tokenize
from game.story.frozen import Frozen

Value: TypeAlias = bool | int | str

MAX_LENGTH = 2000
MAX_DEPTH = 64
MAX_DIGITS = 18
KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
FUNCTIONS = frozenset({"visited", "seen"})

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+")
_ID = re.compile(r"[a-z0-9-]+")
_COMPARE: dict[str, Callable[[Value, Value], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_TYPE_NAMES: dict[type, str] = {bool: "bool", int: "int", str: "string"}


class Env(Protocol):
    """What a condition reads at play time."""

    @property
    def variables(self) -> Mapping[str, Value]: ...

    @property
    def visited(self) -> AbstractSet[str]: ...

    @property
    def seen(self) -> AbstractSet[str]: ...


Fn: TypeAlias = Callable[[Env], Value]


@dataclass(frozen=True, eq=False, repr=False)
class Condition(Frozen):
    """A compiled condition and what it refers to (for the checker)."""

    source: str
    variables: frozenset[str]
    scenes: tuple[tuple[str, int], ...]
    """(scene id, 1-based column) of each visited() argument."""
    facts: tuple[tuple[str, int], ...]
    """(fact id, 1-based column) of each seen() argument."""
    _fn: Callable[[Env], bool] = field(repr=False, compare=False)

    def evaluate(self, env: Env) -> bool:
        """Whether the condition holds in `env`."""
        return self._fn(env)


Suggest = Callable[[str, Collection[str]], str]
"""' (did you mean 'x'?)' for a name among the names, or ''."""


def _closest(word: str, names: Collection[str]) -> str:
    import difflib  # only when a name is unknown: not at every start

    close = difflib.get_close_matches(word, list(names), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def compile_condition(
    text: str, variables: Mapping[str, Value], suggest: Suggest = _closest
) -> Condition:
    """Parse and type-check `text` against the declared variables; compile it to closures.

    `suggest` names the declared variable closest to an undeclared one (the checker passes
    one that stops suggesting after its budget, so 2,000 typos cost no more than 50).
    """
    # Checked before anything else so that a megabyte of tokens costs nothing.
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition is longer than {MAX_LENGTH} characters", column=1)
    parser = _Parser(_tokenize(text), variables, suggest)
    node = parser.parse()
    if node.type is not bool:
        raise ConditionError(
            f"the whole condition must be true/false, got {_TYPE_NAMES[node.type]}",
            column=node.column,
            kind="type",
        )
    return Condition(
        source=text,
        variables=frozenset(parser.used),
        scenes=tuple(parser.scenes),
        facts=tuple(parser.facts),
        # The type check above proved that this closure returns a bool.
        _fn=cast("Callable[[Env], bool]", node.fn),
    )


@dataclass(slots=True)
class _Node:
    """A type-checked subexpression, already compiled."""

    fn: Fn
    type: type
    column: int
    var: str | None = None  # set when the node is a bare variable: lets comparisons inline it
    const: tuple[Value] | None = None  # (value,) when the node is a literal, likewise


class _Parser:
    """Recursive descent; nesting is counted and capped, so Python's stack is never at risk."""

    def __init__(self, tokens: list[_Tok], declared: Mapping[str, Value], suggest: Suggest) -> None:
        self.tokens = tokens
        self.suggest = suggest
        self.i = 0
        self.depth = 0
        self.declared = declared
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

    def enter(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(f"condition is nested more than {MAX_DEPTH} deep", column=column)

    def parse(self) -> _Node:
        node = self.chain("or")
        tok = self.tok
        if tok.is_op(")"):
            raise ConditionError("unexpected ')' with no '(' to close", column=tok.column)
        if tok.kind != "end":
            raise ConditionError(
                f"unexpected '{tok.text}' after a complete condition", column=tok.column
            )
        return node

    def chain(self, keyword: str) -> _Node:
        """An `or` chain of `and` chains, or an `and` chain of `not`s, as one n-ary node."""
        # One method for both levels keeps the stack shallow (64 levels of parentheses take
        # about 330 frames), and n-ary nodes keep long chains from evaluating recursively.
        inner = "and" if keyword == "or" else ""
        nodes = [self.chain(inner) if inner else self.not_expr()]
        while self.tok.is_word(keyword):
            self.take()
            nodes.append(self.chain(inner) if inner else self.not_expr())
        if len(nodes) == 1:
            return nodes[0]
        message = f"'{keyword}' needs true/false on both sides"
        fns = [_need_bool(node, message).fn for node in nodes]
        return _Node(_any(fns) if keyword == "or" else _all(fns), bool, nodes[0].column)

    def not_expr(self) -> _Node:
        # A loop, not recursion: `not not not ...` costs no stack.
        columns: list[int] = []
        while self.tok.is_word("not"):
            columns.append(self.take().column)
            self.enter(columns[-1])
        node = self.comparison()
        if columns:
            _need_bool(node, "'not' needs true/false after it")
        for column in reversed(columns):
            node = _negate(node, column)
        self.depth -= len(columns)
        return node

    def comparison(self) -> _Node:
        left = self.primary()
        if not self.tok.is_op(*_COMPARE):
            return left
        op = self.take()
        right = self.primary()
        if self.tok.is_op(*_COMPARE):
            raise ConditionError(
                "comparisons cannot be chained; join them with 'and'", column=self.tok.column
            )
        return _compare(op, left, right)

    def primary(self) -> _Node:
        tok = self.take()
        if tok.is_op("("):
            self.enter(tok.column)
            node = self.chain("or")
            if not self.tok.is_op(")"):
                raise ConditionError(
                    f"expected ')' to close '(' at column {tok.column}", column=self.tok.column
                )
            self.take()
            self.depth -= 1
            node.column = tok.column
            return node
        if tok.kind == "string":
            return _literal(tok.text[1:-1], tok.column)
        if tok.kind == "word":
            return self.word(tok)
        if tok.kind == "end":
            raise ConditionError("condition ends too early", column=tok.column)
        raise ConditionError(f"expected a value, got '{tok.text}'", column=tok.column)

    def word(self, tok: _Tok) -> _Node:
        word = tok.text
        if word in ("true", "false"):
            return _literal(word == "true", tok.column)
        if word in KEYWORDS:
            raise ConditionError(f"expected a value, got '{word}'", column=tok.column)
        if _NUMBER.fullmatch(word):
            if len(word) > MAX_DIGITS:
                raise ConditionError(
                    f"number is longer than {MAX_DIGITS} digits", column=tok.column
                )
            return _literal(int(word), tok.column)
        if not _NAME.fullmatch(word):
            raise ConditionError(f"'{word}' is neither a name nor a number", column=tok.column)
        if word in FUNCTIONS and (self.tok.is_op("(") or word not in self.declared):
            return self.call(tok)
        if word not in self.declared:
            hint = self.suggest(word, self.declared.keys())
            raise ConditionError(
                f"undeclared variable '{word}'{hint}", column=tok.column, kind="undeclared"
            )
        self.used.add(word)
        return _Node(lambda env: env.variables[word], type(self.declared[word]), tok.column, word)

    def call(self, func: _Tok) -> _Node:
        name = func.text
        if not self.tok.is_op("("):
            raise ConditionError(f"expected '(' after '{name}'", column=self.tok.column)
        self.take()
        arg = self.take()
        if arg.is_op(")") or arg.kind == "end":
            raise ConditionError(f"{name}() needs an id", column=arg.column)
        ident = arg.text[1:-1] if arg.kind == "string" else arg.text
        if arg.kind not in ("word", "string") or not _ID.fullmatch(ident):
            raise ConditionError(
                f"'{ident}' is not an id (ids use a-z, 0-9 and '-')", column=arg.column
            )
        if not self.tok.is_op(")"):
            raise ConditionError(f"expected ')' after the id in {name}()", column=self.tok.column)
        self.take()
        if name == "visited":
            self.scenes.append((ident, arg.column))
            return _Node(lambda env: ident in env.visited, bool, func.column)
        self.facts.append((ident, arg.column))
        return _Node(lambda env: ident in env.seen, bool, func.column)


def _need_bool(node: _Node, message: str) -> _Node:
    if node.type is not bool:
        raise ConditionError(
            f"{message}, got {_TYPE_NAMES[node.type]}", column=node.column, kind="type"
        )
    return node


def _any(fns: list[Fn]) -> Fn:
    if len(fns) == 2:
        a, b = fns
        return lambda env: a(env) or b(env)
    rest = tuple(fns)
    return lambda env: any(f(env) for f in rest)


def _all(fns: list[Fn]) -> Fn:
    if len(fns) == 2:
        a, b = fns
        return lambda env: a(env) and b(env)
    rest = tuple(fns)
    return lambda env: all(f(env) for f in rest)


def _literal(value: Value, column: int) -> _Node:
    return _Node(lambda env: value, type(value), column, const=(value,))


def _negate(node: _Node, column: int) -> _Node:
    name, a = node.var, node.fn
    if name is not None:
        return _Node(lambda env: not env.variables[name], bool, column)
    return _Node(lambda env: not a(env), bool, column)


def _compare(op: _Tok, left: _Node, right: _Node) -> _Node:
    got = f"got {_TYPE_NAMES[left.type]} and {_TYPE_NAMES[right.type]}"
    if op.text in ("==", "!="):
        if left.type is not right.type:
            raise ConditionError(
                f"'{op.text}' needs two values of the same type, {got}",
                column=op.column,
                kind="type",
            )
    elif left.type is not int or right.type is not int:
        raise ConditionError(
            f"'{op.text}' needs two integers, {got}", column=op.column, kind="type"
        )
    test = _COMPARE[op.text]
    # Most conditions compare a variable with a literal; inlining both saves two calls.
    name, a, b = left.var, left.fn, right.fn
    if name is not None and right.const is not None:
        (k,) = right.const
        return _Node(lambda env: test(env.variables[name], k), bool, left.column)
    return _Node(lambda env: test(a(env), b(env)), bool, left.column)
