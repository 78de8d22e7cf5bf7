"""`customer-tui serve web`: the app in a browser with textual-serve, one app process per tab.

On a loopback address it serves whoever can reach the port (the person at this machine). On any
other address every page and websocket needs an access token from the agents file: given once in
the URL (`/?token=…`), then kept in an HttpOnly cookie; the journal names the token's agent."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import shlex
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.core.session_policy import SessionPolicy
from tui.serve.agents import Agent, AgentsError, load_agents
from tui.serve.lifetime import until_stopped
from tui.serve.pty_app import STOP_TIMEOUT, session_command

log = logging.getLogger(__name__)

COOKIE = "customer_tui_token"
_FORBIDDEN = """<!doctype html><title>customer-tui: access token required</title>
<body style="font-family: monospace; max-width: 40em; margin: 3em auto">
<h1>Access token required</h1>
<p>{why}</p>
<p>Open the address your team lead gave you, which ends in <code>/?token=…</code>; it is needed
once per browser. A team lead makes one with
<code>customer-tui serve add-agent NAME --web-token</code>.</p></body>"""


class _AppService(AppService):
    """textual-serve's app process, which this server also waits for (and kills if it must):
    a closed tab leaves no process behind."""

    process: asyncio.subprocess.Process | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self.process = await super()._open_app_process(width, height)
        return self.process

    async def end(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.stop(), STOP_TIMEOUT)
        process = self.process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebServer(Server):
    """textual-serve's server, with the access token, the agent's identity per tab, a limit on
    tabs, and the page's address taken from the request (so it works behind a proxy)."""

    def __init__(
        self,
        *,
        agents_path: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        config_path: Path | None = None,
        max_sessions: int = 25,
        platform: str | None = None,
    ) -> None:
        super().__init__("customer-tui", host=host, port=port, title="customer-tui")
        self.agents_path = agents_path
        self.fixed_public_url = public_url.rstrip("/") if public_url else None
        self.config_path = config_path
        self.platform = platform
        """`serve --platform`: the embedded sandbox's side when no profile is configured."""
        self.max_sessions = max_sessions
        self.needs_token = not is_loopback(host)
        self.services: set[_AppService] = set()
        self.all_ended = asyncio.Event()
        self.all_ended.set()
        self.refused = 0
        self.bound: list[tuple[str, int]] = []

    # -- who is asking ------------------------------------------------------------------------

    def _agent_for(self, token: str | None) -> Agent | None:
        if not token:
            return None
        try:
            return load_agents(self.agents_path).by_token(token)
        except AgentsError as exc:
            log.error("refusing a web sign-in: %s", exc)
            return None

    def _policy(self, request: web.Request) -> SessionPolicy | None:
        """The tab's rules, or None when it may not have the app."""
        agent = self._agent_for(request.cookies.get(COOKIE))
        if agent is not None:
            return agent.policy()
        if self.needs_token:
            return None
        # Loopback without a token: the person at this machine, under their own OS user name.
        return SessionPolicy(served=True)

    def _same_origin(self, request: web.Request) -> bool:
        """A websocket opened by another site's page is refused, cookie or not."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        allowed = {f"{request.scheme}://{request.host}"}
        if self.fixed_public_url:
            allowed.add(self.fixed_public_url)
        return any(hmac.compare_digest(origin, a) for a in allowed)

    # -- routes -------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token")
        if token is not None:
            if self._agent_for(token) is None:
                return self._forbidden(
                    "That access token is not (or no longer) in the agents file."
                )
            # The token leaves the address bar and history; the cookie carries it from now on.
            response = web.Response(status=303, headers={"Location": "/"})
            secure = (self.fixed_public_url or "").startswith("https") or request.secure
            response.set_cookie(
                COOKIE, token, httponly=True, samesite="Strict", secure=secure, path="/"
            )
            return response
        if self._policy(request) is None:
            return self._forbidden("This server is not on a loopback address, so it needs a token.")
        base = self.fixed_public_url or f"{request.scheme}://{request.host}"
        ws_base = ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1]
        context = {
            "font_size": _int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_base + str(request.app.router["websocket"].url_for()),
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    @staticmethod
    def _forbidden(why: str) -> web.Response:
        return web.Response(status=403, text=_FORBIDDEN.format(why=why), content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        policy = self._policy(request)
        if policy is None or not self._same_origin(request):
            raise web.HTTPForbidden(text="access token required")
        if len(self.services) >= self.max_sessions:
            self.refused += 1
            raise web.HTTPServiceUnavailable(text="this host is serving as many tabs as it may")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width", "80"), 80)
        height = _int(request.query.get("height", "24"), 24)
        config = str(self.config_path) if self.config_path else None
        # `exec`: the shell textual-serve starts becomes the app, so ending it ends the app.
        command = "exec " + shlex.join(session_command(policy.to_json(), config, self.platform))
        service: _AppService | None = None
        try:
            await websocket.prepare(request)
            service = _AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]
                download_manager=self.download_manager,
                debug=False,
            )
            self.services.add(service)
            self.all_ended.clear()
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except web.HTTPException:
            raise  # not a websocket request: aiohttp answers it
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("a web session failed")
        finally:
            if service is not None:
                await service.end()
                self.services.discard(service)
                if not self.services:
                    self.all_ended.set()
        return websocket

    # -- running ------------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        pass

    async def start(self) -> web.AppRunner:
        """Listen; `bound` holds the (host, port) pairs (useful with port 0)."""
        load_agents(self.agents_path)  # a broken agents file stops the start, in words
        if self.needs_token and not load_agents(self.agents_path).has_tokens:
            raise AgentsError(
                f"serve web on {self.host} (not loopback) needs access tokens, and "
                f"{self.agents_path} has none: run `customer-tui serve add-agent NAME --web-token`."
            )
        runner = web.AppRunner(await self._make_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.bound = [(str(a[0]), int(a[1])) for a in runner.addresses]
        return runner

    def run(self, banner: str = "") -> int:
        async def serve() -> None:
            runner = await self.start()
            port = self.bound[0][1]
            shown = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
            print(f"customer-tui serve web: listening on {self.host}:{port}", flush=True)
            if banner:
                print(banner)
            if self.needs_token:
                print("Not on loopback: every browser needs an agent's token (/?token=…).")
            print(f"Open http://{shown}:{port}/   (Ctrl+C here stops)", flush=True)
            try:
                await until_stopped()
            finally:
                await runner.cleanup()

        asyncio.run(serve())
        return 0


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
