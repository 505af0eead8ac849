"""tests/named_mutations.py stays applicable: every bug it re-applies still matches the code
exactly once (else it would print GONE, and the bug the suite is named for would go unproved)."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.named_mutations import BUGS


def test_every_named_bug_still_applies_to_the_code_once() -> None:
    bugs = BUGS
    assert len(bugs) >= 18
    for bug in bugs:
        text = (ROOT / bug.file).read_text(encoding="utf-8")
        assert text.count(bug.old) == 1, f"{bug.name}: its code moved ({bug.file})"
        test_file, _, test_name = bug.test.partition("::")
        source = (ROOT / test_file).read_text(encoding="utf-8")  # a whole file, or one test
        assert not test_name or f"def {test_name}(" in source, bug.test
