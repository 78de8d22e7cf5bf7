"""Earlier searches or commands, newest first, kept per profile and agent in a private file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from tui.core.private_files import private_dir, tighten, write_private

log = logging.getLogger(__name__)

MAX_ENTRIES = 100


class History:
    """Non-empty entries, de-duplicated (a repeat moves to the front), at most MAX_ENTRIES.

    A damaged or unreadable file is ignored, never fatal: losing a history costs an agent a few
    keys, a crash costs the ticket they are on.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[str] = self._load()

    def _load(self) -> list[str]:
        try:
            tighten(self.path)
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable history file %s: %s", self.path, exc)
            return []
        if not isinstance(raw, list):
            return []
        return [e for e in raw if isinstance(e, str) and e.strip()][:MAX_ENTRIES]

    def add(self, entry: str) -> None:
        entry = entry.strip()
        if not entry:
            return
        if self.entries and self.entries[0] == entry:
            return
        self.entries = [entry, *(e for e in self.entries if e != entry)][:MAX_ENTRIES]
        try:
            private_dir(self.path.parent)
            write_private(self.path, json.dumps(self.entries, indent=0).encode("utf-8"))
        except OSError as exc:
            log.warning("could not save history to %s: %s", self.path, exc)


class HistoryWalk:
    """↑/↓ through a History for one input: ↑ older, ↓ newer, past the newest back to what was
    typed before browsing started (`None` from `newer` then means "not browsing any more")."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.index = -1
        """-1: not browsing; otherwise the entry shown."""
        self.typed = ""

    @property
    def browsing(self) -> bool:
        return self.index >= 0

    def older(self, current: str) -> str | None:
        """The next older entry, or None when there is none."""
        entries = self.history.entries
        if not self.browsing:
            self.typed = current
        if self.index + 1 >= len(entries):
            return None
        self.index += 1
        return entries[self.index]

    def newer(self) -> str:
        """The next newer entry; past the newest, the text typed before browsing."""
        if self.index <= 0:
            self.index = -1
            return self.typed
        self.index -= 1
        return self.history.entries[self.index]

    def reset(self) -> None:
        self.index = -1
