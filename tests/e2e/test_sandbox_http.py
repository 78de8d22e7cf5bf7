"""The sandbox served by uvicorn over a real loopback socket, started as `customer-tui sandbox` does."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

BASE = "/customer/demo/customers"


class RunningSandbox:
    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui.sandbox.server", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = self._wait_for_banner()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def _wait_for_banner(self) -> str:
        while True:
            try:
                line = self.lines.get(timeout=60)
            except queue.Empty:
                self.stop()
                raise AssertionError(
                    "sandbox did not report ready:\n" + "".join(self.output)
                ) from None
            self.output.append(line)
            match = re.search(r"ready at (http://\S+)", line)
            if match:
                return match.group(1)

    def banner(self) -> str:
        # The banner is printed in one go; collect what is already there without waiting.
        while True:
            try:
                self.output.append(self.lines.get(timeout=5))
            except queue.Empty:
                return "".join(self.output)
            if "Ctrl+C" in self.output[-1]:
                return "".join(self.output)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    data = tmp_path_factory.mktemp("sandbox") / "sandbox.sqlite3"
    server = RunningSandbox("--customers", "200", "--data", str(data))
    yield server
    server.stop()


def _token(client: httpx.Client, client_id: str = "demo-agent") -> dict[str, str]:
    r = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": "demo-secret",
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_banner_names_url_tenant_and_demo_clients(sandbox_server: RunningSandbox) -> None:
    text = sandbox_server.banner()
    assert sandbox_server.url.startswith("http://127.0.0.1:")
    assert "tenant:   demo" in text
    assert "demo-agent" in text and "demo-secret" in text


def test_token_list_and_count_over_http(sandbox_server: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox_server.url, timeout=10) as client:
        headers = _token(client)
        r = client.get(BASE, params={"pageSize": "5", "q": "lastName:~^Smi"}, headers=headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/json")
        assert int(r.headers["Count"]) >= 1
        assert all(c["lastName"].startswith("Smi") for c in r.json())


def test_change_and_conflict_over_http(sandbox_server: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox_server.url, timeout=10) as client:
        headers = _token(client)
        version = client.get(f"{BASE}/10000004", headers=headers).json()["metadata"]["version"]
        body = {"active": True, "metadata": {"version": version}}
        assert client.patch(f"{BASE}/10000004", json=body, headers=headers).status_code == 200
        stale = client.patch(f"{BASE}/10000004", json=body, headers=headers)
        assert stale.status_code == 409
        assert stale.json()["details"][0]["field"] == "metadata.version"


def test_bad_credentials_over_http_is_401_fault(sandbox_server: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox_server.url, timeout=10) as client:
        r = client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-agent",
                "client_secret": "wrong",
            },
        )
    assert r.status_code == 401 and "fault" in r.json()


def test_edits_survive_a_server_restart(tmp_path: Path) -> None:
    data = tmp_path / "restart.sqlite3"
    first = RunningSandbox("--customers", "50", "--data", str(data))
    try:
        with httpx.Client(base_url=first.url, timeout=10) as client:
            headers = _token(client)
            assert (
                client.patch(
                    f"{BASE}/10000001", json={"lastName": "Kept"}, headers=headers
                ).status_code
                == 200
            )
    finally:
        first.stop()
    second = RunningSandbox("--customers", "50", "--data", str(data))
    try:
        with httpx.Client(base_url=second.url, timeout=10) as client:
            got = client.get(f"{BASE}/10000001", headers=_token(client)).json()
        assert got["lastName"] == "Kept"
    finally:
        second.stop()


def test_dropped_connection_gets_no_answer_at_all(tmp_path: Path) -> None:
    server = RunningSandbox("--memory", "--customers", "20", "--drop-rate", "1")
    try:
        with (
            httpx.Client(base_url=server.url, timeout=10) as client,
            pytest.raises(httpx.RemoteProtocolError, match="without sending a response"),
        ):
            client.get(BASE)
    finally:
        server.stop()


def test_port_in_use_is_a_clear_message_not_a_traceback(sandbox_server: RunningSandbox) -> None:
    port = sandbox_server.url.rsplit(":", 1)[1]
    done = subprocess.run(
        [sys.executable, "-m", "tui.sandbox.server", "--memory", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Cannot listen on 127.0.0.1:" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_a_data_file_readable_by_others_is_made_private_and_said_so(tmp_path: Path) -> None:
    data = tmp_path / "loose.sqlite3"
    first = RunningSandbox("--customers", "20", "--data", str(data))
    first.stop()
    data.chmod(0o644)
    second = RunningSandbox("--customers", "20", "--data", str(data))
    try:
        text = second.banner()
    finally:
        second.stop()
    assert f"{data} was readable by other users; it is now private (0600)" in text
    assert data.stat().st_mode & 0o777 == 0o600


def test_a_body_streamed_past_the_cap_is_413_over_http(sandbox_server: RunningSandbox) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"firstName": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    with httpx.Client(base_url=sandbox_server.url, timeout=10) as client:
        headers = _token(client)
        r = client.patch(
            f"{BASE}/10000001",
            content=chunks(),
            headers={**headers, "Content-Type": "application/json"},
        )
        assert r.status_code == 413 and r.json()["type"] == "payload_too_large"
        # The server goes on answering, on a new connection if it closed that one.
        assert client.get(f"{BASE}/10000001", headers=headers).status_code == 200
