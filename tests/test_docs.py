"""The docs' examples: the tutorial's YAML parses, and its complete story passes the checker."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from game.story.checker import check_folder
from tests.conftest import ROOT, run_cli

TUTORIAL = ROOT / "docs" / "writing-stories.md"
BLOCK = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.DOTALL | re.MULTILINE)
COMPLETE = re.compile(
    r"<!-- complete-story: (\S+) -->\n```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE
)


def test_every_yaml_example_in_the_tutorial_is_valid_yaml() -> None:
    blocks = BLOCK.findall(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    for indent, block in blocks:
        text = "\n".join(line[len(indent) :] for line in block.splitlines())
        yaml.safe_load(text)


def test_the_tutorials_complete_story_checks_clean_and_plays(tmp_path: Path) -> None:
    files = COMPLETE.findall(TUTORIAL.read_text(encoding="utf-8"))
    assert [name for name, _ in files] == ["story.yaml", "01-press.yaml", "02-border.yaml"]
    folder = tmp_path / "wall-1989"
    folder.mkdir()
    for name, text in files:
        (folder / name).write_text(text, encoding="utf-8")
    story, items = check_folder(folder)
    assert story is not None
    assert [str(d) for d in items] == []
    result = run_cli("check", str(folder))
    assert result.stdout.endswith("0 errors, 0 warnings (6 scenes, 2 facts, 1 question)\n")
    played = run_cli("--story", str(folder), input="1\n\n2\n1\n\nAn accident of orders.\n")
    assert played.returncode == 0, played.stderr
    assert "Your choices followed the record at 2 of 2 decisions." in played.stdout


def _tutorial_story(folder: Path) -> Path:
    folder.mkdir()
    for name, text in COMPLETE.findall(TUTORIAL.read_text(encoding="utf-8")):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_tutorials_what_if_of_two_scenes_checks_clean_and_shows_both_realities(
    tmp_path: Path,
) -> None:
    tutorial = TUTORIAL.read_text(encoding="utf-8")
    example = next(b for _, b in BLOCK.findall(tutorial) if "  - id: phone" in b)
    folder = _tutorial_story(tmp_path / "wall-1989")
    border = (folder / "02-border.yaml").read_text(encoding="utf-8")
    start, end = border.index("  - id: wait\n"), border.index("  - id: open-gate\n")
    (folder / "02-border.yaml").write_text(border[:start] + example + border[end:])
    _, items = check_folder(folder)
    assert [str(d) for d in items] == []
    played = run_cli("--story", str(folder), "--width", "200", input="1\n\n2\n2\n\n\n\n\n")
    out = played.stdout
    # Both realities come together, in order, when the player is back on the record.
    first = out.index("What really happened:\n  No clear order came.")
    assert out.index("The officer's superiors gave him no order either way") > first
    assert out.index("They tell you to use your own judgement.") < first


def test_the_tutorials_claims_about_single_choices_and_facts_in_story_yaml(
    tmp_path: Path,
) -> None:
    folder = _tutorial_story(tmp_path / "wall-1989")
    press = (folder / "01-press.yaml").read_text(encoding="utf-8")
    single = press.replace("      - text: Say nothing and take notes.\n        goto: silent\n", "")
    (folder / "01-press.yaml").write_text(single)
    (folder / "story.yaml").write_text(
        (folder / "story.yaml").read_text(encoding="utf-8") + "facts: []\n"
    )
    out = run_cli("check", str(folder)).stdout
    assert "error[E101]: unknown field 'facts' in story.yaml" in out
    assert "error[E110]:" in out
