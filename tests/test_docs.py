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
