"""How flows tell screens what happened: a record was loaded or changed; never by importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

    from tui.ui.protocol import TuiApp


class RecordLoaded(Message):
    """A record arrived (or `error` says why not); `generation` tells a stale load from the last."""

    def __init__(
        self,
        kind: str,
        key: str,
        record: Any | None,
        error: BaseException | None = None,
        *,
        generation: int = 0,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.record = record
        self.error = error
        self.generation = generation


class RecordChanged(Message):
    """A change went through (or may have): every screen showing `kind`/`key` shows `record`,
    or reads it again when `record` is None (the change's answer could not be read)."""

    def __init__(self, kind: str, key: str, record: Any | None) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.record = record


class RecordDeleted(Message):
    """A record is gone: lists drop or re-read its row; the detail screen in front of it closes."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__()
        self.kind = kind
        self.key = key


class BulkChanged(Message):
    """A bulk change ended: `done` keys lose their marks (a retry takes the rest), `records`
    are shown as saved, `reread` keys are read again (their answer could not be used)."""

    def __init__(
        self, kind: str, done: Iterable[str], records: Iterable[Any], reread: Iterable[str]
    ) -> None:
        super().__init__()
        self.kind = kind
        self.done = frozenset(done)
        self.records = list(records)
        self.reread = list(reread)


def tell_screens(app: App[Any] | TuiApp, message: Callable[[], Message]) -> None:
    """Post a fresh `message()` to every screen of the stack (each handles what concerns it):
    how a flow updates the screens without knowing, or importing, which ones there are."""
    for screen in list(app.screen_stack):
        screen.post_message(message())
