"""The copies of compiled conditions that playtest's tables hold (game/authoring/playtest_copy.py
and playtest_templates.py): they answer as the originals, equal ones are one copy, conditions
alike but for their ids share one with their values set first, and nothing that could differ
is merged."""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType

from game.authoring.playtest_copy import Copier
from game.authoring.playtest_run import PlayEnv
from game.authoring.playtest_templates import Binding, Templates
from game.story.conditions import compile_condition

VARIABLES = {"suspicion": 0, "warned": False, "plan": "none"}


def env(suspicion: int, warned: bool, seen: set[str]) -> PlayEnv:
    out = PlayEnv({"suspicion": suspicion, "warned": warned, "plan": "none"})
    out.seen = seen
    out.visited = {"hall"}
    return out


def copied(copier: Copier, source: str) -> Callable[[PlayEnv], bool]:
    fn = copier.value(compile_condition(source, VARIABLES)._fn)
    assert callable(fn)
    return fn  # type: ignore[no-any-return]


def test_a_copy_answers_as_its_original_and_is_made_anew() -> None:
    copier = Copier()
    source = "suspicion < 2 and (not warned or seen(f1)) and plan != 'x' and visited(hall)"
    original = compile_condition(source, VARIABLES)
    copy = copied(copier, source)
    assert copy is not original._fn and copy.__closure__ is not None
    cells = {id(c) for c in copy.__closure__}
    assert cells.isdisjoint(id(c) for c in original._fn.__closure__ or ())
    for suspicion in (0, 1, 2, 3):
        for warned in (False, True):
            for seen in (set(), {"f1"}, {"f2"}):
                state = env(suspicion, warned, seen)
                assert copy(state) == original.evaluate(state)


def test_equal_closures_are_one_copy_and_different_ones_are_not() -> None:
    copier = Copier()
    one = copied(copier, "suspicion < 2 and seen(f1)")
    again = copied(copier, "suspicion < 2 and seen(f1)")
    other = copied(copier, "suspicion < 2 and seen(f2)")
    assert again is one
    assert other is not one
    # Their `suspicion < 2` is one function; `seen(f1)` and `seen(f2)` are two.
    assert one.__closure__ is not None and other.__closure__ is not None
    left, right = (c.cell_contents for c in one.__closure__)
    other_left, other_right = (c.cell_contents for c in other.__closure__)
    assert left is other_left and right is not other_right
    assert copied(copier, "suspicion < 3 and seen(f1)") is not one
    assert copied(copier, "suspicion <= 2 and seen(f1)") is not one
    assert copied(copier, "true") is not copied(copier, "1 == 1")  # other code

    def const(value: object) -> Callable[[], object]:
        return lambda: value

    assert copier.value(const(1)) is not copier.value(const(True))  # equal, yet not alike
    assert copier.value(const(1)) is copier.value(const(1))


def test_a_function_that_can_change_a_cell_is_copied_alone_and_its_cells_stay_shared() -> None:
    def make() -> tuple[Callable[[], int], Callable[[], int]]:
        count = 0

        def bump() -> int:
            nonlocal count
            count += 1
            return count

        def read() -> int:
            return count

        return bump, read

    copier = Copier()
    bump, read = make()
    bump_copy, read_copy = copier.value((bump, read))  # type: ignore[misc]
    other_bump = copier.value(make()[0])
    assert other_bump is not bump_copy  # same code and values, but it writes its cell
    assert bump_copy() == 1 and read_copy() == 1 and bump_copy() == 2 and read_copy() == 2
    assert read() == 0  # the original's cell is its own


def test_strings_are_copied_once_each() -> None:
    copier = Copier()
    text = "".join(["scene-", "one"])
    first = copier.string(text)
    assert first == text and first is not text
    assert copier.string("scene-one") is first


def shared_tests(*sources: str) -> list[tuple[Callable[[PlayEnv], bool], Binding | None]]:
    templates = Templates(Copier())
    for source in sources:
        fn = compile_condition(source, VARIABLES)._fn
        assert isinstance(fn, FunctionType)
        templates.add(fn)
    return templates.tests()  # type: ignore[return-value]


def call(test: Callable[[PlayEnv], bool], binding: Binding | None, state: PlayEnv) -> bool:
    for cell, value in binding or ():
        cell.cell_contents = value
    return test(state)


def test_conditions_alike_but_for_ids_and_numbers_share_one_copy_and_answer_as_themselves() -> None:
    sources = [
        "suspicion < 2 and (not warned or seen(f1))",
        "suspicion < 3 and (not warned or seen(f2))",
        "suspicion < 2 and (not warned or seen(f3))",
        "suspicion < 2 and (warned or seen(f3))",  # other code: not of the three's kind
        "suspicion < 2 and (not warned or seen(f1))",  # the first again
    ]
    made = shared_tests(*sources)
    first, second, third, other, again = made
    assert first[0] is second[0] is third[0] is again[0] and other[0] is not first[0]
    assert first[1] is not None and len(first[1]) == 2  # the number and the id differ
    assert other[1] is None  # alone of its kind: a copy of its own
    originals = [compile_condition(s, VARIABLES) for s in sources]
    states = [
        env(suspicion, warned, seen)
        for suspicion in (1, 2)
        for warned in (False, True)
        for seen in ({"f1"}, {"f2"}, {"f3"}, set())
    ]
    for state in states:  # called in turn, as a run calls them
        for (test, binding), original in zip(made, originals, strict=True):
            assert call(test, binding, state) == original.evaluate(state), original.source


def test_a_shared_copy_keeps_its_cells_to_itself() -> None:
    copier = Copier()
    alone = copier.value(compile_condition("suspicion < 2 and seen(f9)", VARIABLES)._fn)
    templates = Templates(copier)
    for source in ("suspicion < 2 and seen(f1)", "suspicion < 2 and seen(f2)"):
        fn = compile_condition(source, VARIABLES)._fn
        assert isinstance(fn, FunctionType)
        templates.add(fn)
    (test, binding), _ = templates.tests()
    assert binding is not None
    assert isinstance(alone, FunctionType) and alone.__closure__ and test.__closure__
    ours = {id(c) for c in test.__closure__}
    assert ours.isdisjoint(id(c) for c in alone.__closure__)
    state = env(0, False, {"f9"})
    call(test, binding, state)
    assert alone(state) is True  # untouched by the binding of the shared copy


def test_a_tree_with_a_part_used_twice_is_read_in_the_same_order_as_its_copy() -> None:
    # `suspicion < 2` twice in one condition: one closure each, and (equal) one copy would
    # be merged by sharing; the private copy keeps the original's very structure.
    sources = [
        "(suspicion < 2 and suspicion < 2) or seen(f1)",
        "(suspicion < 4 and suspicion < 4) or seen(f2)",
    ]
    made = shared_tests(*sources)
    assert made[0][0] is made[1][0] and made[0][1] is not None and len(made[0][1]) == 3
    originals = [compile_condition(s, VARIABLES) for s in sources]
    for suspicion in range(5):
        for seen in ({"f1"}, {"f2"}):
            state = env(suspicion, False, seen)
            for (test, binding), original in zip(made, originals, strict=True):
                assert call(test, binding, state) == original.evaluate(state)
