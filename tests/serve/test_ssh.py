"""`serve ssh` end to end over loopback: real asyncssh clients with a pty, a real app process per
session, the screen read through a terminal emulator."""

from __future__ import annotations

import asyncio
import os
import re

import asyncssh
import pytest

from tests.serve.conftest import ServerFactory, journal_lines
from tests.serve.ssh_support import WAIT, Terminal, connect, read_the_question
from tui.serve.ssh import Limits

pytestmark = pytest.mark.e2e

DOWN = "\x1b[B"
# Ended by `;` or `m`: the output read so far may stop inside a code ("38;2;224;224;22"), and
# such a cut-off code is not a colour.
RGB = re.compile(rb"[34]8;2;(\d+);(\d+);(\d+)[;m]")
CTRL_Q = "\x11"


async def to_the_list(term: Terminal) -> None:
    """Down from the search box to the first row, once the list is showing."""
    await term.wait_for("John Smith")
    term.send(DOWN)
    await term.wait_for("h Hold")


def rgb_codes(raw: bytes) -> list[tuple[int, int, int]]:
    return [(int(r), int(g), int(b)) for r, g, b in RGB.findall(raw)]


async def test_an_agent_sees_the_list_types_a_search_and_quits(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server()
    term = await Terminal.open(port, keys["alice"])
    await term.wait_for("John Smith", "of 2,000", "alice as demo-agent")
    term.send("schmidt")
    # At 80 columns the e-mail gets its room first, so a longer name is cut: look for whole ones.
    screen = await term.wait_for("Anna Schmidt", "lukas.schmidt23@beispiel.de", "38 of 38")
    assert "John Smith" not in screen
    term.send(CTRL_Q)
    assert await term.wait_closed() == 0
    await asyncio.wait_for(server.wait_all_ended(), WAIT)
    await term.close()


async def test_the_app_follows_the_size_of_the_agents_window(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    term = await Terminal.open(port, keys["alice"], cols=80, rows=24)
    screen = await term.wait_for("John Smith")
    assert "Created" not in screen  # the 80-column list has no room for it
    term.resize(120, 30)
    await term.wait_for("Created", "Company")
    await term.close()


async def test_the_client_may_ask_for_no_colour_but_not_for_another_api(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    env = {
        "NO_COLOR": "1",
        "COLORTERM": "truecolor",
        "EMPORIX_API_URL": "https://evil.example",
        "CUSTOMER_TUI_CONFIG": "/x",
    }
    term = await Terminal.open(port, keys["alice"], env=env)
    screen = await term.wait_for("John Smith")
    assert "SANDBOX" in screen  # the host's configuration, not the client's
    # Textual's NO_COLOR turns every colour into a grey: no code may have a hue.
    assert rgb_codes(term.raw)
    assert all(r == g == b for r, g, b in rgb_codes(term.raw)), "colours despite NO_COLOR"
    await term.close()


async def test_the_app_draws_in_the_colours_the_clients_terminal_has(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    truecolor = await Terminal.open(port, keys["alice"], env={"COLORTERM": "truecolor"})
    plain = await Terminal.open(port, keys["bob"])  # xterm-256color, no COLORTERM
    await asyncio.gather(truecolor.wait_for("John Smith"), plain.wait_for("John Smith"))
    assert any(not (r == g == b) for r, g, b in rgb_codes(truecolor.raw))
    assert not rgb_codes(plain.raw) and b"38;5;" in plain.raw
    await asyncio.gather(truecolor.close(), plain.close())


async def test_an_unknown_key_is_refused(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(port, keys["stranger"])


@pytest.mark.parametrize("method", ["password", "keyboard-interactive"])
async def test_passwords_and_keyboard_interactive_are_refused(
    ssh_server: ServerFactory, method: str
) -> None:
    _, port = await ssh_server()
    with pytest.raises(asyncssh.PermissionDenied):
        await connect(port, None, password="hunter2", preferred_auth=method)


async def test_exec_a_shell_without_pty_and_sftp_are_refused(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server()
    conn = await connect(port, keys["alice"])
    try:
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(conn.run("cat /etc/passwd"), WAIT)
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(conn.create_process(), WAIT)  # a shell, no pty
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await asyncio.wait_for(conn.start_sftp_client(), WAIT)
        assert not server.sessions
    finally:
        conn.close()


async def test_port_forwarding_both_ways_is_refused(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    conn = await connect(port, keys["alice"])
    try:
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(conn.open_connection("127.0.0.1", port), WAIT)
        with pytest.raises(asyncssh.ChannelListenError):
            await asyncio.wait_for(conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 1), WAIT)
    finally:
        conn.close()


async def test_two_agents_get_their_own_apps_and_their_changes_journal_their_names(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server()
    alice = await Terminal.open(port, keys["alice"])
    bob = await Terminal.open(port, keys["bob"])
    await asyncio.gather(alice.wait_for("John Smith"), bob.wait_for("John Smith"))
    pids = {s.agent_name: s.app.pid for s in server.sessions if s.app is not None}
    assert set(pids) == {"alice", "bob"} and pids["alice"] != pids["bob"]

    await to_the_list(alice)
    alice.send("h")
    await alice.wait_for("on hold?")
    await read_the_question()
    alice.send("\r")
    await alice.wait_for("Hold done")

    # Bob's entry requires a ticket: the change asks for it before anything is sent.
    await to_the_list(bob)
    bob.send("h")
    await bob.wait_for("A ticket is required")
    await read_the_question()  # the ticket dialog ignores typed-ahead keys too
    bob.send("T-4711\r")
    await bob.wait_for("from hold?")  # hold's own confirmation, after the ticket
    await read_the_question()
    bob.send("\r")
    await bob.wait_for("Release done")

    done = [e for e in journal_lines() if e["outcome"] == "done"]
    assert [(e["user"], e["action"], e["ticket"]) for e in done] == [
        ("alice", "hold", None),
        ("bob", "release", "T-4711"),
    ]
    await asyncio.gather(alice.close(), bob.close())


async def test_a_required_ticket_refuses_the_change_without_one(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    bob = await Terminal.open(port, keys["bob"])
    await bob.wait_for("John Smith")
    await to_the_list(bob)
    bob.send("h")
    await bob.wait_for("A ticket is required")
    await read_the_question()
    bob.send("\x1b")
    await bob.wait_for("Ticket required")
    assert journal_lines() == []
    await bob.close()


async def test_a_read_only_agent_cannot_switch_read_only_off(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server()
    lead = await Terminal.open(port, keys["lead"])
    await lead.wait_for("John Smith", "READ-ONLY")
    lead.send("\x10")  # Ctrl+P: the palette
    await lead.wait_for("Search for commands")
    # The palette never offers what cannot work: for this agent no "Read-only: switch off".
    lead.send("switch off")
    await lead.wait_for("No matches found")
    lead.send("\x1b")
    await lead.wait_for("John Smith", "READ-ONLY")
    await lead.close()


async def test_a_disconnect_leaves_no_process_task_or_descriptor_behind(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server()
    fds_before = len(os.listdir("/proc/self/fd"))
    tasks_before = len(asyncio.all_tasks())
    terms = [await Terminal.open(port, keys[name]) for name in ("alice", "bob", "alice")]
    await asyncio.gather(*(t.wait_for("John Smith") for t in terms))
    pids = [s.app.pid for s in server.sessions if s.app is not None and s.app.pid]
    assert len(pids) == 3
    for t in terms:  # the agent closes the window: no goodbye, no Ctrl+Q
        t.conn.abort()
    await asyncio.wait_for(server.wait_all_ended(), WAIT)
    for t in terms:
        await t.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not server.sessions
    # Let asyncssh finish closing its side of the connections, then count.
    for _ in range(50):
        if len(asyncio.all_tasks()) <= tasks_before:
            break
        await asyncio.sleep(0)
    assert len(asyncio.all_tasks()) <= tasks_before
    assert len(os.listdir("/proc/self/fd")) <= fds_before


async def test_sessions_beyond_the_agents_limit_are_refused_in_words(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server(Limits(max_sessions=5, max_per_agent=1))
    first = await Terminal.open(port, keys["alice"])
    await first.wait_for("John Smith")
    second = await Terminal.open(port, keys["alice"])
    await second.wait_for("already have 1 sessions")
    assert await second.wait_closed() == 1
    other = await Terminal.open(port, keys["bob"])  # another agent still gets in
    await other.wait_for("John Smith")
    assert server.counters.refused == 1
    await asyncio.gather(first.close(), second.close(), other.close())


async def test_sessions_beyond_the_hosts_limit_are_refused(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    _, port = await ssh_server(Limits(max_sessions=1, max_per_agent=3))
    first = await Terminal.open(port, keys["alice"])
    await first.wait_for("John Smith")
    second = await Terminal.open(port, keys["bob"])
    await second.wait_for("This host is full")
    await asyncio.gather(first.close(), second.close())


async def test_an_idle_session_ends_with_the_reason(
    ssh_server: ServerFactory, keys: dict[str, asyncssh.SSHKey]
) -> None:
    server, port = await ssh_server(Limits(idle_timeout=3))
    term = await Terminal.open(port, keys["alice"])
    await term.wait_for("No key pressed for 3 seconds")
    assert await term.wait_closed() == 1
    await asyncio.wait_for(server.wait_all_ended(), WAIT)
    await term.close()
