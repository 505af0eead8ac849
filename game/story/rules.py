"""The story format's value rules: id and date patterns, enumerations, forbidden characters."""

from __future__ import annotations

import re

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE_RE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\Z")
VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Words of the condition language, which a variable name would shadow.
RESERVED_NAMES = ("and", "or", "not", "true", "false", "visited", "seen")
# C0 controls except tab and newline, DEL, and C1 controls: they could move the cursor,
# recolour or retitle a student's terminal.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SOURCE_KINDS = ("memoir", "document", "testimony", "newspaper", "scholarship", "article")
CERTAINTIES = ("established", "memoir", "disputed")
