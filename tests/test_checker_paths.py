"""`special-tasks check` on the story's shape and on control characters, through the CLI.

Each test here is named for a bug that once passed the whole suite (docs/testing.md lists
them): convergence judged by *any* branch instead of *all*, a shorter step limit, C1 control
characters or control characters in mapping keys let through.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import BASE_MANIFEST, line_of, run_cli, write_story

# one -> mid -> end is the historical path. Off it:
#   fork  has one choice back to mid and one into the long detour l1..l4: some path from
#         fork takes 5 steps, so fork does not converge, although one of its branches does;
#   l1    needs 4 steps (l1 l2 l3 l4 mid): too many; l2 needs exactly 3: allowed;
#   s3    needs exactly 3 steps by a line of single links (s3 s2 s1 mid): allowed.
SHAPE = """\
chapter:
  id: main
  title: Main

scenes:
  - id: one
    text: Start.
    choices:
      - text: Straight on.
        goto: mid
        history: true
      - text: Take the fork.
        goto: fork
      - text: Take the short way round.
        goto: s3
  - id: fork
    text: A fork.
    reality: Nobody came this way.
    choices:
      - text: Back to the road.
        goto: mid
      - text: Into the woods.
        goto: l1
{line}
  - id: mid
    text: Middle.
    next: end
  - id: end
    text: The end.
    end: true
"""


def _line(*ids: str) -> str:
    """Scenes each leading to the next, the last one to 'mid'."""
    out = []
    for here, there in zip(ids, [*ids[1:], "mid"], strict=True):
        out.append(f"  - id: {here}\n    text: On the way.\n    reality: No.\n    next: {there}")
    return "\n".join(out)


def _not_converging(folder: Path) -> dict[str, str]:
    """Scene id -> message of each E113 that `check` prints."""
    result = run_cli("check", str(folder))
    codes = set(re.findall(r"error\[(E\d+)\]", result.stdout))
    assert codes == {"E113"}, result.stdout
    found = {}
    for line in result.stdout.splitlines():
        match = re.search(r"error\[E113\]: (.*what-if scene '([a-z0-9-]+)'.*)", line)
        if match:
            found[match.group(2)] = match.group(1)
    return found


def _story(tmp_path: Path) -> Path:
    chapter = SHAPE.format(line=_line("l1", "l2", "l3", "l4") + "\n" + _line("s3", "s2", "s1"))
    return write_story(tmp_path / "shape", {"story.yaml": BASE_MANIFEST, "01-main.yaml": chapter})


def test_a_what_if_converges_only_when_every_branch_rejoins_in_time(tmp_path: Path) -> None:
    found = _not_converging(_story(tmp_path))
    # fork rejoins at once by one branch, but its other branch is 5 steps long. Only the
    # root of the detour is reported (l1 inside it is the same mistake), with the path shown.
    assert sorted(found) == ["fork"]
    assert found["fork"] == (
        "what-if scene 'fork' does not return to the historical path within 3 steps: "
        "fork → l1 → l2 → l3 is still off it"
    )


def test_three_steps_back_to_the_record_are_allowed_and_four_are_not(tmp_path: Path) -> None:
    found = _not_converging(_story(tmp_path))
    # s3 is exactly three steps from the path: allowed. fork's long branch is shown for
    # exactly three steps before it is still off the record.
    assert "s3" not in found
    assert found["fork"].endswith(": fork → l1 → l2 → l3 is still off it")


def _check(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    """`check` output for the base story with one edit, and the edited chapter text."""
    from tests.conftest import BASE_CHAPTER

    assert old in BASE_CHAPTER
    chapter = BASE_CHAPTER.replace(old, new, 1)
    folder = write_story(tmp_path / "story", {"story.yaml": BASE_MANIFEST, "01-main.yaml": chapter})
    return run_cli("check", str(folder)).stdout, chapter


def test_c1_control_characters_in_story_text_are_an_error(tmp_path: Path) -> None:
    # U+009B is the one-byte CSI: "\x9b2J" clears the screen on many terminals.
    out, chapter = _check(tmp_path, "text: Second.", 'text: "Sec\\x9b2Jond."')
    line = line_of(chapter, "Sec")
    assert (
        f"01-main.yaml:{line}:11: error[E119]: text contains the terminal control character "
        "U+009B (at character 4); remove it"
    ) in out


def test_the_last_c1_control_character_is_an_error_too(tmp_path: Path) -> None:
    out, _ = _check(tmp_path, "text: Second.", 'text: "Second.\\x9f"')
    assert "control character U+009F (at character 8)" in out


def test_a_control_character_in_a_mapping_key_is_an_error_at_the_key(tmp_path: Path) -> None:
    out, chapter = _check(tmp_path, "text: Second.", 'text: Second.\n    "x\\ey": 1')
    line = line_of(chapter, '"x\\ey"')
    assert (
        f"01-main.yaml:{line}:5: error[E119]: text contains the terminal control character "
        "U+001B (at character 2); remove it"
    ) in out


def test_a_long_historical_circle_is_shown_by_its_ends_on_one_short_line(tmp_path: Path) -> None:
    scenes = "".join(
        f"  - id: s{i}\n    text: On.\n    next: s{(i + 1) % 500}\n" for i in range(500)
    )
    manifest = "story:\n  id: ring\n  title: Ring\n  version: 1\n  start: s0\n"
    chapter = "chapter: {id: main, title: Main}\nscenes:\n" + scenes
    folder = write_story(tmp_path / "ring", {"story.yaml": manifest, "01-main.yaml": chapter})
    out = run_cli("check", str(folder)).stdout
    assert out.splitlines()[0] == (
        f"{folder}/01-main.yaml:{3 * 500 + 2}:11: error[E125]: the historical path runs in a "
        "circle: s0 → s1 → s2 → s3 → … 493 more … → s497 → s498 → s499 → s0; what really "
        "happened must reach an ending"
    )


# one -> fork, whose two branches (the record's and a what-if) both lead to the ending: the
# search back from the ending meets fork twice, once per branch, and must go on past it.
TWO_WAYS = """\
chapter:
  id: main
  title: Main

scenes:
  - id: one
    text: Start.
    next: fork
  - id: fork
    text: A fork.
    choices:
      - text: As it happened.
        goto: real
        history: true
      - text: What if.
        goto: other
  - id: real
    text: As it was.
    next: end
  - id: other
    text: As it was not.
    reality: It did not happen this way.
    next: end
  - id: end
    text: The end.
    end: true
"""


def test_a_scene_before_a_fork_whose_branches_both_end_can_reach_an_ending(
    tmp_path: Path,
) -> None:
    manifest = BASE_MANIFEST.replace("variables:\n  flag: false\n  count: 0\n\n", "")
    folder = write_story(tmp_path / "two", {"story.yaml": manifest, "01-main.yaml": TWO_WAYS})
    result = run_cli("check", str(folder))
    assert "no ending can be reached" not in result.stdout
    assert ": 0 errors, " in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout
