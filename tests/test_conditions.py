"""The condition language: evaluation, metadata, and one test per error class."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

import pytest

from game.conditions import Value, compile_condition
from game.errors import ConditionError

DECLARED: dict[str, Value] = {"objected": False, "suspicion": 0, "alias": "Jacson"}


@dataclass
class Env:
    variables: Mapping[str, Value]
    visited: Set[str] = field(default_factory=set)
    seen: Set[str] = field(default_factory=set)


def holds(text: str, **values: Value) -> bool:
    env = Env({**DECLARED, **values}, visited={"raid", "1940-raid"}, seen={"ice-axe"})
    return compile_condition(text, DECLARED).evaluate(env)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("objected", {}, False),
        ("not objected", {}, True),
        ("suspicion >= 2", {"suspicion": 2}, True),
        ("suspicion < 2", {"suspicion": 2}, False),
        ("suspicion != 0 or objected", {"suspicion": 0}, False),
        ("alias == 'Jacson'", {}, True),
        ('alias == "Mornard"', {}, False),
        ("visited(raid) and seen('ice-axe')", {}, True),
        ('visited("prison")', {}, False),
        ("visited(1940-raid)", {}, True),
        ("not objected and suspicion == 1", {"suspicion": 1}, True),
        ("objected or suspicion == 1 and true", {"suspicion": 1}, True),
        ("not (objected or false)", {}, True),
        ("true == (suspicion > 3)", {"suspicion": 4}, True),
    ],
)
def test_conditions_evaluate_as_the_format_describes(
    text: str, values: dict[str, Value], expected: bool
) -> None:
    assert holds(text, **values) is expected


def test_compiled_condition_lists_what_it_reads_with_columns() -> None:
    condition = compile_condition('suspicion > 1 and visited(raid) or seen("x")', DECLARED)
    assert condition.variables == {"suspicion"}
    assert condition.scenes == (("raid", 27),)
    assert condition.facts == (("x", 41),)


@pytest.mark.parametrize(
    ("text", "message", "column", "kind"),
    [
        ("objected @ true", "unexpected character '@'", 10, "syntax"),
        ("(objected and true", "expected ')' to close '(' at column 1", 19, "syntax"),
        ("objected)", "unexpected ')'", 9, "syntax"),
        ("objected true", "unexpected 'true'", 10, "syntax"),
        ("alias == 'Jacs", "unterminated string", 10, "syntax"),
        ("suspicion == 1 == 1", "comparisons cannot be chained", 16, "syntax"),
        (
            "suspicon > 1",
            "undeclared variable 'suspicon' (did you mean 'suspicion'?)",
            1,
            "undeclared",
        ),
        ("objected and suspicion", "'and' needs true/false on both sides, got int", 14, "type"),
        ("suspicion < 'two'", "'<' needs two whole numbers, got int and string", 11, "type"),
        ("alias == 3", "'==' needs two values of the same type, got string and int", 7, "type"),
        ("suspicion", "a condition must be true or false, but this is int", 1, "type"),
        ("   ", "empty condition", 1, "syntax"),
        ("objected and", "condition ends too early", 13, "syntax"),
        ("visited()", "visited() needs an id", 9, "syntax"),
        ("objected \x1b[2J", "unexpected character U+001B", 10, "syntax"),
        ("suspicion > 1234567890123456789", "number is too long", 13, "syntax"),
    ],
)
def test_each_condition_error_names_its_column(
    text: str, message: str, column: int, kind: str
) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, DECLARED)
    assert message in caught.value.message
    assert caught.value.column == column
    assert caught.value.kind == kind


def test_a_huge_condition_is_refused_before_parsing() -> None:
    with pytest.raises(ConditionError, match="longer than 2000 characters"):
        compile_condition("true and " * 120_000 + "true", DECLARED)


@pytest.mark.parametrize(
    "text",
    ["(" * 10_000 + "true" + ")" * 10_000, "not " * 10_000 + "true", "(" * 65 + "true" + ")" * 65],
)
def test_absurd_nesting_is_a_clean_error_not_a_recursion_error(text: str) -> None:
    text = text[:2000] if len(text) > 2000 else text
    with pytest.raises(ConditionError, match="nested more than 64 deep"):
        compile_condition(text, DECLARED)


def test_sixty_four_levels_are_allowed() -> None:
    assert compile_condition("(" * 64 + "true" + ")" * 64, DECLARED).evaluate(Env(DECLARED))
