"""`special-tasks serve`: its options, and starting the server (asyncssh is imported only here)."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.errors import UsageError

INSTALL = "the class server needs asyncssh: install it with pip install 'special-tasks[server]'"


def serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--story", metavar="DIR", help="story folder (default: the shipped story)")
    p.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        type=Path,
        default=Path("class"),
        help="the class folder: each student's saves go to DIR/NAME/ (default: ./class)",
    )
    p.add_argument("--host", default="", help="address to listen on (default: all of them)")
    p.add_argument("--port", type=_port, default=2222, help="port to listen on (default: 2222)")
    p.add_argument(
        "--code", metavar="CODE", help="the class code students type (default: a random one)"
    )
    p.add_argument(
        "--max-sessions",
        type=_count,
        default=60,
        metavar="N",
        help="at most N games at once (default: 60)",
    )
    p.add_argument(
        "--idle-minutes",
        type=_minutes,
        default=30.0,
        metavar="M",
        help="save and close a game after M minutes without a key pressed (default: 30)",
    )
    p.add_argument(
        "--minutes",
        type=_lesson,
        metavar="N",
        help="lesson length: each game stops and saves at the first scene of the record after N "
        "minutes of play, as with play --minutes",
    )
    p.add_argument(
        "--authorized-keys",
        metavar="FILE",
        type=Path,
        help="students sign in with their own SSH keys instead of the class code: FILE lists "
        "public keys, each with the student's name as its comment",
    )
    p.add_argument(
        "--no-shuffle",
        action="store_true",
        help="new games show choices and options in story order (for demonstrations)",
    )


def _number(value: str, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value[:30]}' is not a number") from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"{what} must be from {low:g} to {high:g}")
    return number


def _port(value: str) -> int:
    number = _number(value, 0, 65535, "the port")
    if number != int(number):
        raise argparse.ArgumentTypeError("the port is a whole number")
    return int(number)


def _count(value: str) -> int:
    number = _number(value, 1, 1000, "the number of sessions")
    if number != int(number):
        raise argparse.ArgumentTypeError("the number of sessions is a whole number")
    return int(number)


def _minutes(value: str) -> float:
    return _number(value, 0.1, 1440, "the idle time in minutes")


def _lesson(value: str) -> float:
    return _number(value, 0.1, 1440, "the lesson length in minutes")


def serve_run(args: argparse.Namespace) -> int:
    from game.engine.engine import Engine
    from game.server.security import check_code
    from game.story.checker import load_story
    from game.story.paths import shipped_story

    code = check_code(args.code) if args.code is not None else None
    story_path = Path(args.story) if args.story else shipped_story()
    story = load_story(story_path)
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL) from None
    import logging

    from game.server.keys import student_keys
    from game.server.room import ServerConfig
    from game.server.security import new_code
    from game.server.serve import serve

    logging.getLogger("asyncssh").setLevel(logging.CRITICAL)  # the server logs its own lines
    config = ServerConfig(
        story=story_path,
        class_dir=args.class_dir,
        code=code or new_code(),
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        idle_minutes=args.idle_minutes,
        minutes=args.minutes,
        shuffle=not args.no_shuffle,
        keys=student_keys(args.authorized_keys) if args.authorized_keys else None,
    )
    return serve(config, Engine(story), story.title)
