"""`serve web`: the token on a non-loopback address, and the app in a real headless Chromium."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pyte
import pytest

from tests.serve.conftest import journal_lines
from tests.serve.ssh_support import WAIT, read_the_question
from tui.config.connection import Connection
from tui.connect.backends import open_service
from tui.serve.agents import AgentsError, add_agent
from tui.serve.web import WebServer

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def web_agents(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "agents.toml"
    token = add_agent(path, "bob", web_token=True)
    assert token is not None
    return path, token


WebFactory = Callable[[str], Any]


@pytest.fixture
async def web_server(web_agents: tuple[Path, str]) -> AsyncIterator[WebFactory]:
    runners = []
    await open_service(Connection.sandbox_default()).aclose()

    async def start(host: str) -> tuple[WebServer, str]:
        server = WebServer(agents_path=web_agents[0], host=host, port=0)
        runners.append(await server.start())
        return server, f"http://127.0.0.1:{server.bound[0][1]}"

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_off_loopback_every_page_and_websocket_needs_the_token(
    web_server: WebFactory, web_agents: tuple[Path, str]
) -> None:
    _, token = web_agents
    _, url = await web_server("0.0.0.0")
    async with httpx.AsyncClient(base_url=url, timeout=WAIT) as client:
        refused = await client.get("/")
        assert refused.status_code == 403 and "Access token required" in refused.text
        assert (await client.get("/?token=guess")).status_code == 403
        assert (await client.get("/ws")).status_code == 403
        given = await client.get(f"/?token={token}")
        assert given.status_code == 303 and given.headers["location"] == "/"
        cookie = given.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = await client.get("/")  # the cookie from now on
        assert page.status_code == 200 and "/ws" in page.text
        other_site = await client.get("/ws", headers={"Origin": "http://evil.example"})
        assert other_site.status_code == 403


async def test_on_loopback_the_page_needs_no_token(web_server: WebFactory) -> None:
    _, url = await web_server("127.0.0.1")
    async with httpx.AsyncClient(base_url=url, timeout=WAIT) as client:
        assert (await client.get("/")).status_code == 200


async def test_tabs_beyond_the_limit_are_refused(web_agents: tuple[Path, str]) -> None:
    server = WebServer(agents_path=web_agents[0], host="127.0.0.1", port=0, max_sessions=0)
    runner = await server.start()
    try:
        url = f"http://127.0.0.1:{server.bound[0][1]}"
        async with httpx.AsyncClient(base_url=url, timeout=WAIT) as client:
            assert (await client.get("/ws")).status_code == 503
        assert server.refused == 1
    finally:
        await runner.cleanup()


async def test_off_loopback_without_any_token_it_does_not_start(tmp_path: Path) -> None:
    server = WebServer(agents_path=tmp_path / "none.toml", host="0.0.0.0", port=0)
    with pytest.raises(AgentsError, match="--web-token"):
        await server.start()


# The page's websocket carries the app's terminal output; recording it lets the test read what
# the browser draws (xterm.js paints on a canvas, so the page has no text to query).
RECORD_FRAMES = """
window.__seen = "";
const decoder = new TextDecoder();
const Original = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const query = new URL(url).searchParams;
  window.__size = [Number(query.get("width") || 80), Number(query.get("height") || 24)];
  const ws = protocols === undefined ? new Original(url) : new Original(url, protocols);
  ws.addEventListener("message", (event) => {
    if (event.data instanceof ArrayBuffer) {
      window.__seen += decoder.decode(event.data, {stream: true});
    }
  });
  return ws;
};
window.WebSocket.prototype = Original.prototype;
Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
"""


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
async def test_chromium_shows_the_list_types_a_search_and_journals_the_tokens_agent(
    web_server: WebFactory, web_agents: tuple[Path, str], tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    _, token = web_agents
    server, url = await web_server("0.0.0.0")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1000, "height": 640})
            page.set_default_timeout(WAIT * 1000)
            await page.add_init_script(RECORD_FRAMES)

            async def shows(text: str, since: int = 0) -> None:
                await page.wait_for_function(
                    "([t, from]) => window.__seen.indexOf(t, from) >= 0",
                    arg=[text, since],
                    polling=100,
                    timeout=WAIT * 1000,
                )

            async def frames() -> int:
                """Where the output received so far ends: later checks look only after it."""
                return int(await page.evaluate("window.__seen.length"))

            await page.goto(f"{url}/?token={token}")
            assert page.url == f"{url}/"  # the token left the address bar
            await shows("John Smith")
            # Keys go to xterm.js's input element (a click would also move the app's focus).
            await page.focus(".xterm-helper-textarea")
            before = await frames()
            await page.keyboard.type("schmidt")
            await shows("Lena Schmidt", before)  # not on the first page: the search's answer
            await page.keyboard.press("ArrowDown")
            await page.keyboard.press("h")
            await shows("on hold?", before)
            await read_the_question()
            await page.keyboard.press("Enter")
            await shows("Hold done", before)
            await page.screenshot(path=str(tmp_path / "serve-web.png"))
            screen = await _screen(page)
            pids = [s.process.pid for s in server.services if s.process is not None]
            assert len(pids) == 1
        finally:
            await browser.close()
    await asyncio.wait_for(server.all_ended.wait(), WAIT)  # the closed tab's app is gone
    with pytest.raises(ProcessLookupError):
        os.kill(pids[0], 0)
    assert "Schmidt" in screen
    done = [e for e in journal_lines() if e["outcome"] == "done"]
    assert [(e["user"], e["action"]) for e in done] == [("bob", "hold")]
    assert (tmp_path / "serve-web.png").stat().st_size > 10_000


async def _screen(page: Any) -> str:
    """Everything the browser received, replayed on a terminal emulator of the page's size."""
    text = await page.evaluate("window.__seen")
    screen = pyte.Screen(*(await page.evaluate("window.__size")))
    pyte.Stream(screen).feed(text)
    return "\n".join(screen.display)
