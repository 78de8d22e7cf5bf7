"""`customer-tui screenshots`: renders the main screens from a fresh sandbox into SVG files."""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from tui.config.connection import Connection

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.ui.app import CustomerTuiApp

DEFAULT_SIZE = (120, 36)
_SETTLE_ROUNDS = 200
SHOT_TIMEOUT = 60.0
"""Seconds one screenshot may take before it is reported as failed instead of hanging the run."""


@dataclass(frozen=True)
class Shot:
    """One picture: its file name, what it shows, and the keys that get the app there."""

    name: str
    caption: str
    steps: Callable[[Pilot[Any]], Awaitable[None]]
    connection: Connection | None = None
    """How the header should look; None is the sandbox. The data always comes from the sandbox."""


# A production-style profile, to show its label, colour and read-only header. Only the header is
# borrowed: requests still go to the in-process sandbox, with the demo tenant and its demo secret.
PROD_LOOK = Connection(
    name="prod",
    platform="emporix",
    api_url="https://api.emporix.io",
    tenant="demo",
    client_id="support-prod",
    client_secret=SecretStr("unused"),
    read_only=True,
    label="PROD",
    color="darkred",
)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and every message has landed (never on the clock)."""
    app = pilot.app
    for _ in range(_SETTLE_ROUNDS):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return
    raise RuntimeError("the app did not settle")


async def _search_list(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _search_smith(pilot: Pilot[Any]) -> None:
    from textual.widgets import Input

    await settle(pilot)
    if not isinstance(pilot.app.focused, Input):
        await pilot.press("slash")
    await pilot.press(*"smith", "enter")
    await settle(pilot)


async def until_screen(pilot: Pilot[Any], name: str) -> None:
    """Wait until a screen class called `name` is on top and has processed its messages.

    A modal flow keeps its worker running while the modal is open, so `settle` would wait forever.
    """
    for _ in range(_SETTLE_ROUNDS):
        await pilot.pause()
        screen = pilot.app.screen
        if type(screen).__name__ == name:
            busy = [w for w in pilot.app.workers if w.is_running and w.node is screen]
            if not busy:
                return
    raise RuntimeError(f"{name} did not open")


def _open(
    number: str, *keys: str, modal: str | None = None
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def steps(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app: CustomerTuiApp = pilot.app  # type: ignore[assignment]
        app.open_customer(number)
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            if modal:
                await until_screen(pilot, modal)
            else:
                await settle(pilot)

    return steps


async def _help(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    # The action, not the key: `?` typed into a focused search box is just a character.
    await pilot.app.run_action("help")
    await settle(pilot)


async def _kibo_accounts(pilot: Pilot[Any]) -> None:
    await until_screen(pilot, "RecordListScreen")
    await settle(pilot)


def _kibo_record(kind: str, key: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def steps(pilot: Pilot[Any]) -> None:
        await _kibo_accounts(pilot)
        app: CustomerTuiApp = pilot.app  # type: ignore[assignment]
        app.open_record(kind, key)
        await until_screen(pilot, "RecordDetailScreen")
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return steps


SHOTS: tuple[Shot, ...] = (
    Shot("search", "The customer list on the sandbox", _search_list),
    Shot("search-smith", "Typing a name: smart search over names and e-mails", _search_smith),
    Shot("detail-profile", "A B2B customer, profile tab", _open("10000002")),
    Shot("detail-addresses", "Addresses with default and tags", _open("10000001", "2")),
    Shot("detail-b2b", "Company registration and legal entities", _open("10000002", "4")),
    Shot("edit", "Editing a profile", _open("10000001", "e", modal="EditScreen")),
    Shot("help", "Help for the current screen", _help),
    Shot("profile-prod", "A read-only production profile", _search_list, PROD_LOOK),
    # The sandbox's Kibo side opens its own backend on the run's private data file.
    Shot(
        "kibo-accounts",
        "Kibo B2B accounts on the sandbox",
        _kibo_accounts,
        Connection.sandbox_default(platform="kibo"),
    ),
    Shot(
        "kibo-account-users",
        "A Kibo B2B account and its users",
        _kibo_record("account", "1001", "2"),
        Connection.sandbox_default(platform="kibo"),
    ),
    Shot(
        "kibo-user",
        "A buyer of a Kibo account, with the keys to lock, edit, remove and change roles",
        _kibo_record("user", "1001/1783439705ba76c8c7908d9326797ede"),
        Connection.sandbox_default(platform="kibo"),
    ),
)


@contextmanager
def _private_dirs() -> Iterator[None]:
    """Keep recent-customer lists and journals of the screenshot run out of the user's own."""
    names = ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="customer-tui-shots-") as tmp:
        for name in names:
            os.environ[name] = str(Path(tmp) / name.lower())
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _freeze(app: CustomerTuiApp) -> None:
    """No blinking cursor and no animation, so a picture never depends on timing."""
    from textual.widgets import Input

    app.animation_level = "none"
    for widget in app.screen.query(Input):
        widget.cursor_blink = False


