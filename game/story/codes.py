"""Every diagnostic code: its severity, meaning, phase and long explanation.

The codes live in `codes.md` beside this module, the one text behind `check --explain CODE`
and docs/checker-codes.md (see `explain.py`; a test keeps the page the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PHASES = ("syntax", "fields", "references", "graph", "usage")
"""The order in which problems are reported: a later phase is often a consequence."""

_HEADING = re.compile(r"^## ([EW]\d{3}) \| (\w+) \| (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Code:
    """One diagnostic code."""

    code: str
    phase: str
    meaning: str
    """A few words, as in the table."""
    explanation: str
    """Markdown: what it means, an example, the fix."""

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"


@cache
def table() -> tuple[Code, ...]:
    """Every code, in order, read from codes.md."""
    text = (Path(__file__).resolve().parent / "codes.md").read_text(encoding="utf-8")
    heads = list(_HEADING.finditer(text))
    out: list[Code] = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        code, phase, meaning = head.groups()
        out.append(Code(code, phase, meaning, text[head.end() : end].strip("\n")))
    return tuple(out)


@cache
def by_code() -> dict[str, Code]:
    """Every code by its name."""
    return {c.code: c for c in table()}


def meanings() -> dict[str, str]:
    """code -> meaning, as in the table."""
    return {c.code: c.meaning for c in table()}


def phase_rank(code: str) -> int:
    """Position of a code's phase in PHASES (unknown codes last)."""
    entry = by_code().get(code)
    return PHASES.index(entry.phase) if entry else len(PHASES)
