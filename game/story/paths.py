"""Where the shipped story lives: beside the package when installed, else in the checkout."""

from __future__ import annotations

from pathlib import Path


def shipped_story() -> Path:
    """The folder of the shipped story (installed package data, or the checkout's scenes/)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "scenes", package.parent / "scenes"):
        if (candidate / "story.yaml").is_file():
            return candidate
    return package.parent / "scenes"
