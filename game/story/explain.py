"""The long explanations of diagnostic codes: `check --explain CODE` and docs/checker-codes.md."""

from __future__ import annotations

from game.story.codes import by_code, table


def explain(code: str) -> str | None:
    """The long explanation of one code, as printed by `check --explain`; None if unknown."""
    entry = by_code().get(code.upper())
    if entry is None:
        return None
    return f"{entry.code} ({entry.severity}): {entry.meaning}\n\n{entry.explanation}\n"


INTRO = """\
# Checker codes

`special-tasks check` reports each problem as its place and code, the line it is on with a
caret under the column, and a `help:` line when a fix is known:

```
wall/02-border.yaml:17:15: error[E104]: goto names no scene 'opne-gate' (did you mean 'open-gate'?)
   |
17 |         goto: opne-gate
   |               ^^^^^^^^^
   = help: change it to 'open-gate', or add a scene with id: opne-gate
```

Problems come in the order they should be fixed: YAML syntax, then fields, then references
between files, then the story's paths; errors before warnings. Checks whose findings would
only repeat an earlier error are skipped and counted (W205). Errors (`E…`) stop a story from
being played; warnings (`W…`) do not, unless `--strict` is given. `play`, `graph`,
`playtest`, `report` and `class` show a story's first error in the same form.

`special-tasks check --explain E104` prints one code's explanation below;
`special-tasks check --format json` gives the diagnostics as JSON for editors and CI.
"""

OUTRO = """\
Exit codes: `0` no errors; `1` errors, or warnings with `--strict`; `2` unusable invocation
(no such folder, no `story.yaml`).

This page is generated: `special-tasks check --explain all` prints it.
"""


def codes_markdown() -> str:
    """docs/checker-codes.md: the table, then every code's explanation."""
    rows = "".join(f"| {c.code} | {c.severity} | {c.meaning} |\n" for c in table())
    sections = "".join(f"\n## {c.code}: {c.meaning}\n\n{c.explanation}\n" for c in table())
    return f"{INTRO}\n| code | severity | meaning |\n|---|---|---|\n{rows}{sections}\n{OUTRO}"
