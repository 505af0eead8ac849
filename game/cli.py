"""Command line: arguments to one command function; the single place that catches GameError."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn, TextIO

from game import __version__
from game.authoring import cli as authoring
from game.classroom import cli as classroom
from game.cli_args import name_arg, saves_arg, story_dir
from game.errors import GameError
from game.server import command as server


@dataclass(frozen=True)
class CommandSpec:
    """One subcommand: its name, one-line help, how it adds arguments and how it runs."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --- play -------------------------------------------------------------------------
def _play_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--story",
        metavar="DIR",
        help="story folder (default: the shipped story; with --load, the one the save names)",
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help="plain line-by-line text: no colour, boxes or cursor movement (screen readers)",
    )
    p.add_argument("--width", type=_width, metavar="N", help="wrap text at N columns (40 up)")
    saves_arg(p)
    p.add_argument("--load", metavar="NAME", help="resume the save slot NAME (e.g. autosave)")
    p.add_argument(
        "--name",
        type=name_arg,
        metavar="NAME",
        help="your name, for the class report; your saves are your own (Continue and "
        "--load autosave resume only your game)",
    )
    p.add_argument(
        "--chapter",
        metavar="ID",
        help="start a new game at the chapter ID (saved apart from your main game)",
    )
    p.add_argument(
        "--minutes",
        type=_minutes,
        metavar="N",
        help="lesson length: stop and save at the first scene of the record after N minutes",
    )
    p.add_argument(
        "--seed",
        type=_seed,
        metavar="N",
        help="fix the order in which a new game shows choices and options (a whole number)",
    )
    p.add_argument(
        "--no-shuffle",
        action="store_true",
        help="a new game shows choices and options in story order (for scripts and transcripts)",
    )


def _saves_args(p: argparse.ArgumentParser) -> None:
    saves_arg(p)
    p.add_argument(
        "--name",
        type=name_arg,
        metavar="NAME",
        help="just this player's saves (default: everyone's)",
    )


def _width(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 40 <= width <= 1000:
        raise argparse.ArgumentTypeError("the width must be between 40 and 1000 columns")
    return width


def _seed(value: str) -> int:
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise argparse.ArgumentTypeError(f"'{value[:30]}' is not a whole number from 0 up")
    return int(text)


def _minutes(value: str) -> float:
    try:
        minutes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of minutes") from None
    if not 0 < minutes <= 1440:
        raise argparse.ArgumentTypeError("the lesson length must be more than 0 and at most 1440")
    return minutes


def _play_run(args: argparse.Namespace) -> int:
    from game.ui.launch import play
    from game.ui.options import PlayOptions

    options = PlayOptions(
        story=story_dir(args.story),
        plain=args.plain,
        width=args.width,
        saves=args.saves,
        load=args.load,
        name=args.name,
        chapter=args.chapter,
        minutes=args.minutes,
        seed=args.seed,
        shuffle=not args.no_shuffle,
        story_given=args.story is not None,
    )
    return play(options)


# --- saves ------------------------------------------------------------------------
def _saves_run(args: argparse.Namespace) -> int:
    from game.saves.store import save_dir
    from game.ui.savetext import saves_listing

    lines = saves_listing(save_dir(args.saves), args.name)
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def _error_note(stream: TextIO, line: str) -> None:
    stream.write(line + "\n")
    stream.flush()


COMMANDS: list[CommandSpec] = [
    CommandSpec("play", "play a story (the default command)", _play_args, _play_run),
    CommandSpec(
        "check",
        "check a story folder and report every problem",
        authoring.check_args,
        authoring.check_run,
    ),
    CommandSpec(
        "new",
        "write a small starter story to a new folder, ready to check and play",
        authoring.new_args,
        authoring.new_run,
    ),
    CommandSpec("saves", "list the save slots", _saves_args, _saves_run),
    CommandSpec(
        "report",
        "a player's report from a save: md, html or json",
        classroom.report_args,
        classroom.report_run,
    ),
    CommandSpec(
        "class",
        "summarise a folder of reports or saves for the class",
        classroom.class_args,
        classroom.class_run,
    ),
    CommandSpec("serve", server.HELP, server.serve_args, server.serve_run),
    CommandSpec(
        "graph",
        "draw the story as a Mermaid or DOT graph",
        authoring.graph_args,
        authoring.graph_run,
    ),
    CommandSpec(
        "playtest",
        "play a story thousands of times: coverage, soft-locks, unreachable scenes",
        authoring.playtest_args,
        authoring.playtest_run,
    ),
    CommandSpec(
        "stats",
        "count the words on the historical path, per chapter, and the minutes to read them",
        authoring.stats_args,
        authoring.stats_run,
    ),
    CommandSpec(
        "schema",
        "where the JSON Schema for story files is",
        authoring.schema_args,
        authoring.schema_run,
    ),
]


class _Parser(argparse.ArgumentParser):
    """argparse, with what it quotes from the command line made visible (no raw escapes)."""

    def error(self, message: str) -> NoReturn:
        from game.story.visible import visible

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {visible(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="special-tasks",
        description=(
            "Special Tasks: a text adventure on the Soviet operation against Trotsky, "
            "1939-1940, and an engine for history stories written in YAML. "
            "With no command, plays the game."
        ),
        epilog=(
            "Exit codes: 0 success; 1 errors found or the game failed; 2 bad invocation; "
            "74 the output could not be written (closed or full); 130 interrupted; "
            "141 the output's reader went away; 143 a game stopped by SIGTERM (saved first)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for spec in COMMANDS:
        p = sub.add_parser(spec.name, help=spec.help, description=spec.help)
        spec.add_arguments(p)
        p.set_defaults(run=spec.run)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    names = {spec.name for spec in COMMANDS}
    if argv and (argv[0] in names or argv[0] in ("-h", "--help", "--version")):
        return argv
    return ["play", *argv]


def _error(stream: TextIO, message: str, detail: str | None = None) -> None:
    # A story error's source line and caret come first: the root cause, then the summary.
    # Standard error may be closed or full too: then there is no one left to tell.
    # A message may quote a path, a slot or story text: nothing in it reaches the terminal raw.
    from game.story.visible import visible

    with contextlib.suppress(OSError, ValueError):
        if detail:
            stream.write("".join(visible(line) + "\n" for line in detail.splitlines()))
        stream.write(f"Error: {visible(message)}\n")
        stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from game.ui.streams import guarded

    with guarded():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(args_list: list[str]) -> int:
    from game.ui.streams import OUTPUT_FAILED, OutputFailed, silence_output

    try:
        args = build_parser().parse_args(_with_default_command(args_list))
        run: Callable[[argparse.Namespace], int] = args.run
        code = run(args)
        sys.stdout.flush()  # a full disk shows here, while it can still be reported
        return code
    except OutputFailed as exc:
        silence_output()
        _error(sys.stderr, str(exc))
        return OUTPUT_FAILED
    except GameError as exc:
        _error(sys.stderr, str(exc), exc.detail)
        return exc.exit_code
    except KeyboardInterrupt:
        _error(sys.stderr, "interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): say nothing more, and keep Python from
        # complaining while it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
