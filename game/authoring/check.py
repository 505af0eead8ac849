"""The `check` command's output: diagnostics with their source lines, or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from game.story.cache import checked
from game.story.checker import check_folder
from game.story.diagnostic import Diagnostic
from game.story.diagnostics import plural, summary
from game.story.model import Story
from game.story.snippets import render_all
from game.story.visible import visible

JSON_VERSION = 1


def check_text(folder: Path) -> tuple[str, list[Diagnostic]]:
    """What `check` prints: every diagnostic with its snippet, then a one-line summary."""
    story, items = checked(folder, check_folder)
    lines = render_all(items)
    if lines:
        lines.append("")
    lines.append(f"{visible(str(folder))}: {summary(items)}{_counts(story)}")
    return "\n".join(lines) + "\n", items


def check_json(folder: Path) -> tuple[str, list[Diagnostic]]:
    """The diagnostics as one JSON document, for editors and CI."""
    items = checked(folder, check_folder)[1]
    errors = sum(1 for d in items if d.is_error)
    data = {
        "version": JSON_VERSION,
        "story": str(folder),
        "errors": errors,
        "warnings": len(items) - errors,
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
                "help": d.help or None,
            }
            for d in items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n", items


def _counts(story: Story | None) -> str:
    if story is None:
        return ""
    return (
        f" ({plural(len(story.scenes), 'scene')}, {plural(len(story.facts), 'fact')}, "
        f"{plural(len(story.questions), 'question')})"
    )
