"""Where the JSON Schema of the story format is shipped (for editors' YAML support)."""

from __future__ import annotations

from pathlib import Path

SCHEMA_NAME = "story.schema.json"


def schema_path() -> Path:
    """The installed story.schema.json."""
    return Path(__file__).resolve().parent / SCHEMA_NAME
