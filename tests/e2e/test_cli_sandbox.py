"""`customer-tui sandbox` as a real process on an ephemeral port, reached by our client and our CLI."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.emporix.client import CustomerService

pytestmark = pytest.mark.e2e

READY = re.compile(r"ready at (?P<url>http://\S+)")
START_TIMEOUT = 60.0


def customer_tui() -> list[str]:
    """The installed console script next to this interpreter, else `python -m tui`."""
    script = Path(sys.executable).with_name("customer-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


@dataclass
class RunningSandbox:
    url: str
    process: subprocess.Popen[str]
    banner: list[str]


def _pump(stream: object, lines: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)
    lines.put(None)


def start_sandbox(*extra: str) -> RunningSandbox:
    """Start `customer-tui sandbox` on a free port and return once it prints its ready line."""
    process = subprocess.Popen(
        [*customer_tui(), "sandbox", "--port", "0", "--memory", "--customers", "60", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    banner: list[str] = []
    url = None
    # Wait on the printed "ready" line (it comes only once the socket listens), then the banner.
    while not banner or not banner[-1].startswith("Press Ctrl+C"):
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            stop(process)
            pytest.fail(f"no ready line within {START_TIMEOUT:.0f} s; got {banner}")
        if line is None:
            stderr = process.stderr.read() if process.stderr else ""
            pytest.fail(f"sandbox exited ({process.wait()}) before it was ready: {stderr}")
        banner.append(line)
        if match := READY.search(line):
            url = match["url"]
    assert url is not None, banner
    return RunningSandbox(url, process, banner)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def sandbox_process() -> Iterator[RunningSandbox]:
    """One sandbox process for the module; `--memory`, so nothing is written anywhere."""
    running = start_sandbox()
    try:
        yield running
    finally:
        stop(running.process)


async def test_client_reads_and_changes_over_the_socket(sandbox_process: RunningSandbox) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", sandbox_process.url)
    assert not sandbox_process.url.endswith(":0")
    async with CustomerService(sandbox_process.url, "demo", "demo-agent", "demo-secret") as service:
        scopes = await service.authenticate()
        assert "customer.customer_manage" in scopes
        page = await service.list_customers(page_size=5)
        assert page.total == 60
        john = await service.get_customer("10000001")
        assert john.contact_email == "john.smith@example.com"
        await service.patch_customer(
            "10000001", {"contactPhone": "+1 212 555 0199"}, version=john.metadata.version
        )
        again = await service.get_customer("10000001")
        assert again.contact_phone == "+1 212 555 0199"
        assert again.metadata.version == john.metadata.version + 1


def test_banner_names_tenant_and_demo_clients(sandbox_process: RunningSandbox) -> None:
    text = "".join(sandbox_process.banner)
    assert "tenant:   demo" in text
    for client in ("demo-agent", "demo-viewer", "demo-de"):
        assert client in text


def test_banner_names_the_kibo_side_and_how_to_connect_the_app(
    sandbox_process: RunningSandbox,
) -> None:
    text = "".join(sandbox_process.banner)
    assert f"Kibo B2B sandbox at {sandbox_process.url}/kibo/api" in text
    assert "tenant:   10000 (x-vol-tenant), site: 10001 (x-vol-site)" in text
    assert "client:   kibo-agent (secret: demo-secret)" in text
    assert "also:     kibo-viewer, kibo-new, same secret" in text
    assert (
        "behaviors: kibo-agent Customer Read, Customer Update; kibo-viewer Customer Read; "
        "kibo-new none"
    ) in text
    assert 'platform = "kibo"' in text


def test_cli_check_of_a_kibo_profile_reaches_the_running_sandbox(
    sandbox_process: RunningSandbox,
) -> None:
    config = Path(os.environ["CUSTOMER_TUI_CONFIG"])
    config.write_text(
        "[profiles.b2b]\n"
        'platform = "kibo"\n'
        f'api_url = "{sandbox_process.url}/kibo/api"\n'
        'tenant = "10000"\nsite = "10001"\nclient_id = "kibo-viewer"\n'
        'secret_env = "KIBO_SECRET"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "KIBO_SECRET": "demo-secret"}
    done = subprocess.run(
        [*customer_tui(), "--check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: Kibo tenant 10000, site 10001 at 127.0.0.1:")
    assert "as application kibo-viewer" in done.stdout
    assert "demo-secret" not in done.stdout + done.stderr


def test_cli_check_connects_to_the_running_sandbox(sandbox_process: RunningSandbox) -> None:
    env = {**os.environ, "EMPORIX_CLIENT_ID": "demo-viewer", "EMPORIX_CLIENT_SECRET": "demo-secret"}
    done = subprocess.run(
        [*customer_tui(), "--api-url", sandbox_process.url, "--tenant", "demo", "--check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: demo @ 127.0.0.1:")
    assert "access: read only" in done.stdout
    assert "demo-secret" not in done.stdout + done.stderr


def test_sandbox_stops_cleanly_on_ctrl_c() -> None:
    running = start_sandbox()
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=30) == 0
    stderr = running.process.stderr.read() if running.process.stderr else ""
    assert "Traceback" not in stderr
