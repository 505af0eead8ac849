"""The names `class` offers on its command line, kept apart so that building the command line
(at every start, whatever the command) does not import the class summary itself."""

from __future__ import annotations

FORMATS = ("table", "html", "csv", "md")
"""The output formats of `class --format`."""
CSV_TABLES = ("students", "questions", "decisions", "reflections")
"""The tables `class --format csv --table` can write."""
