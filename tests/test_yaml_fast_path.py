"""The fast YAML path (libyaml's composer, one walk) gives exactly what the event parser gives,
and hands every file it cannot vouch for to the event parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.errors import StoryError
from game.story import yamltree
from game.story.yamlnodes import MAX_DEPTH, MAX_NODES, Node, parse_events, parse_yaml
from game.story.yamltree import UNSURE, composed, most_values
from tests.conftest import STORIES

SHIPPED = Path(__file__).resolve().parents[1] / "scenes"


def _files() -> list[Path]:
    return sorted([*SHIPPED.glob("*.yaml"), *STORIES.glob("*/*.yaml")])


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_story_file_takes_the_fast_path_and_gives_the_same_nodes(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    sure, node = composed(text)
    assert sure
    assert node == parse_events(text, path.name)


# Each of these must go to the event parser: the composer would read it differently, or
# the event parser has something to say about it.
UNUSUAL = {
    "non-specific tag on a number": "a: ! 123\n",
    "non-specific tag on null": "a: !\nb: 1\n",
    "explicit tag": "a: !!str 123\n",
    "python tag": "a: !!python/object/apply:os.system ['true']\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "alias of a scalar": "a: &x text\nb: *x\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key after str()": "1: x\n'1': y\n",
    "list as a key": "? [1]\n: 2\n",
    "null key": "~: x\n",
    "number out of range": "a: 99999999999999999999\n",
    "too deep": "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\n",
    "tab indentation": "a:\n\tb: 1\n",
}


@pytest.mark.parametrize("text", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_unusual_files_take_the_event_path(text: str) -> None:
    assert composed(text) == UNSURE


def test_a_non_specific_tag_keeps_a_number_as_text() -> None:
    node = parse_yaml("a: ! 123\nb: 123\n", "f.yaml")
    assert node is not None
    assert node.value["a"].value == "123"
    assert node.value["b"].value == 123


def test_an_exclamation_mark_in_prose_keeps_the_fast_path() -> None:
    sure, node = composed("text: Stop! Now!\nnote: 'Wait !'\ncount: 3\n")
    assert sure
    assert node is not None and node.value["count"].value == 3


def test_more_values_than_allowed_are_never_composed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[" + "1," * MAX_NODES + "1]\n"

    def refuse(text: str) -> None:
        raise AssertionError("the composer was given the text")

    monkeypatch.setattr(yamltree, "_Composer", refuse)
    assert most_values(text) > MAX_NODES
    assert composed(text) == UNSURE
    monkeypatch.undo()
    with pytest.raises(StoryError, match="more than"):
        parse_yaml(text, "f.yaml")


def _count(node: Node) -> int:
    if isinstance(node.value, dict):
        return 1 + sum(1 + _count(child) for child in node.value.values())
    if isinstance(node.value, list):
        return 1 + sum(_count(child) for child in node.value)
    return 1


_SCALARS = st.sampled_from(["a", "1", "", "~", "true", "'q'", '"d"', "x y", "-1", "1.5"])
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from("abcdef"), inner), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in dict(kv).items()) + "}"
        ),
        st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3, unique=True).map(
            lambda ks: "{" + ", ".join(ks) + "}"
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_DOCS)
def test_fast_and_event_paths_agree_and_the_bound_holds(text: str) -> None:
    try:
        expected: Node | StoryError | None = parse_events(text, "f.yaml")
    except StoryError as exc:
        expected = exc
    sure, node = composed(text)
    if isinstance(expected, StoryError):
        assert not sure
        return
    if sure:
        assert node == expected
    if expected is not None:
        assert _count(expected) <= most_values(text)
