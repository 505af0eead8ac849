"""`serve --authorized-keys FILE`: each student signs in with their own key, so a student who
types another's name cannot open that student's game, and the class code is not taken."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest

from game.errors import UsageError
from tests.conftest import STORIES, run_cli

HAVE_SSH = importlib.util.find_spec("asyncssh") is not None
pytestmark = pytest.mark.skipif(not HAVE_SSH, reason="asyncssh is not installed")
if HAVE_SSH:
    import asyncssh

    from game.server.keys import student_keys
    from tests.server_client import CODE, WAIT, Player, class_server, connect

MINI = STORIES / "mini"


def keys_file(folder: Path) -> tuple[Path, dict[str, asyncssh.SSHKey]]:
    made = {
        name: asyncssh.generate_private_key("ssh-ed25519", comment=comment)
        for name, comment in (("ana", "Ana@laptop"), ("ben", "ben"))
    }
    lines = ["# the class's keys", ""] + [
        key.export_public_key().decode().strip() for key in made.values()
    ]
    path = folder / "keys.pub"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, made


async def by_key(port: int, user: str, key: asyncssh.SSHKey) -> asyncssh.SSHClientConnection:
    return await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1", port, username=user, client_keys=[key], known_hosts=None,
            agent_path=None, password=None, preferred_auth="publickey", config=None,
        ),
        WAIT,
    )  # fmt: skip


def run(coro: object) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))  # type: ignore[arg-type]


def test_a_student_signs_in_with_their_own_key_and_nobody_elses(tmp_path: Path) -> None:
    path, made = keys_file(tmp_path)
    with class_server(MINI, tmp_path / "class", keys=student_keys(path)) as server:

        async def scenario() -> None:
            conn = await by_key(server.port, "ana", made["ana"])
            player = await Player.open(conn)
            await player.until("New game")
            conn.close()
            # Ana's key does not open Ben's game, and the class code is not taken at all.
            with pytest.raises(asyncssh.PermissionDenied):
                await by_key(server.port, "ben", made["ana"])
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(server.port, "ben", CODE)

        run(scenario())


def test_a_keys_file_that_is_not_one_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pub"
    bad.write_text("# keys\nssh-ed25519 not-a-key ana\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"bad\.pub:2'?: not a public key"):
        student_keys(bad)
    key = asyncssh.generate_private_key("ssh-ed25519")
    nameless = tmp_path / "nameless.pub"
    nameless.write_text(key.export_public_key().decode(), encoding="utf-8")
    with pytest.raises(UsageError, match="needs the student's name as its comment"):
        student_keys(nameless)
    result = run_cli("serve", "--authorized-keys", str(tmp_path / "missing.pub"))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: cannot read '") and "Traceback" not in result.stderr


def test_one_student_name_opens_one_game_at_a_time(tmp_path: Path) -> None:
    with class_server(MINI, tmp_path / "class") as server:

        async def scenario() -> None:
            first = await connect(server.port, "ben")
            player = await Player.open(first)
            await player.until("New game")
            # The same name again while Ben plays: turned away, Ben's game untouched.
            second = await connect(server.port, "Ben")
            other = await Player.open(second)
            await other.until("is open in another window already")
            assert await other.closes() == 1
            second.close()
            assert any("that name is playing" in line for line in server.log)
            player.send("\r")
            await player.until("Your name, for the class report")
            first.close()
            await asyncio.wait_for(first.wait_closed(), WAIT)
            # Once that game has closed, the name is free again.
            for _ in range(100):
                if not server.sessions():
                    break
                await asyncio.sleep(0.05)
            third = await connect(server.port, "ben")
            again = await Player.open(third)
            await again.until("New game")
            third.close()

        run(scenario())
