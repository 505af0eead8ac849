"""The classroom subcommands (report, class): arguments here, work imported lazily."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli_args import name_arg, saves_arg, story_dir

if TYPE_CHECKING:
    from game.saves.story_of import StoryOf


def report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "save",
        nargs="?",
        metavar="SLOT|FILE",
        help="a save slot or file (default: the newest save)",
    )
    saves_arg(p)
    p.add_argument(
        "--story",
        metavar="DIR",
        help="the save's story folder (default: the folder the save names, else the shipped story)",
    )
    p.add_argument(
        "--format", choices=("md", "html", "json"), default="md", help="md (default), html or json"
    )
    p.add_argument(
        "--name",
        type=name_arg,
        metavar="NAME",
        help="the student: their saves (see --name in play), and the name on the report",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of the screen"
    )


def report_run(args: argparse.Namespace) -> int:
    from game.classroom.formats import render
    from game.classroom.report_command import playthrough, report_source, write_report
    from game.saves.store import save_dir
    from game.saves.story_of import StoryChooser
    from game.story.checker import load_story

    chooser = StoryChooser(args.story and Path(args.story), story_dir(None), load_story)
    saves = save_dir(args.saves)
    source = report_source(args.save, saves, args.name)
    play = playthrough(source, chooser.for_parsed)
    if args.name is not None:
        play = replace(play, player=args.name)
    text = render(play, args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    write_report(text, args.output, saves, source.file)
    sys.stdout.write(f"Report written to {args.output}\n")
    return 0


def class_args(p: argparse.ArgumentParser) -> None:
    from game.classroom.names import CSV_TABLES, FORMATS

    p.add_argument(
        "dir",
        metavar="DIR",
        type=Path,
        help="a folder of reports or save files (sub-folders are read too)",
    )
    p.add_argument(
        "--format", choices=FORMATS, default="table", help=f"{', '.join(FORMATS)} (default: table)"
    )
    p.add_argument(
        "--table",
        choices=CSV_TABLES,
        help="with --format csv: just this table (default: all four)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE instead of the screen (csv: one FILE-TABLE.csv per table)",
    )
    p.add_argument(
        "--story",
        metavar="DIR",
        help="the story of the save files (default: the folder each save names, else the "
        "shipped story)",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep a live table on screen (who is playing now, where each student stands, "
        "followed the record, score), redrawn as saves land; Ctrl-C stops",
    )
    p.add_argument(
        "--every",
        metavar="SECONDS",
        type=_seconds,
        default=2.0,
        help="with --watch: how often to look for new saves (default: 2)",
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of seconds") from None
    if not 0.1 <= seconds <= 3600:
        raise argparse.ArgumentTypeError("--every takes 0.1 to 3600 seconds")
    return seconds


def class_run(args: argparse.Namespace) -> int:
    from game.classroom.class_summary import ClassRequest, class_command
    from game.classroom.report_command import write_report
    from game.saves.store import save_dir
    from game.saves.story_of import StoryChooser
    from game.story.checker import load_story

    chooser = StoryChooser(args.story and Path(args.story), story_dir(None), load_story)
    if args.watch:
        return _watch(args, chooser.for_parsed)
    request = ClassRequest(args.dir, args.format, args.table, args.output)
    written = class_command(request, chooser.for_parsed, lambda line: _note(line))
    for target, text in written.items():
        if target is None:
            sys.stdout.write(text)
        else:
            write_report(text, target, save_dir(None), None)
            sys.stdout.write(f"Written to {target}\n")
    return 0


def _watch(args: argparse.Namespace, story_for: StoryOf) -> int:
    from game.classroom.class_watch import watch
    from game.errors import UsageError

    if args.format != "table" or args.output is not None or args.table is not None:
        raise UsageError(
            "--watch shows the live table on screen: leave out --format, -o and --table"
        )
    if not args.dir.is_dir():
        raise UsageError(f"'{args.dir}' is not a folder to watch")
    return watch(args.dir, story_for, sys.stdout, every=args.every)


def _note(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
