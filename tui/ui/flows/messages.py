"""How flows tell screens what happened: a record was loaded or changed; never by importing them."""

from __future__ import annotations

from typing import Any

from textual.message import Message


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
