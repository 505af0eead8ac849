"""The exhaustive search tells states apart by what visited() can see (tests/stories/visits).

Named for a bug that once passed the whole suite (docs/testing.md): a search that ignores
visited() state either never opens the hidden door or merges the two ways into the gate.
"""

from __future__ import annotations

from tests.conftest import run_cli


def test_exhaustive_search_follows_visited_through_both_ways_into_the_gate() -> None:
    done = run_cli("playtest", "tests/stories/visits", "--exhaustive")
    assert done.returncode == 0, done.stdout
    # The gate is reached twice: straight (the plain door opens) and through the side room
    # (the hidden door opens): two states at one scene.
    assert done.stdout == (
        "Exhaustive search of 'The Side Room' (tests/stories/visits): 8 states, "
        "search complete\n"
        "Scenes reachable: 6 of 6; endings reachable: 1 of 1\n"
        "Shortest witness path to each scene:\n"
        "  hall: hall\n"
        "  side: hall --side--> side\n"
        "  gate: hall --gate--> gate\n"
        "  hidden: hall --side--> side --> gate --hidden--> hidden\n"
        "  plain: hall --gate--> gate --plain--> plain\n"
        "  end: hall --gate--> gate --end--> end\n"
        "OK: every scene and every ending can be reached, every choice can be offered, "
        "and nothing soft-locks.\n"
    )
