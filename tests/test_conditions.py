"""The condition language: evaluation, metadata, and one test per error class."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import pytest

from game.errors import ConditionError
from game.story.conditions import Value, compile_condition

DECLARED: dict[str, Value] = {"objected": False, "careful": True, "suspicion": 0, "alias": "Jacson"}


@dataclass
class Env:
    variables: Mapping[str, Value]
    visited: AbstractSet[str] = field(default_factory=set)
    seen: AbstractSet[str] = field(default_factory=set)


def holds(text: str, **values: Value) -> bool:
    env = Env({**DECLARED, **values}, visited={"raid", "1940-raid"}, seen={"ice-axe"})
    return compile_condition(text, DECLARED).evaluate(env)


def refused(text: str, declared: Mapping[str, Value] = DECLARED) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, declared)
    return caught.value


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("objected", {}, False),
        ("careful", {}, True),
        ("not objected", {}, True),
        ("true", {}, True),
        ("false", {}, False),
        ("suspicion >= 2", {"suspicion": 2}, True),
        ("suspicion > 2", {"suspicion": 2}, False),
        ("suspicion <= 2", {"suspicion": 3}, False),
        ("suspicion < 2", {"suspicion": -1}, True),
        ("2 < suspicion", {"suspicion": 3}, True),
        ("suspicion == 0", {}, True),
        ("suspicion != 0 or objected", {"suspicion": 0}, False),
        ("alias == 'Jacson'", {}, True),
        ('alias == "Jacson"', {}, True),
        ('alias != "Mornard"', {}, True),
        ("alias == 'Mornard'", {"alias": "Mornard"}, True),
        ("objected == careful", {}, False),
        ("true == (suspicion > 3)", {"suspicion": 4}, True),
        ("visited(raid) and seen('ice-axe')", {}, True),
        ('seen("ice-axe")', {}, True),
        ('visited("prison")', {}, False),
        ("visited(1940-raid)", {}, True),
        ("not (objected or false)", {}, True),
        ("not not careful", {}, True),
        ("(\n  careful\tand\r\n  suspicion == 0\n)", {}, True),
    ],
)
def test_conditions_evaluate_as_the_format_describes(
    text: str, values: dict[str, Value], expected: bool
) -> None:
    assert holds(text, **values) is expected


def test_not_binds_tighter_than_and() -> None:
    # (not objected) and careful, never not (objected and careful)
    assert holds("not objected and careful", objected=True, careful=False) is False
    assert holds("not objected and careful", objected=False, careful=True) is True


def test_and_binds_tighter_than_or() -> None:
    # careful or (objected and false), never (careful or objected) and false
    assert holds("careful or objected and false", careful=True) is True
    assert holds("(careful or objected) and false", careful=True) is False


def test_comparison_binds_tighter_than_not() -> None:
    assert holds("not suspicion == 1", suspicion=0) is True


def test_strings_have_no_escapes_and_may_hold_the_other_quote() -> None:
    quoted = {"alias": 'say "no"', "path": "a\\b"}
    env = Env(quoted)
    assert compile_condition("alias == 'say \"no\"'", quoted).evaluate(env)
    assert compile_condition('path == "a\\b"', quoted).evaluate(env)


def test_a_compiled_condition_reads_the_environment_each_time() -> None:
    condition = compile_condition("suspicion >= 2", DECLARED)
    assert not condition.evaluate(Env({**DECLARED, "suspicion": 1}))
    assert condition.evaluate(Env({**DECLARED, "suspicion": 2}))


def test_long_chains_of_and_and_or_evaluate() -> None:
    ors = " or ".join(["objected"] * 150 + ["careful"])
    ands = " and ".join(["careful"] * 150 + ["objected"])
    assert holds(ors) is True
    assert holds(ands) is False


def test_a_declared_variable_may_share_a_function_name() -> None:
    declared: dict[str, Value] = {"seen": 2}
    condition = compile_condition("seen > 1 and seen(ice-axe)", declared)
    assert condition.variables == {"seen"}
    assert condition.facts == (("ice-axe", 19),)
    assert condition.evaluate(Env(declared, seen={"ice-axe"}))


def test_compiled_condition_lists_what_it_reads_with_columns() -> None:
    condition = compile_condition(
        "suspicion > 1 and visited(raid) or seen(\"x\") and not objected or visited('b-2')",
        DECLARED,
    )
    assert condition.source.startswith("suspicion > 1")
    assert condition.variables == {"suspicion", "objected"}
    assert condition.scenes == (("raid", 27), ("b-2", 74))
    assert condition.facts == (("x", 41),)


def test_compiled_conditions_compare_and_print_without_their_closure() -> None:
    one = compile_condition("careful", DECLARED)
    assert one == compile_condition("careful", DECLARED)
    assert "_fn" not in repr(one)


@pytest.mark.parametrize(
    ("text", "message", "column", "kind"),
    [
        ("objected @ true", "unexpected character '@'", 10, "syntax"),
        ("alias == 'Jacsón' and é", "unexpected character 'é'", 23, "syntax"),
        ("(objected and true", "expected ')' to close '(' at column 1", 19, "syntax"),
        ("careful and (objected or (true)", "expected ')' to close '(' at column 13", 32, "syntax"),
        ("objected)", "unexpected ')' with no '(' to close", 9, "syntax"),
        ("objected true", "unexpected 'true' after a complete condition", 10, "syntax"),
        ("alias == 'Jacs", "unterminated string", 10, "syntax"),
        ('alias == "Jacs\n"', "unterminated string", 10, "syntax"),
        (
            "suspicion == 1 == 1",
            "comparisons cannot be chained; join them with 'and'",
            16,
            "syntax",
        ),
        (
            "1 < suspicion < 3",
            "comparisons cannot be chained; join them with 'and'",
            15,
            "syntax",
        ),
        ("   ", "empty condition", 1, "syntax"),
        ("", "empty condition", 1, "syntax"),
        ("objected and", "condition ends too early", 13, "syntax"),
        ("suspicion >", "condition ends too early", 12, "syntax"),
        ("and careful", "expected a value, got 'and'", 1, "syntax"),
        ("()", "expected a value, got ')'", 2, "syntax"),
        ("suspicion > -1", "'-1' is neither a name nor a number", 13, "syntax"),
        ("12abc", "'12abc' is neither a name nor a number", 1, "syntax"),
        ("suspicion > 1234567890123456789", "number is longer than 18 digits", 13, "syntax"),
        ("visited()", "visited() needs an id", 9, "syntax"),
        ("visited(", "visited() needs an id", 9, "syntax"),
        ("visited", "expected '(' after 'visited'", 8, "syntax"),
        ("visited(Raid)", "'Raid' is not an id (ids use a-z, 0-9 and '-')", 9, "syntax"),
        ("seen('ice axe')", "'ice axe' is not an id (ids use a-z, 0-9 and '-')", 6, "syntax"),
        ("seen(ice-axe", "expected ')' after the id in seen()", 13, "syntax"),
        ("objected \x1b[2J", "unexpected character U+001B", 10, "syntax"),
        ("alias == '\x00'", "unexpected character U+0000", 11, "syntax"),
        ("alias == '\u202e'", "unexpected character U+202E", 11, "syntax"),
        (
            "suspicon > 1",
            "undeclared variable 'suspicon' (did you mean 'suspicion'?)",
            1,
            "undeclared",
        ),
        ("careful and zzz", "undeclared variable 'zzz'", 13, "undeclared"),
        ("objected and suspicion", "'and' needs true/false on both sides, got int", 14, "type"),
        ("alias or careful", "'or' needs true/false on both sides, got string", 1, "type"),
        ("not suspicion", "'not' needs true/false after it, got int", 5, "type"),
        ("suspicion < 'two'", "'<' needs two integers, got int and string", 11, "type"),
        ("careful >= 1", "'>=' needs two integers, got bool and int", 9, "type"),
        ("alias == 3", "'==' needs two values of the same type, got string and int", 7, "type"),
        ("careful != 0", "'!=' needs two values of the same type, got bool and int", 9, "type"),
        ("suspicion", "the whole condition must be true/false, got int", 1, "type"),
        ("('Jacson')", "the whole condition must be true/false, got string", 1, "type"),
        ("'Jacson'", "the whole condition must be true/false, got string", 1, "type"),
        ("careful and 'yes'", "'and' needs true/false on both sides, got string", 13, "type"),
        ("careful or 3", "'or' needs true/false on both sides, got int", 12, "type"),
    ],
)
def test_each_condition_error_names_its_kind_and_column(
    text: str, message: str, column: int, kind: str
) -> None:
    error = refused(text)
    assert (error.message, error.column, error.kind) == (message, column, kind)


def test_an_undeclared_name_without_a_near_miss_gets_no_suggestion() -> None:
    assert refused("zzz").message == "undeclared variable 'zzz'"


def test_messages_are_one_lower_case_sentence_without_a_full_stop() -> None:
    for text in ("objected @", "(true", "suspicion", "suspicon", "", "true true"):
        message = refused(text).message
        assert message[0].islower() or message[0] == "'"
        assert not message.endswith(".")


def test_a_huge_condition_is_refused_before_tokenizing() -> None:
    # How fast it is refused is measured in benchmarks/run.py ("huge condition refused").
    error = refused("true and " * 120_000 + "true")
    assert error.message == "condition is longer than 2000 characters"
    assert error.column == 1


def test_two_thousand_characters_are_allowed() -> None:
    text = "careful" + " " * (2000 - len("careful"))
    assert holds(text)


@pytest.mark.parametrize(
    "text",
    ["(" * 10_000 + "true" + ")" * 10_000, "not " * 10_000 + "true", "(" * 10_000],
)
def test_absurd_nesting_is_a_clean_error_not_a_recursion_error(text: str) -> None:
    assert refused(text).message == "condition is longer than 2000 characters"
    # The same shapes cut to fit the length limit reach the depth limit instead.
    error = refused(text[:2000])
    assert error.message == "condition is nested more than 64 deep"
    assert error.column == (65 if text.startswith("(") else 4 * 64 + 1)


def test_nesting_mixes_parentheses_and_not() -> None:
    error = refused("not (" * 33 + "true" + ")" * 33)
    assert "nested more than 64 deep" in error.message
    assert error.column == 5 * 32 + 1  # the 33rd 'not' is the 65th level


def test_sixty_four_levels_are_allowed() -> None:
    assert holds("(" * 64 + "true" + ")" * 64)
    assert holds("not " * 64 + "true")
    assert holds("(not " * 32 + "true" + ")" * 32)


def test_a_chain_of_sixty_four_nots_is_allowed_and_of_sixty_five_refused() -> None:
    # Only `not`s, which the parser takes in a loop: this one also runs under mutmut, whose
    # extra stack frames keep the tests with 64 parentheses out (docs/testing.md).
    assert holds("not " * 64 + "true")
    assert not holds("not " * 63 + "true")
    error = refused("not " * 65 + "true")
    assert (error.message, error.column) == ("condition is nested more than 64 deep", 4 * 64 + 1)
    # Each `not` chain counts its own depth: two of 64 side by side are both allowed.
    assert holds("not " * 64 + "true and " + "not " * 64 + "true")


def test_a_number_of_eighteen_digits_is_allowed() -> None:
    assert holds("suspicion < 999999999999999999")
    assert not holds("suspicion > 100000000000000000")


def test_a_closed_parenthesis_gives_its_level_back() -> None:
    # Forty groups side by side are one level deep, not forty; and after one, a chain of 64
    # nots still fits (without 64 parentheses, which mutmut's stack would not allow).
    assert holds(" and ".join(["(careful)"] * 40))
    assert holds("(careful) and " + "not " * 64 + "careful")
    assert refused("(careful) and " + "not " * 65 + "careful").column == 15 + 4 * 64
