"""The pty helper itself: a game that does not end fails with where it was, not a bare timeout."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pexpect")
if sys.platform == "win32":  # pragma: no cover - pexpect.spawn needs a POSIX pty
    pytest.skip("pseudo-terminals are POSIX-only", allow_module_level=True)

from tests.pty_terminal import spawn_game

MINI = ROOT / "tests" / "stories" / "mini"


def test_a_game_that_does_not_end_is_reported_with_its_stacks(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    with spawn_game(MINI, saves, "--plain", "--no-shuffle", "--name", "Ben") as t:
        t.wait_for("3. Ask the guard first.")
        # Waiting for a line that never comes: to read_to_end, a game that hangs.
        with pytest.raises(AssertionError) as failed:
            t.read_to_end(timeout=1)
    message = str(failed.value)
    assert message.startswith("the game had not ended within 1 s")
    assert f"/proc/{t.child.pid}/stat: {t.child.pid} (python" in message
    # faulthandler's dump of the main thread, down to the game's own reading of a line.
    assert "Current thread" in message or "Thread 0x" in message
    assert 'File "' + str(ROOT / "game" / "ui" / "plain.py") + '"' in message
    assert "3. Ask the guard first." in message  # and the screen it had drawn
