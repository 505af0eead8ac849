"""Command line: arguments to one command function; the single place that catches GameError."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from types import SimpleNamespace
from typing import TYPE_CHECKING, TextIO, cast

from game import __version__
from game.cli_args import (
    minutes_arg,
    name_arg,
    quick_play,
    saves_arg,
    seed_arg,
    story_dir,
    width_arg,
)
from game.errors import GameError

if TYPE_CHECKING:  # argparse is imported to declare options, not to play (cli_args.quick_play)
    import argparse


class CommandSpec:
    """One subcommand: its name, one-line help, how it adds arguments and how it runs.

    The functions of a command other than `play` and `saves` are named "module:function" and
    imported only when that command is given (or the whole help is asked for), so that playing
    does not import the checker's, the report's or the server's command code.
    """

    __slots__ = ("_add_arguments", "_run", "help", "name")

    def __init__(
        self,
        name: str,
        help: str,
        add_arguments: Callable[[argparse.ArgumentParser], None] | str,
        run: Callable[[argparse.Namespace], int] | str,
    ) -> None:
        self.name = name
        self.help = help
        self._add_arguments = add_arguments
        self._run = run

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add = self._add_arguments
        if isinstance(add, str):
            add = cast("Callable[[argparse.ArgumentParser], None]", _imported(add))
        add(parser)

    def run(self, args: argparse.Namespace) -> int:
        run = self._run
        if isinstance(run, str):
            run = cast("Callable[[argparse.Namespace], int]", _imported(run))
        return run(args)


def _imported(function: str) -> object:
    """The function named "module:function", its module imported."""
    module, name = function.split(":")
    return getattr(import_module(module), name)


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
    p.add_argument("--width", type=width_arg, metavar="N", help="wrap text at N columns (40 up)")
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
        type=minutes_arg,
        metavar="N",
        help="lesson length: stop and save at the first scene of the record after N minutes",
    )
    p.add_argument(
        "--seed",
        type=seed_arg,
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


def _play_run(args: argparse.Namespace | SimpleNamespace) -> int:
    import gc

    # Start-up (the imports, the story, the first screen) makes no garbage worth collecting:
    # the collector waits for the first scene or title screen (game/ui/launch.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _play(args)
    finally:
        if collecting:
            gc.enable()


def _play(args: argparse.Namespace | SimpleNamespace) -> int:
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
        "game.authoring.cli:check_args",
        "game.authoring.cli:check_run",
    ),
    CommandSpec(
        "new",
        "write a small starter story to a new folder, ready to check and play",
        "game.authoring.cli:new_args",
        "game.authoring.cli:new_run",
    ),
    CommandSpec("saves", "list the save slots", _saves_args, _saves_run),
    CommandSpec(
        "report",
        "a player's report from a save: md, html or json",
        "game.classroom.cli:report_args",
        "game.classroom.cli:report_run",
    ),
    CommandSpec(
        "class",
        "summarise a folder of reports or saves for the class",
        "game.classroom.cli:class_args",
        "game.classroom.cli:class_run",
    ),
    CommandSpec(
        "serve",
        "a class server: students play over SSH, saving in the class folder",
        "game.server.command:serve_args",
        "game.server.command:serve_run",
    ),
    CommandSpec(
        "graph",
        "draw the story as a Mermaid or DOT graph",
        "game.authoring.cli:graph_args",
        "game.authoring.cli:graph_run",
    ),
    CommandSpec(
        "playtest",
        "play a story thousands of times: coverage, soft-locks, unreachable scenes",
        "game.authoring.cli:playtest_args",
        "game.authoring.cli:playtest_run",
    ),
    CommandSpec(
        "stats",
        "count the words on the historical path, per chapter, and the minutes to read them",
        "game.authoring.cli:stats_args",
        "game.authoring.cli:stats_run",
    ),
    CommandSpec(
        "schema",
        "where the JSON Schema for story files is",
        "game.authoring.cli:schema_args",
        "game.authoring.cli:schema_run",
    ),
]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that command and its options (the others
    are never parsed, and declaring them all costs a start-up a good part of its time). The
    usage lines are the same either way: the commands show as COMMAND.
    """
    from game.cli_parser import Parser

    Parser.building = True
    try:
        parser = Parser(
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
            if command is None or spec.name == command:
                p = sub.add_parser(spec.name, help=spec.help, description=spec.help)
                spec.add_arguments(p)
                p.set_defaults(run=spec.run)
    finally:
        Parser.building = False
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
    from game.lazy_stdlib import defer
    from game.ui.streams import guarded

    defer()
    with guarded():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(args_list: list[str]) -> int:
    from game.ui.streams import OUTPUT_FAILED, OutputFailed, silence_output

    try:
        argv = _with_default_command(args_list)
        quick = quick_play(argv)  # the usual start, read without argparse
        if quick is not None:
            code = _play_run(quick)
        else:
            names = {spec.name for spec in COMMANDS}
            args = build_parser(argv[0] if argv[0] in names else None).parse_args(argv)
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
