"""The authoring subcommands (check, new, graph, playtest, schema, stats): arguments here,
work imported lazily."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from game.story.paths import shipped_story

MAX_RUNS = 10_000_000


def _folder(value: str | None) -> Path:
    return Path(value) if value else shipped_story()


def _dir_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="story folder (default: the shipped story)")


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"use a number from {low:,} to {high:,}")
        return number

    return parse


# --- check ------------------------------------------------------------------------
def check_args(p: argparse.ArgumentParser) -> None:
    _dir_arg(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    p.add_argument(
        "--explain",
        metavar="CODE",
        help="explain a diagnostic code with an example (e.g. E104); 'all' prints every code",
    )


def check_run(args: argparse.Namespace) -> int:
    if args.explain:
        return _explain(args.explain)
    from game.authoring.check import check_json, check_text

    render = check_json if args.format == "json" else check_text
    text, items = render(_folder(args.dir))
    sys.stdout.write(text)
    errors = any(d.is_error for d in items)
    return 1 if errors or (args.strict and items) else 0


def _explain(code: str) -> int:
    from game.errors import UsageError
    from game.story.explain import codes_markdown, explain

    if code.lower() == "all":
        sys.stdout.write(codes_markdown())
        return 0
    text = explain(code)
    if text is None:
        raise UsageError(
            f"there is no code {code!r}; 'special-tasks check --explain all' lists them all"
        )
    sys.stdout.write(text)
    return 0


# --- new --------------------------------------------------------------------------
def new_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", type=Path, help="the folder to create")


def new_run(args: argparse.Namespace) -> int:
    from game.authoring.starter import write_starter

    written = write_starter(args.dir)
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write(
        f"Next: special-tasks check --strict {args.dir}, then "
        f"special-tasks play --story {args.dir}\n"
    )
    return 0


# --- graph ------------------------------------------------------------------------
def graph_args(p: argparse.ArgumentParser) -> None:
    _dir_arg(p)
    p.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="mermaid (default) or dot"
    )


def graph_run(args: argparse.Namespace) -> int:
    from game.authoring.graph import render
    from game.story.checker import load_story

    sys.stdout.write(render(load_story(_folder(args.dir)), args.format))
    return 0


# --- playtest ---------------------------------------------------------------------
def playtest_args(p: argparse.ArgumentParser) -> None:
    _dir_arg(p)
    p.add_argument(
        "--runs",
        type=_count(1, MAX_RUNS),
        default=10_000,
        metavar="N",
        help="random playthroughs (default 10,000)",
    )
    p.add_argument(
        "--seed",
        type=_count(0, 2**63),
        default=0,
        metavar="S",
        help="random seed; the same seed gives the same report (default 0)",
    )
    p.add_argument(
        "--exhaustive",
        action="store_true",
        help="search every state instead: prove each scene reachable, with a shortest path",
    )
    p.add_argument(
        "--max-states",
        type=_count(1, 50_000_000),
        default=200_000,
        metavar="N",
        help="stop --exhaustive after N states (default 200,000)",
    )
    p.add_argument(
        "--replays",
        metavar="FILE",
        type=Path,
        help="also write every problem's whole replay to FILE, one per line",
    )


def playtest_run(args: argparse.Namespace) -> int:
    from game.story.checker import load_story

    folder = _folder(args.dir)
    story = load_story(folder)
    if args.exhaustive:
        from game.authoring.playtest_search import search, search_lines, witness_replays

        found = search(story, args.max_states)
        lines, failed = search_lines(found, str(folder)), found.failed
        whole = witness_replays(found)
    else:
        from game.authoring.playtest import playtest, replays, report_lines

        played = playtest(story, args.runs, args.seed)
        lines, failed = report_lines(played, str(folder)), played.failed
        whole = replays(played)
    if args.replays is not None:
        _write_replays(args.replays, whole)
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 1 if failed else 0


def _write_replays(path: Path, replays: list[str]) -> None:
    from game.errors import UsageError

    try:
        path.write_text("".join(line + "\n" for line in replays), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the replays to '{path}': {exc.strerror or exc}") from None


# --- schema -----------------------------------------------------------------------
def schema_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--content", action="store_true", help="print the schema itself instead of its path"
    )


def schema_run(args: argparse.Namespace) -> int:
    from game.authoring.schema import schema_path

    path = schema_path()
    sys.stdout.write(path.read_text(encoding="utf-8") if args.content else f"{path}\n")
    return 0


# --- stats ------------------------------------------------------------------------
def stats_args(p: argparse.ArgumentParser) -> None:
    _dir_arg(p)


def stats_run(args: argparse.Namespace) -> int:
    from game.authoring.stats import stats_lines
    from game.story.checker import load_story

    folder = _folder(args.dir)
    lines = stats_lines(load_story(folder), str(folder))
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0
