"""What every record flow shares: the app it needs, refusing with the reason, a fresh read, telling screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.screen import Screen
from textual.worker import NoActiveWorker, Worker, get_current_worker

from tui.core.backend import Backend
from tui.core.kinds import RecordKind
from tui.ui import masking
from tui.ui.change_actions import read_only_refusal
from tui.ui.errors import Notifies, report_error
from tui.ui.flows.messages import RecordChanged

if TYPE_CHECKING:
    from textual.app import App

CHANGE_GROUP = "change"
"""The worker group of every change flow (the same as the customer flows': one at a time)."""


class FlowApp(Notifies, Protocol):
    """The little of the app a flow uses (CustomerTuiApp is one)."""

    @property
    def backend(self) -> Backend: ...

    connection: Any
    ticket: str | None
    agent_name: str
    read_only: bool
    read_only_reason: str
    last_error: str
    undo_log: dict[str, list[Any]]

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def workers(self) -> Any: ...

    def busy(self, what: str) -> AbstractAsyncContextManager[None]: ...

    async def push_screen_wait(self, screen: Any) -> Any: ...


@dataclass
class UndoEntry:
    """One change of ours `u` can put back: the record as our change left it, and how back."""

    kind: str
    key: str
    label: str
    action: str
    after: Any
    """The record as our change left it (read again): undo meets a conflict if it differs now."""
    previous: dict[str, Any] = field(default_factory=dict)
    """An edit: form field name -> the value before (the undo saves these back)."""
    inverse: str | None = None
    """An action: the kind's action that puts it back (lock -> unlock)."""
    arguments: dict[str, Any] = field(default_factory=dict)
    fields: Any = None
    """An edit: which fields `previous` names (flows/edit.py's `Fields`; None: the form's)."""


def undo_stack(app: FlowApp) -> list[UndoEntry]:
    """The record changes of this session that `u` can put back, the latest last."""
    return app.undo_log.setdefault("record", [])


def shown(app: FlowApp, key: str | None, value: Any) -> Any:
    """`value` as the agent may see it (masked in mask mode): `tui.ui.masking.shown` for a flow."""
    return masking.shown(cast("App[Any]", app), key, value)


def kind_of(app: FlowApp, kind: str) -> RecordKind:
    return app.backend.kinds[kind]


def refused(app: FlowApp, what: str) -> bool:
    """True (after telling the agent why) when read-only, or while another change is open: a
    second key press while the first dialog loads must not stack two changes."""
    if app.read_only:
        app.notify(read_only_refusal(app, what), title="Read-only", severity="warning")
        return True
    try:
        me: Worker[Any] | None = get_current_worker()
    except NoActiveWorker:
        me = None
    others = [w for w in app.workers if w.group == CHANGE_GROUP and w.is_running and w is not me]
    if others:
        app.notify(
            f"{what} has to wait: finish “{others[0].description}” first.",
            title="One change at a time",
            severity="warning",
        )
        return True
    return False


async def fresh(app: FlowApp, kind: str, key: str, doing: str) -> Any | None:
    """The record as the server has it now (what a change is checked against); None after
    saying why it could not be read."""
    described = kind_of(app, kind)
    try:
        async with app.busy(f"Reading {key}"):
            return await app.backend.get(kind, key)
    except Exception as exc:
        report_error(app, exc, action=doing, subject=f"{described.title} {key}")
        return None


def tell_screens(app: FlowApp, kind: str, key: str, record: Any | None) -> None:
    """Every screen hears that the record changed; those showing it (or listing its kind) update."""
    for screen in list(app.screen_stack):
        screen.post_message(RecordChanged(kind, key, record))


FlowStep = Callable[[], Awaitable[Any]]
