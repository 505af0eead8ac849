"""Property tests: any text compiles or raises ConditionError; compiled conditions agree
with a reference evaluation written independently here."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from game.conditions import Value, compile_condition
from game.errors import ConditionError

DECLARED: dict[str, Value] = {"a": True, "b": False, "n": 3, "m": 0, "s": "x"}
TOKENS = [
    "a", "b", "n", "m", "s", "and", "or", "not", "true", "false", "==", "!=", "<", "<=",
    ">", ">=", "(", ")", "1", "3", "'x'", '"y"', "visited(one)", "seen('f')", "@", "'",
]  # fmt: skip


@dataclass
class Env:
    variables: Mapping[str, Value]
    visited: Set[str] = field(default_factory=set)
    seen: Set[str] = field(default_factory=set)


ENVS = st.builds(
    Env,
    variables=st.fixed_dictionaries(
        {
            "a": st.booleans(),
            "b": st.booleans(),
            "n": st.integers(-5, 5),
            "m": st.integers(-5, 5),
            "s": st.sampled_from(["x", "y"]),
        }
    ),
    visited=st.sets(st.sampled_from(["one", "two"])),
    seen=st.sets(st.sampled_from(["f", "g"])),
)


def _total(text: str, env: Env) -> None:
    try:
        condition = compile_condition(text, DECLARED)
    except ConditionError:
        return
    assert isinstance(condition.evaluate(env), bool)


@settings(max_examples=300)
@given(st.text(max_size=80), ENVS)
def test_any_text_compiles_or_raises_condition_error(text: str, env: Env) -> None:
    _total(text, env)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(TOKENS), max_size=14), ENVS)
def test_any_token_soup_compiles_or_raises_condition_error(tokens: list[str], env: Env) -> None:
    _total(" ".join(tokens), env)


# A typed expression generator: (source text, reference evaluator).
Expr = tuple[str, "object"]


def _ints() -> st.SearchStrategy[tuple[str, object]]:
    return st.one_of(
        st.sampled_from(["n", "m"]).map(lambda v: (v, lambda e, v=v: e.variables[v])),
        st.integers(0, 9).map(lambda k: (str(k), lambda e, k=k: k)),
    )


def _bools(
    children: st.SearchStrategy[tuple[str, object]],
) -> st.SearchStrategy[tuple[str, object]]:
    def binary(op: str) -> st.SearchStrategy[tuple[str, object]]:
        def make(pair: tuple[tuple[str, object], tuple[str, object]]) -> tuple[str, object]:
            (ta, fa), (tb, fb) = pair
            if op == "and":
                return f"({ta} and {tb})", lambda e: fa(e) and fb(e)  # type: ignore[operator]
            return f"({ta} or {tb})", lambda e: fa(e) or fb(e)  # type: ignore[operator]

        return st.tuples(children, children).map(make)

    def compare(pair: tuple[tuple[str, object], tuple[str, object], str]) -> tuple[str, object]:
        (ta, fa), (tb, fb), op = pair
        ops = {
            "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y,
            ">": lambda x, y: x > y,
            ">=": lambda x, y: x >= y,
            "==": lambda x, y: x == y,
            "!=": lambda x, y: x != y,
        }
        return f"{ta} {op} {tb}", lambda e: ops[op](fa(e), fb(e))  # type: ignore[operator]

    return st.one_of(
        binary("and"),
        binary("or"),
        children.map(lambda c: (f"not {c[0]}", lambda e, f=c[1]: not f(e))),  # type: ignore[operator]
        st.tuples(_ints(), _ints(), st.sampled_from(["<", "<=", ">", ">=", "==", "!="])).map(
            compare
        ),
    )


LEAVES = st.one_of(
    st.sampled_from(["a", "b"]).map(lambda v: (v, lambda e, v=v: e.variables[v])),
    st.sampled_from(["true", "false"]).map(lambda v: (v, lambda e, v=v: v == "true")),
    st.just(("s == 'x'", lambda e: e.variables["s"] == "x")),
    st.just(("visited(one)", lambda e: "one" in e.visited)),
    st.just(("seen('g')", lambda e: "g" in e.seen)),
)
EXPRESSIONS = st.recursive(LEAVES, _bools, max_leaves=12)


@settings(max_examples=300)
@given(EXPRESSIONS, ENVS)
def test_well_typed_expressions_compile_and_match_the_reference(
    expr: tuple[str, object], env: Env
) -> None:
    text, reference = expr
    condition = compile_condition(text, DECLARED)
    assert condition.evaluate(env) == bool(reference(env))  # type: ignore[operator]
