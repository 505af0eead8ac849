"""The one file a student hands in: an HTML report that carries its JSON report inside.

The JSON sits in a `<script type="application/json">` block, which browsers never run, with
every `<`, `>` and `&` written as a JSON escape, so no text in it can close the block or open
markup. The class summary reads the block back with the standard HTML parser.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

BLOCK_ID = "special-tasks-report"
JSON_TYPE = "application/json"


def json_block(report: dict[str, Any]) -> str:
    """The report as an inert script element to put in an HTML page."""
    text = json.dumps(report, ensure_ascii=False, indent=1)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    # U+2028 and U+2029 are valid in JSON; escaped, the block stays one clean text node.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="{JSON_TYPE}" id="{BLOCK_ID}">\n{text}\n</script>'


class _Finder(HTMLParser):
    """Collects the text of the first report block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inside = False
        self.found: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if (
            tag == "script"
            and self.found is None
            and values.get("id") == BLOCK_ID
            and (values.get("type") or "").lower() == JSON_TYPE
        ):
            self.inside = True
            self.found = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.found is not None:
            self.found.append(data)


def embedded_json(html: str) -> Any:
    """The JSON report inside an HTML report; None when the page holds none."""
    finder = _Finder()
    try:
        finder.feed(html)
        finder.close()
    except (AssertionError, ValueError):  # pragma: no cover - the parser is lenient
        return None
    if finder.found is None:
        return None
    try:
        return json.loads("".join(finder.found))
    except (ValueError, RecursionError):
        return None


def looks_like_html(data: bytes) -> bool:
    """True when a file's first bytes look like an HTML page."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))
