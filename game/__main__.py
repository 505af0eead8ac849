"""`python -m game`: the same as the `special-tasks` command."""

from __future__ import annotations

import sys

from game.cli import main

sys.exit(main())