async def render(
    out: Path,
    size: tuple[int, int] = DEFAULT_SIZE,
    only: Sequence[str] = (),
    *,
    masked: bool = False,
) -> tuple[list[Path], list[str]]:
    """Render the shots into `out`; returns the files written and one line per failed shot.
    `masked`: in mask mode, as an agent sharing the screen sees them."""
    import httpx

    from tui.emporix.client import CustomerService
    from tui.sandbox import DEMO_SECRET, TENANT, SandboxConfig, create_app
    from tui.ui.app import CustomerTuiApp

    sandbox = create_app(SandboxConfig())
    written: list[Path] = []
    failed: list[str] = []
    for shot in SHOTS:
        if only and shot.name not in only:
            continue
        connection = shot.connection or Connection.sandbox_default()
        service = CustomerService(
            "http://sandbox.local",
            TENANT,
            "demo-agent",
            DEMO_SECRET,
            transport=httpx.ASGITransport(app=sandbox),
        )
        app = CustomerTuiApp(connection, service=service, masked=masked)
        try:
            async with asyncio.timeout(SHOT_TIMEOUT), app.run_test(size=size) as pilot:
                _freeze(app)
                await shot.steps(pilot)
                _freeze(app)
                await pilot.pause()
                app.save_screenshot(filename=f"{shot.name}.svg", path=str(out))
            written.append(out / f"{shot.name}.svg")
        except TimeoutError:
            failed.append(f"{shot.name}: did not finish within {SHOT_TIMEOUT:.0f} s")
        except Exception as exc:
            failed.append(f"{shot.name}: {type(exc).__name__}: {exc}")
        finally:
            await service.aclose()
    return written, failed


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 120x36") from None
    if width < 40 or height < 12:
        raise argparse.ArgumentTypeError("the smallest size is 40x12")
    return width, height


def main(argv: Sequence[str]) -> int:
    """`customer-tui screenshots [--out DIR] [--size WxH] [--only NAME ...] [--mask]`."""
    parser = argparse.ArgumentParser(
        prog="customer-tui screenshots",
        description="Render the main screens from a fresh throwaway sandbox into SVG files "
        "(the same demo data every time). Names: " + ", ".join(s.name for s in SHOTS) + ".",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("screenshots"), help="directory (default: screenshots/)"
    )
    parser.add_argument(
        "--size", type=_size, default=DEFAULT_SIZE, help="terminal size (default: 120x36)"
    )
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", default=(), help="render only these screenshots"
    )
    parser.add_argument(
        "--mask",
        action="store_true",
        help="mask mode: contact data masked, as the README's screenshots are made",
    )
    args = parser.parse_args(list(argv))
    unknown = set(args.only) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"unknown screenshot(s): {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    with _private_dirs():
        written, failed = asyncio.run(render(args.out, args.size, args.only, masked=args.mask))
    for path in written:
        print(path)
    for line in failed:
        print(f"customer-tui screenshots: could not render {line}")
    return 1 if failed else 0
