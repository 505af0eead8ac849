"""A player's report in the format asked for: Markdown, HTML or JSON."""

from __future__ import annotations

import json

from game.classroom.report import Playthrough, build, report_json, report_markdown
from game.classroom.report_html import report_html


def render(play: Playthrough, fmt: str) -> str:
    """The report in `fmt` (md, html or json)."""
    report = build(play)
    if fmt == "json":
        return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return report_html(report)
    return report_markdown(report)
