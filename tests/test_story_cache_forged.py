"""A story cache file with the right key and checksum but data that are not a story's (written
by something else, or by a codec of another shape) is ignored and rebuilt, as a damaged one is;
and the field positions a warm load reads only when asked for are the cold load's, or an error,
never wrong places."""

from __future__ import annotations

import binascii
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.story.cache import checked
from game.story.cache_codec import decode, encode
from game.story.checker import check_folder
from game.story.model import Story
from tests.conftest import STORIES
from tests.test_story_cache import _cache_files, _cold_only, _deep, _old_copy, cold_check

Document = list[Any]
"""[variables, files, shapes, story row, verdicts], as cache_codec.encode writes it."""

SCENES = [f.name for f in dataclasses.fields(Story)].index("scenes")


def _scene(document: Document) -> list[Any]:
    """The first scene's row."""
    return next(iter(document[3][SCENES].values()))  # type: ignore[no-any-return]


def _story_position(value: object) -> Callable[[Document], None]:
    def forge(document: Document) -> None:
        document[3][-2] = value

    return forge


def _scene_field(index: int, value: object) -> Callable[[Document], None]:
    def forge(document: Document) -> None:
        _scene(document)[index] = value

    return forge


def _whole(index: int, value: object) -> Callable[[Document], None]:
    def forge(document: Document) -> None:
        document[index] = value

    return forge


def _short_scene(document: Document) -> None:
    _scene(document).pop(0)


def _scenes_as_a_list(document: Document) -> None:
    document[3][SCENES] = list(document[3][SCENES].values())


FORGERIES: dict[str, Callable[[Document], None]] = {
    "position not a number": _story_position("story.yaml:1:1"),
    "position of no file": _story_position(99 << 48),
    "negative position": _scene_field(-2, -1),
    "field positions not text": _scene_field(-1, [1, 2]),
    "scene row too short": _short_scene,
    "scenes not a mapping": _scenes_as_a_list,
    "a variable not a value": _whole(0, {"x": [1]}),
    "file names not text": _whole(1, [1]),
    "field names not text": _whole(2, [[1]]),
    "verdicts not rows": _whole(4, {}),
    "not a document": lambda document: document.pop(),
}


def _rewrite(file: Path, forge: Callable[[Document], None]) -> None:
    """Change the cache file's data and write the checksum of the changed data."""
    header_line, rest = file.read_text(encoding="utf-8").split("\n", 1)
    document = json.loads(rest)
    forge(document)
    rest = json.dumps(document, ensure_ascii=False)
    header = json.loads(header_line)
    header["crc32"] = f"{binascii.crc32(rest.encode('utf-8')):08x}"
    file.write_text(json.dumps(header, ensure_ascii=False) + "\n" + rest, encoding="utf-8")


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_cache_file_of_the_wrong_shape_is_ignored_and_rebuilt(
    forge: Callable[[Document], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _old_copy(STORIES / "mini", tmp_path / "story")
    cold = check_folder(story)
    checked(story, cold_check)
    (file,) = _cache_files()
    _rewrite(file, forge)
    again = checked(story, cold_check)
    assert again[1] == cold[1] and _deep(again[0]) == _deep(cold[0])
    _cold_only(monkeypatch)  # it was written anew: the next load is a warm one
    assert _deep(checked(story, cold_check)[0]) == _deep(cold[0])


def _decoded_with_scene_places(folder: Path, places: str) -> Any:
    story, verdicts = check_folder(folder)
    assert story is not None
    document = json.loads(encode(story, verdicts))
    _scene(document)[-1] = places
    decoded, _ = decode(json.dumps(document))
    assert decoded is not None
    return next(iter(decoded.scenes.values()))


@pytest.mark.parametrize(
    "places",
    ["0 0", "0", "x 0 1", "0 0 -1", "7 0 1", "0 999 1", "0 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14"],
    ids=["few", "no shape", "not numbers", "negative", "no file", "unknown shape", "many"],
)
def test_field_positions_that_are_not_a_storys_are_an_error_when_read(
    places: str, tmp_path: Path
) -> None:
    scene = _decoded_with_scene_places(_old_copy(STORIES / "mini", tmp_path / "story"), places)
    with pytest.raises(ValueError):
        scene.where("text")


def test_field_positions_read_when_asked_for_are_the_cold_loads(tmp_path: Path) -> None:
    folder = _old_copy(STORIES / "mini", tmp_path / "story")
    story, verdicts = check_folder(folder)
    assert story is not None
    warm, _ = decode(encode(story, verdicts))
    assert warm is not None
    for cold_scene, warm_scene in zip(story.scenes.values(), warm.scenes.values(), strict=True):
        assert dict(warm_scene.at) == dict(cold_scene.at) and warm_scene.pos == cold_scene.pos
        for key in cold_scene.at:
            assert warm_scene.where(key) == cold_scene.where(key)
            assert key in warm_scene.at and warm_scene.at.get(key) == cold_scene.at[key]
        assert warm_scene.at.get("no such field") is None and "no such field" not in warm_scene.at
        assert len(warm_scene.at) == len(cold_scene.at)
