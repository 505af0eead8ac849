"""The class server (`special-tasks serve`): students play the real game over SSH.

Each test starts a server on a loopback port in a background loop (tests/server_client.py)
and drives real asyncssh clients with a pty. The tests that need asyncssh skip only when it is
not installed (the `test` extra installs it, so CI runs them).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Awaitable
from pathlib import Path

import pytest

from game.server.names import folder_name, player_name
from game.server.security import Failures, code_matches, new_code
from tests.conftest import ROOT, STORIES, run_cli

HAVE_SSH = importlib.util.find_spec("asyncssh") is not None
needs_ssh = pytest.mark.skipif(not HAVE_SSH, reason="asyncssh is not installed")
if HAVE_SSH:
    import asyncssh

    from tests.server_client import WAIT, Player, Server, class_server, connect

MINI = STORIES / "mini"
TIMEOUT = 40.0


def play(coro: Awaitable[None]) -> None:
    """Run a client coroutine, failing in seconds if it hangs."""

    async def bounded() -> None:
        await asyncio.wait_for(coro, TIMEOUT)

    asyncio.run(bounded())


async def new_game(player: Player) -> None:
    """From the title screen to the first scene, keeping the name the server filled in."""
    await player.until("New game")
    player.send("\r")
    await player.until("Your name, for the class report")
    player.send("\r")
    await player.until("At the desk")


# --- the names, the code, the limit (no network) --------------------------------------
@pytest.mark.parametrize(
    ("user", "start"),
    [
        ("ben", "ben"),
        ("Ana Li", "ana-li"),
        ("Ben.Smith", "ben-smith-"),
        ("../../etc", "etc-"),
        ("a\x1b]0;x\x07", "a-0-x-"),
        ("/", "player-"),
        ("..", "player-"),
        ("", "student"),
        ("con", "con-player"),
        ("x" * 500, "x" * 30 + "-"),
        ("Ünal", "unal-"),
    ],
)
def test_a_user_name_becomes_a_safe_folder_name(user: str, start: str) -> None:
    name = folder_name(user)
    assert name.startswith(start)
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", name)
    assert Path("class", name).parent == Path("class")


def test_a_player_name_has_no_control_characters() -> None:
    assert player_name("a\x1b]0;x\x07") == "a ]0;x"
    assert player_name("  Ben \t Smith ") == "Ben Smith"
    assert len(player_name("y" * 300)) == 60


def test_the_class_code_ignores_case_spaces_and_dashes_only() -> None:
    code = new_code()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", code)
    assert code_matches(code.upper().replace("-", " "), code)
    assert not code_matches(code[:-1], code)
    assert not code_matches("", code)


def test_an_address_is_refused_after_the_limit_until_the_window_passes() -> None:
    now = [0.0]
    failures = Failures(limit=3, window=60.0, clock=lambda: now[0])
    for _ in range(2):
        failures.add("10.0.0.1")
    assert not failures.blocked("10.0.0.1")
    failures.add("10.0.0.1")
    assert failures.blocked("10.0.0.1")
    assert not failures.blocked("10.0.0.2")
    now[0] = 61.0
    assert not failures.blocked("10.0.0.1")


# --- without asyncssh -----------------------------------------------------------------
def test_serve_without_asyncssh_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['asyncssh'] = None\n"
        "from game.cli import main\n"
        f"sys.exit(main(['serve', '--class', {str(tmp_path / 'class')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "Error: the class server needs asyncssh: "
        "install it with pip install 'special-tasks[server]'\n"
    )
    assert done.stdout == ""


def test_serve_refuses_a_short_code_in_one_sentence() -> None:
    done = run_cli("serve", "--code", "ab")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: a class code is 4 to 100 printable characters")
    assert "Traceback" not in done.stderr


# --- playing over SSH -----------------------------------------------------------------
@needs_ssh
def test_a_student_plays_leaves_and_resumes_their_own_game(tmp_path: Path) -> None:
    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir) as server:

        async def first() -> None:
            conn = await connect(server.port, "ben")
            player = await Player.open(conn)
            await player.until("New game")
            player.send("\r")
            await player.until("Your name, for the class report (Enter to skip) > ben")
            player.send("\x7f" * 3 + "Ben Smith\r")  # the name on the report, in full
            await player.until("At the desk")
            player.send("1\r")  # Open the letter (story order)
            await player.until("What lay on the desk?")
            player.send("2\r")
            await player.until("It is a list of names.")
            (session,) = server.sessions()
            conn.close()  # the connection drops mid-game
            await asyncio.wait_for(conn.wait_closed(), WAIT)
            await asyncio.wait_for(asyncio.to_thread(session.thread.join, WAIT), WAIT)
            assert not session.thread.is_alive()

        play(first())
        save = json.loads((class_dir / "ben" / "autosave.json").read_text(encoding="utf-8"))
        assert save["player"] == "Ben Smith"  # and the folder is still the SSH name's
        assert sorted(p.name for p in class_dir.iterdir() if p.is_dir()) == ["ben"]
        assert save["state"]["scene"] == "open"
        assert any("'ben' (127.0.0.1) joined" in line for line in server.log)
        # The hand-in beside the saves: the HTML report, its JSON inside, for `class`.
        page = (class_dir / "ben" / "report.html").read_text(encoding="utf-8")
        assert "<dt>Player</dt><dd>Ben Smith</dd>" in page
        assert '<script type="application/json" id="special-tasks-report">' in page
        summary = run_cli("class", str(class_dir), "--story", str(MINI), "--format", "csv",
                          "--table", "students")  # fmt: skip
        assert summary.returncode == 0, summary.stderr
        assert summary.stdout.count("Ben Smith") == 1  # the report and the save: one student

        async def again() -> None:
            conn = await connect(server.port, "ben")
            player = await Player.open(conn)
            await player.until("Continue: autosave")
            player.send("\r")  # Enter continues the unfinished game
            await player.until("It is a list of names.")
            assert "At the desk" not in player.text
            conn.close()

        play(again())


@needs_ssh
def test_ctrl_d_saves_says_goodbye_and_closes_the_connection(tmp_path: Path) -> None:
    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir) as server:

        async def session() -> None:
            conn = await connect(server.port, "ada")
            player = await Player.open(conn)
            await new_game(player)
            player.send("\x04")
            assert await player.closes() == 0
            assert "Goodbye." in player.raw
            conn.close()

        play(session())
    assert (class_dir / "ada" / "autosave.json").is_file()


@needs_ssh
def test_a_resized_terminal_redraws_the_game_at_its_new_width(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def session() -> None:
            conn = await connect(server.port, "ben")
            player = await Player.open(conn)
            await new_game(player)
            assert "Type help for commands" in player.text
            player.process.change_terminal_size(60, 20)
            player.screen.resize(20, 60)
            await player.until("Ch 1/2 · 25% · Facts 1/2 · autosave")
            conn.close()

        play(session())


@needs_ssh
def test_a_wrong_class_code_is_refused_and_the_address_is_then_held_off(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class", failure_limit=3) as server:

        async def attempts() -> None:
            for _ in range(3):
                with pytest.raises(asyncssh.PermissionDenied):
                    await connect(server.port, "ben", code="wrong")
            # Three wrong codes from this address: even the right one waits its turn.
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(server.port, "ben")

        play(attempts())
        assert any("Wrong class code from 127.0.0.1 for 'ben'" in line for line in server.log)
        assert any("gave 3 wrong codes" in line for line in server.log)


def lenient_names(monkeypatch: pytest.MonkeyPatch, server: Server | None = None) -> None:
    """Let this test's client send any user name, as a hand-made client could; asyncssh's own
    check of names (RFC 4013, which refuses control characters) stays on in the thread of
    `server`, when one is given."""
    import threading

    import asyncssh.connection

    real = asyncssh.connection.saslprep

    def prep(text: str) -> str:
        checked = server is not None and threading.current_thread() is server.thread
        return real(text) if checked else text

    monkeypatch.setattr(asyncssh.connection, "saslprep", prep)


@needs_ssh
def test_hostile_user_names_land_in_safe_folders_inside_the_class_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # asyncssh refuses control characters in a name before the server sees it (next test);
    # here that check is off, so the server's own folder names are what keeps DIR safe.
    lenient_names(monkeypatch)
    class_dir = tmp_path / "here" / "class"
    names = ["../../etc", "a\x1b]0;x\x07"]
    with class_server(MINI, class_dir) as server:

        async def sessions() -> None:
            for name in names:
                conn = await connect(server.port, name)
                player = await Player.open(conn)
                await new_game(player)
                assert "\x1b]0;" not in player.raw and "\x07" not in player.raw
                player.send("\x04")
                await player.closes()
                conn.close()

        play(sessions())
        folders = sorted(p.name for p in class_dir.iterdir() if p.is_dir())
        assert [f.split("-")[0] for f in folders] == ["a", "etc"]
        assert all(re.fullmatch(r"[a-z0-9-]+", f) for f in folders)
        for folder in folders:
            assert (class_dir / folder / "autosave.json").is_file()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]
        assert sorted(p.name for p in (tmp_path / "here").iterdir()) == ["class"]
        assert not any("\x1b" in line or "\x07" in line for line in server.log)


@needs_ssh
def test_a_name_with_control_characters_is_refused_and_others_play_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with class_server(MINI, tmp_path / "class") as server:
        lenient_names(monkeypatch, server)

        async def sessions() -> None:
            playing = await Player.open(await connect(server.port, "ben"))
            await playing.until("New game")
            with pytest.raises(asyncssh.Error):
                await connect(server.port, "a\x1b]0;x\x07")
            playing.send("\r")
            await playing.until("Your name, for the class report")

        play(sessions())
        assert not any(p.name.startswith("a-") for p in (tmp_path / "class").iterdir())


@needs_ssh
def test_commands_forwarding_and_sftp_are_refused_but_the_game_still_opens(
    tmp_path: Path,
) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def extras() -> None:
            conn = await connect(server.port, "ben")
            with pytest.raises(asyncssh.ChannelOpenError):
                await asyncio.wait_for(conn.run("cat /etc/passwd"), WAIT)
            with pytest.raises(asyncssh.ChannelOpenError):
                await asyncio.wait_for(
                    conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", server.port),
                    WAIT,
                )
            with pytest.raises(asyncssh.ChannelListenError):
                await asyncio.wait_for(
                    conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port), WAIT
                )
            with pytest.raises((asyncssh.Error, OSError)):
                await asyncio.wait_for(conn.start_sftp_client(), WAIT)
            player = await Player.open(conn)
            await player.until("New game")
            conn.close()

        play(extras())
        assert any("Refused a command from 127.0.0.1" in line for line in server.log)
        assert sum(" joined " in line for line in server.log) == 1  # the game only


@needs_ssh
def test_x11_and_agent_forwarding_are_refused(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def forwarding() -> None:
            conn = await asyncio.wait_for(
                asyncssh.connect(
                    "127.0.0.1",
                    server.port,
                    username="ben",
                    password="test-code",
                    known_hosts=None,
                    client_keys=None,
                    agent_path=str(tmp_path / "agent.sock"),
                    agent_forwarding=True,
                    preferred_auth="password",
                    config=None,
                ),
                WAIT,
            )
            with pytest.raises(asyncssh.ChannelOpenError, match="X11 forwarding"):
                await asyncio.wait_for(
                    conn.create_process(
                        term_type="xterm",
                        x11_forwarding=True,
                        x11_display="localhost:0",
                        x11_auth_path=os.devnull,
                    ),
                    WAIT,
                )
            player = await Player.open(conn)
            await player.until("New game")
            (session,) = [s for s in server.sessions() if s.thread is not None]  # the game's
            assert session._chan.get_agent_path() is None  # no agent reaches the server
            conn.close()

        play(forwarding())


@needs_ssh
def test_environment_variables_a_client_sends_never_reach_the_session(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def with_env() -> None:
            conn = await connect(server.port, "ben")
            process = await asyncio.wait_for(
                conn.create_process(
                    term_type="xterm-256color",
                    term_size=(90, 30),
                    env={"LD_PRELOAD": "/tmp/evil.so", "SPECIAL_TASKS_SAVES": "/etc", "LANG": "C"},
                ),
                WAIT,
            )
            player = Player(process, 90, 30)
            await player.until("New game")
            (session,) = [s for s in server.sessions() if s.thread is not None]
            assert dict(session._chan.get_environment()) == {}
            assert dict(session._chan.get_environment_bytes()) == {}
            conn.close()

        play(with_env())


@needs_ssh
def test_past_the_session_cap_a_student_is_told_the_server_is_full(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class", max_sessions=1) as server:

        async def two() -> None:
            first = await connect(server.port, "ben")
            await (await Player.open(first)).until("New game")
            second = await connect(server.port, "ada")
            turned = await Player.open(second)
            assert await turned.closes() == 1
            assert "The class server is full (its limit is 1); try again in a minute." in turned.raw
            first.close()
            second.close()

        play(two())


@needs_ssh
def test_an_idle_game_is_saved_and_closed(tmp_path: Path) -> None:
    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir, idle_minutes=0.02) as server:

        async def idle() -> None:
            conn = await connect(server.port, "ben")
            player = await Player.open(conn)
            await new_game(player)
            assert await player.closes() == 0
            assert "Nothing was typed for 0.02 minutes" in player.raw
            conn.close()

        play(idle())
    assert (class_dir / "ben" / "autosave.json").is_file()


@needs_ssh
def test_the_host_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir) as server:
        first = server.running.key.get_fingerprint()
    key = class_dir / ".host_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with class_server(MINI, class_dir) as server:
        assert server.running.key.get_fingerprint() == first


def found(pattern: str, text: str) -> str:
    """The first group of `pattern`, which must match all of `text`."""
    match = re.fullmatch(pattern, text)
    assert match is not None, text
    return match[1]


@needs_ssh
def test_serve_prints_how_to_connect_and_ctrl_c_saves_every_game(tmp_path: Path) -> None:
    import signal

    class_dir = tmp_path / "class"
    args = ["serve", "--story", str(MINI), "--class", str(class_dir), "--no-shuffle"]
    server = subprocess.Popen(
        [sys.executable, "-m", "game", *args, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(6)]
        assert lines[0] == "Class server for the story 'The Letter'\n"
        connect_line = r"Students connect with:  ssh -p (\d+) THEIR-NAME@127.0.0.1\n"
        port = int(found(connect_line, lines[1]))
        code = found(r"Class code \(the password\): (\S+)\n", lines[2])
        assert lines[3].startswith("Host key fingerprint: SHA256:")
        assert lines[4] == (
            f"Each student's saves go to {class_dir}/THEIR-NAME/; after the lesson: "
            f"special-tasks class {class_dir}\n"
        )

        async def student() -> None:
            conn = await connect(port, "ben", code=code)
            player = await Player.open(conn)
            await new_game(player)
            server.send_signal(signal.SIGINT)
            assert await player.closes() == 0
            assert "The class server is stopping: your game was saved." in player.raw
            conn.close()

        play(student())
        out, err = server.communicate(timeout=WAIT)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0
    assert err == ""
    assert "Stopping: saving every game (1 playing)" in out and "Stopped." in out
    assert (class_dir / "ben" / "autosave.json").is_file()


@needs_ssh
def test_ctrl_c_asks_and_yes_saves_and_leaves(tmp_path: Path) -> None:
    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir) as server:

        async def session() -> None:
            conn = await connect(server.port, "ada")
            player = await Player.open(conn)
            await new_game(player)
            player.send("\x03")
            await player.until("Quit? progress is saved (y/n)")
            player.send("y\r")
            assert await player.closes() == 0
            assert "Goodbye." in player.raw
            conn.close()

        play(session())
    assert (class_dir / "ada" / "autosave.json").is_file()


@needs_ssh
def test_a_shell_without_a_terminal_is_told_to_use_one(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def session() -> None:
            conn = await connect(server.port, "ben")
            process = await conn.create_process()  # no pty: as with ssh -T
            out = await asyncio.wait_for(process.stdout.read(), WAIT)
            assert out.startswith("The game needs a terminal: connect with ssh -t")
            conn.close()

        play(session())


@needs_ssh
def test_garbage_from_one_client_neither_breaks_the_server_nor_stops_others(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import random

    noise = random.Random(7)
    garbage = [
        b"\xff\xfe\xc3(\x80",  # not UTF-8
        b"\x1b[<;;M\x1b[M\x00\x01\x1b[<99999999;1;1M",  # broken mouse reports
        b"\x1b]0;evil\x07\x1b[6n\x1b[?1049l",  # escapes to set a title, ask, leave the screen
        bytes(noise.randrange(256) for _ in range(20_000)),
        b"9" * 100_000 + b"\r",
    ]
    with class_server(MINI, tmp_path / "class") as server:

        async def sessions() -> None:
            conn = await connect(server.port, "mallory")
            process = await conn.create_process(
                term_type="xterm", term_size=(80, 24), encoding=None
            )
            await asyncio.wait_for(process.stdout.read(1000), WAIT)
            for chunk in garbage:
                process.stdin.write(chunk)
            process.change_terminal_size(0, 0)
            process.change_terminal_size(100_000, 100_000)
            await asyncio.wait_for(process.stdout.read(1000), WAIT)  # still drawing
            other = await Player.open(await connect(server.port, "ben"))
            await new_game(other)  # another student plays on meanwhile
            conn.close()

        play(sessions())
        assert not any("failed" in line or "Ignored" in line for line in server.log)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out


@needs_ssh
def test_connections_past_the_limit_are_closed_at_once(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class", max_sessions=1) as server:
        limit = server.running.room.connection_limit

        async def flood() -> None:
            loop = asyncio.get_running_loop()
            # Connections that never log in (a bare TCP connection per SSH client).
            waiting = [
                await asyncio.wait_for(asyncio.open_connection("127.0.0.1", server.port), WAIT)
                for _ in range(limit)
            ]
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", server.port), WAIT
            )
            await asyncio.wait_for(reader.read(), WAIT)  # the server closes it at once
            for _, each in [*waiting, (reader, writer)]:
                each.close()
                await asyncio.wait_for(each.wait_closed(), WAIT)
            end = loop.time() + WAIT
            while server.running.room.connections and loop.time() < end:
                await asyncio.sleep(0.01)
            player = await Player.open(await connect(server.port, "ben"))
            await player.until("New game")

        play(flood())


@needs_ssh
@pytest.mark.skipif(shutil.which("ssh") is None, reason="no OpenSSH client here")
def test_the_openssh_client_logs_in_with_the_code_and_plays(tmp_path: Path) -> None:
    import pexpect

    class_dir = tmp_path / "class"
    with class_server(MINI, class_dir) as server:
        options = "-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        child = pexpect.spawn(
            f"ssh {options} -p {server.port} 'Ana Li'@127.0.0.1",
            encoding="utf-8",
            dimensions=(30, 100),
            timeout=WAIT,
        )
        try:
            child.expect("password:")
            child.sendline("TEST CODE")  # case, spaces and dashes do not count
            child.expect("New game")
            child.send("\r")
            child.expect("Your name")
            child.send("\r")
            child.expect("At the desk")
            child.send("\x04")
            child.expect("to go on, connect again and choose Continue")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)
    save = json.loads((class_dir / "ana-li" / "autosave.json").read_text(encoding="utf-8"))
    assert save["player"] == "Ana Li"


@needs_ssh
def test_a_claimed_terminal_size_is_kept_within_reason() -> None:
    from game.server.session import MAX_COLUMNS, MAX_ROWS, GameSession

    class Channel:
        def __init__(self, size: tuple[int, int]) -> None:
            self.size = size

        def get_terminal_size(self) -> tuple[int, int, int, int]:
            return (*self.size, 0, 0)

    async def sizes() -> list[tuple[int, int]]:
        session = GameSession(None, "ben", "127.0.0.1")  # type: ignore[arg-type]
        found = []
        for claimed in [(100_000, 100_000), (0, 0), (100, 30)]:
            session._chan = Channel(claimed)
            size = session._get_size()
            found.append((size.columns, size.rows))
        return found

    assert asyncio.run(sizes()) == [(MAX_COLUMNS, MAX_ROWS), (20, 5), (100, 30)]


@needs_ssh
def test_a_stopped_test_server_closes_its_event_loop(tmp_path: Path) -> None:
    # Left to the collector, a loop is closed by its __del__ at some later test, which can
    # then fail with an unraisable "Invalid file descriptor: -1" (tests/server_client.py).
    with class_server(MINI, tmp_path / "class") as server:
        assert not server.loop.is_closed()
    assert server.loop.is_closed()
