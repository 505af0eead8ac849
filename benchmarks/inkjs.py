"""The inkjs floor of the playthroughs row: the generated 100-scene story written in ink and
played at random by inkjs in Node.js, on this machine, in the same run.

The ink story has the generated story's shape (benchmarks/generate.py): the same blocks of a
decision point (the historical choice, a what-if that adds suspicion, and a shortcut offered
under the same condition), its what-if scene with what really happened, a record scene that
shows a fact note, a Continue scene, and a question every second block with its
explanation; the same texts of about 140 words. `benchmarks/ink/play.js` plays it with the
inkjs version pinned below, every line and choice text made, a choice drawn at random at each.

Node.js and npm are optional: without them, or without the npm registry, the row says so and
uses the figure the issue measured (160 a second) instead. inkjs is installed once, with npm,
into `benchmarks/ink/node_modules` (the version pinned in `benchmarks/ink/package.json` and
its lock file; git ignores the folder).

    python benchmarks/inkjs.py        # prints inkjs's playthroughs a second
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import BLOCK, WORDS_PER_SCENE, _prose  # noqa: E402

PLAYER = Path(__file__).resolve().parent / "ink" / "play.js"
INKJS: str = json.loads((PLAYER.parent / "package.json").read_text())["dependencies"]["inkjs"]
"""The inkjs version benchmarks/ink/package.json pins."""
ISSUE_FIGURE = 160.0
"""inkjs's playthroughs a second of a comparable story, as the issue measured it elsewhere."""


def _text(seed: int, words: int = WORDS_PER_SCENE) -> str:
    """The generated story's prose for `seed`, as ink lines (one per line of the prose)."""
    return "\n".join(line.strip() for line in _prose(seed, words).splitlines()) + "\n"


def _block(b: int, last: bool) -> str:
    after = "-> END" if last else f"-> b{b + 1}_decide"
    previous = f"b{b - 1}_record" if b else "b0_record"  # seen(f{b-1}): its record was read
    question = ""
    if b % 2 == 0:
        question = (
            f"What happened at step {b}?\n"
            "+ [One thing]\n+ [Another thing]\n+ [Nothing]\n"
            "- The record says so.\n"
        )
    return f"""\
=== b{b}_decide ===
Decision {b}
{_text(b)}+ [Do what was done in {b}.] -> b{b}_record
+ [Try something else at {b}.]
    ~ suspicion += 1
    -> b{b}_whatif
+ {{suspicion < 2 && (!warned || {previous})}} [Take the short way, if nobody suspects you.]
    ~ warned = true
    -> b{b}_record

=== b{b}_whatif ===
{_text(b + 1)}What really happened:
{_text(b + 2, 60)}+ [Continue] -> b{b}_record

=== b{b}_record ===
Record {b}
{_text(b + 3)}Fact {b}: Something documented happened at step {b}.
{question}+ [Continue] -> b{b}_after

=== b{b}_after ===
{_text(b + 4)}+ [Continue] {after}

"""


def ink_story(scenes: int) -> str:
    """The generated story of `scenes` scenes (a multiple of 4), in ink."""
    blocks = scenes // BLOCK
    head = "VAR suspicion = 0\nVAR warned = false\n-> b0_decide\n\n"
    return head + "".join(_block(b, b == blocks - 1) for b in range(blocks))


def _ran(
    command: list[str], failure: str, **options: Any
) -> tuple[subprocess.CompletedProcess[str] | None, str]:
    """`command` run to its end with its output captured; or None and why, after `failure`."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, **options)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"{failure} ({exc})"
    if done.returncode != 0:
        return None, f"{failure}: {done.stderr.strip()[-300:]}"
    return done, ""


def installed() -> tuple[Path | None, str]:
    """The folder holding inkjs's node_modules, installing it the first time; or None and why."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None, "Node.js or npm is not installed"
    folder = PLAYER.parent
    if (folder / "node_modules" / "inkjs" / "package.json").is_file():
        return folder, ""
    command = ["npm", "install", "--no-audit", "--no-fund", "--silent"]
    _, why = _ran(command, "npm could not install inkjs", cwd=folder, timeout=300)
    if why:
        return None, why
    return folder, ""


def inkjs_rates(scenes: int, games: int, repeat: int) -> tuple[list[float] | None, str]:
    """inkjs's playthroughs a second of the ink story, `repeat` times `games` games; or None
    and why it could not be measured."""
    folder, why = installed()
    if folder is None:
        return None, why
    with tempfile.TemporaryDirectory(prefix="bench-ink-") as base:
        source = Path(base) / "story.ink"
        source.write_text(ink_story(scenes), encoding="utf-8")
        env = {**os.environ, "NODE_PATH": str(folder / "node_modules")}
        command = ["node", str(PLAYER), str(source), str(games), str(repeat)]
        done, why = _ran(command, "inkjs did not run", env=env, timeout=600)
    if done is None:
        return None, why
    rates = json.loads(done.stdout)["rates"]
    return [float(r) for r in rates], ""


if __name__ == "__main__":
    found, reason = inkjs_rates(100, 300, 7)
    if found is None:
        sys.exit(f"inkjs not measured: {reason}")
    print(f"inkjs: {statistics.median(found):,.0f} playthroughs/s (best {max(found):,.0f})")
