"""Recently opened customers, kept as JSON in the per-user state directory."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from tui import paths
from tui.core.private_files import tighten, write_private

log = logging.getLogger(__name__)

MAX_RECENT = 20


@dataclass(frozen=True)
class RecentCustomer:
    """What the palette needs to offer a customer again: its number, name and e-mail, and where."""

    number: str
    name: str
    email: str = ""
    tenant: str = ""


def recent_path(agent: str | None = None) -> Path:
    """One file per agent when served (every agent runs as the host's one OS user)."""
    return paths.recent_file(agent)


class RecentCustomers:
    """Most recently opened first, per tenant; a damaged file is ignored, never fatal."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or recent_path()
        self._items: list[RecentCustomer] = self._load()

    def _load(self) -> list[RecentCustomer]:
        try:
            tighten(self.path)
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return [RecentCustomer(**item) for item in raw][:MAX_RECENT]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring unreadable recent-customers file %s: %s", self.path, exc)
            return []

    def items(self, tenant: str | None = None) -> list[RecentCustomer]:
        return [item for item in self._items if tenant is None or item.tenant == tenant]

    def add(self, item: RecentCustomer) -> None:
        keep = [i for i in self._items if (i.number, i.tenant) != (item.number, item.tenant)]
        self._items = [item, *keep][:MAX_RECENT]
        self._save()

    def update(self, item: RecentCustomer) -> None:
        """Refresh an entry in place (a changed name or e-mail), without moving it up; a
        customer never opened is not added."""
        key = (item.number, item.tenant)
        if not any((i.number, i.tenant) == key and i != item for i in self._items):
            return
        self._items = [item if (i.number, i.tenant) == key else i for i in self._items]
        self._save()

    def _save(self) -> None:
        try:
            data = json.dumps([asdict(i) for i in self._items], indent=1).encode("utf-8")
            write_private(self.path, data)
        except OSError as exc:
            log.warning("could not save recent customers to %s: %s", self.path, exc)
