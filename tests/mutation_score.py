"""Print mutmut's score per module from its results in mutants/ (docs/testing.md).

    python tests/mutation_score.py

killed / (killed + survived); mutants with no test that reaches them, mutants not yet run
and mutants that ran out of time are counted apart, never as killed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NO_TESTS = (5, 33)  # mutmut's exit codes for a mutant no test reaches
TIMEOUTS = (-24, 24, 36, 152, 255)  # out of CPU time: on a loaded machine not always the mutant


def verdict(code: int | None) -> str:
    if code is None:
        return "not run"
    if code == 0:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    return "timeout" if code in TIMEOUTS else "killed"


def main() -> None:
    total: Counter[str] = Counter()
    for meta in sorted((ROOT / "mutants").glob("game/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        counts = Counter(verdict(code) for code in codes.values())
        total.update(counts)
        run = counts["killed"] + counts["survived"]
        score = f"{100 * counts['killed'] / run:.1f}%" if run else "-"
        name = meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".meta")
        print(f"{name:34} {score:>6}  " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    run = total["killed"] + total["survived"]
    score = f"{100 * total['killed'] / run:.1f}%" if run else "-"
    print(f"{'all':34} {score:>6}  " + ", ".join(f"{n} {k}" for k, n in sorted(total.items())))


if __name__ == "__main__":
    main()
