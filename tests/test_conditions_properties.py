"""Property tests: any text compiles or raises ConditionError, and well-typed conditions
agree with a reference evaluation written independently here."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from game.errors import ConditionError
from game.story.conditions import Value, compile_condition

DECLARED: dict[str, Value] = {"a": True, "b": False, "n": 3, "m": 0, "s": "x", "t": "it's"}


@dataclass
class Env:
    variables: Mapping[str, Value]
    visited: AbstractSet[str] = field(default_factory=set)
    seen: AbstractSet[str] = field(default_factory=set)


ENVS = st.builds(
    Env,
    variables=st.fixed_dictionaries(
        {
            "a": st.booleans(),
            "b": st.booleans(),
            "n": st.integers(-5, 5),
            "m": st.integers(-5, 5),
            "s": st.sampled_from(["x", "y", ""]),
            "t": st.sampled_from(["it's", 'say "no"']),
        }
    ),
    visited=st.sets(st.sampled_from(["one", "two-2"])),
    seen=st.sets(st.sampled_from(["f", "g"])),
)

# The language's own vocabulary, plus near misses, so that random soups get deep into the
# parser rather than failing on the first character.
TOKENS = [
    *DECLARED, "sx", "and", "or", "not", "true", "false", "visited", "seen",
    "==", "!=", "<", "<=", ">", ">=", "=", "!", "(", ")", "((", "))",
    "0", "1", "3", "-1", "007", "9" * 19, "one", "two-2", "Raid", "x-",
    "'x'", '"y"', "''", "'", '"', "'it\\'s'", "visited(one)", "seen('f')", 'seen("g")',
    "visited()", "seen(", "@", "\x1b", "\x00", "\t", "\n", "\u00a0", "é", "\u202e",
]  # fmt: skip


def compiles_or_refuses(text: str, env: Env) -> None:
    try:
        condition = compile_condition(text, DECLARED)
    except ConditionError as error:
        assert error.kind in ("syntax", "undeclared", "type")
        assert error.column is not None
        assert 1 <= error.column <= len(text) + 1
        assert error.message
        assert not error.message.endswith(".")
        return
    assert type(condition.evaluate(env)) is bool
    assert condition.variables <= DECLARED.keys()


@settings(max_examples=300)
@given(st.text(max_size=80), ENVS)
def test_any_text_compiles_or_raises_condition_error(text: str, env: Env) -> None:
    compiles_or_refuses(text, env)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(TOKENS), max_size=16), st.sampled_from([" ", "", "  "]), ENVS)
def test_any_token_soup_compiles_or_raises_condition_error(
    tokens: list[str], glue: str, env: Env
) -> None:
    compiles_or_refuses(glue.join(tokens), env)


# A well-typed expression: its text, a reference evaluator, the variables it reads, and its
# nesting depth (parentheses and `not`s), so that tests can stay inside the language's limits.
Ref = Callable[[Env], Value]
Expr = tuple[str, Ref, frozenset[str], int]

ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
EQUALITY = {"==": operator.eq, "!=": operator.ne}


def variable(name: str) -> Expr:
    return name, lambda env: env.variables[name], frozenset({name}), 0


def literal(text: str, value: Value) -> Expr:
    return text, lambda env: value, frozenset(), 0


INTS: st.SearchStrategy[Expr] = st.one_of(
    st.sampled_from(["n", "m"]).map(variable),
    st.integers(0, 10**18 - 1).map(lambda k: literal(str(k), k)),
    st.integers(0, 6).map(lambda k: literal(str(k), k)),
)
STRINGS: st.SearchStrategy[Expr] = st.one_of(
    st.sampled_from(["s", "t"]).map(variable),
    st.sampled_from(["x", "y", "", "it's"]).map(lambda v: literal(f'"{v}"', v)),
    st.sampled_from(["x", "y", "", 'say "no"']).map(lambda v: literal(f"'{v}'", v)),
)


def _visited(ident: str, text: str) -> Expr:
    return text, lambda env: ident in env.visited, frozenset(), 0


def _seen(ident: str, text: str) -> Expr:
    return text, lambda env: ident in env.seen, frozenset(), 0


BOOL_LEAVES: st.SearchStrategy[Expr] = st.one_of(
    st.sampled_from(["a", "b"]).map(variable),
    st.sampled_from([literal("true", True), literal("false", False)]),
    st.sampled_from(["one", "two-2", "three"]).flatmap(
        lambda i: st.sampled_from([f"visited({i})", f"visited('{i}')", f'visited("{i}")']).map(
            lambda text: _visited(i, text)
        )
    ),
    st.sampled_from(["f", "g"]).flatmap(
        lambda i: st.sampled_from([f"seen({i})", f"seen('{i}')"]).map(lambda t: _seen(i, t))
    ),
)


def _compare(
    operands: st.SearchStrategy[Expr], ops: dict[str, Callable[[Value, Value], bool]]
) -> st.SearchStrategy[Expr]:
    def build(left: Expr, op: str, right: Expr) -> Expr:
        test, fl, fr = ops[op], left[1], right[1]
        return (
            f"{left[0]} {op} {right[0]}",
            lambda env: test(fl(env), fr(env)),
            left[2] | right[2],
            max(left[3], right[3]),
        )

    return st.builds(build, operands, st.sampled_from(sorted(ops)), operands)


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    def paren(e: Expr) -> Expr:
        return f"({e[0]})", e[1], e[2], e[3] + 1

    def negate(e: Expr) -> Expr:
        f = e[1]
        return f"not ({e[0]})", lambda env: not f(env), e[2], e[3] + 2

    def junction(word: str, parts: list[Expr]) -> Expr:
        # Operands are parenthesised so the reference need not know the precedence; the
        # precedence itself is pinned by the example tests.
        refs = [p[1] for p in parts]
        combine = all if word == "and" else any
        return (
            f" {word} ".join(f"({p[0]})" for p in parts),
            lambda env: combine(bool(f(env)) for f in refs),
            frozenset().union(*(p[2] for p in parts)),
            1 + max(p[3] for p in parts),
        )

    return st.one_of(
        children.map(paren),
        children.map(negate),
        st.builds(
            junction, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=4)
        ),
        _compare(children.map(paren), EQUALITY),
    )


BOOLS: st.SearchStrategy[Expr] = st.recursive(
    st.one_of(
        BOOL_LEAVES,
        _compare(INTS, {**ORDER, **EQUALITY}),
        _compare(STRINGS, EQUALITY),
    ),
    _extend,
    max_leaves=16,
)


@settings(max_examples=300)
@given(BOOLS, ENVS)
def test_well_typed_expressions_compile_and_match_the_reference(expr: Expr, env: Env) -> None:
    text, reference, names, depth = expr
    assume(len(text) <= 2000 and depth <= 64)
    condition = compile_condition(text, DECLARED)
    assert condition.variables == names
    assert condition.evaluate(env) is bool(reference(env))


@settings(max_examples=200)
@given(BOOLS, BOOLS, BOOLS, ENVS)
def test_precedence_matches_python_for_not_and_or(x: Expr, y: Expr, z: Expr, env: Env) -> None:
    # Python's not/and/or have the same precedence as the condition language.
    assume(sum(len(e[0]) for e in (x, y, z)) <= 1900 and max(e[3] for e in (x, y, z)) <= 61)
    fx, fy, fz = (bool(e[1](env)) for e in (x, y, z))
    texts = [f"({e[0]})" for e in (x, y, z)]
    cases = {
        "not {} and {} or {}": ((not fx) and fy) or fz,
        "{} or {} and not {}": fx or (fy and not fz),
        "not {} or not {} and {}": (not fx) or ((not fy) and fz),
    }
    for shape, expected in cases.items():
        assert compile_condition(shape.format(*texts), DECLARED).evaluate(env) is expected


# Pieces of conditions, broken ones included: unclosed quotes, lone '=' and '!', stray
# characters, line breaks and tabs.
PIECES = st.sampled_from(
    [
        "a",
        "n",
        "1940-raid",
        "_x",
        "42",
        " ",
        "\t",
        "\n",
        "==",
        "!=",
        "<=",
        ">=",
        "<",
        ">",
        "=",
        "!",
        "(",
        ")",
        "'s'",
        '"t"',
        "'",
        '"',
        "and",
        "or",
        "not",
        "seen(f)",
        "&",
        "é",
        "-",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_tokens_taken_at_once_are_the_tokens_taken_one_by_one(text: str) -> None:
    from game.story.condition_tokens import Tok, tokenize, tokens_one_by_one

    def tokens(make: Callable[[str], list[Tok]]) -> object:
        try:
            return [(t.kind, t.text, t.column) for t in make(text)]
        except ConditionError as exc:
            return (exc.message, exc.column)

    assert tokens(tokenize) == tokens(tokens_one_by_one)
