"""The command line's argparse parser (imported only to declare options: see cli_args)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class Parser(argparse.ArgumentParser):
    """argparse, with what it quotes from the command line made visible (no raw escapes)."""

    building = False
    """True while `build_parser` declares the options: each `add_argument` then asks for a
    formatter only to check its metavar, which needs no width (finding the terminal's width
    imports shutil and its compression modules)."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        if Parser.building:
            return argparse.HelpFormatter(self.prog, width=80)
        return super()._get_formatter()

    def error(self, message: str) -> NoReturn:
        from game.story.visible import visible

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible(message)}\n")
