"""The local, append-only record of every change an agent made (one JSON object per line)."""

from __future__ import annotations

import fcntl
import getpass
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui import paths
from tui.core.private_files import open_private

# Outcomes a line can carry; the Activity screen shows them as words.
DONE = "done"
CONFLICT = "conflict"
FAILED = "failed"
CANCELLED = "cancelled"
UNKNOWN = "unknown"
"""The connection broke after the request was sent: the change may or may not have been saved."""
STARTED = "started"
"""Written before a destructive call (a delete) so that the snapshot exists even if the app dies."""

# Keys whose values never reach the journal, whatever object they sit in.
_SECRET_KEYS = frozenset(
    {
        "password",
        "passwordhash",
        "secret",
        "client_secret",
        "clientsecret",
        "token",
        "access_token",
        "accesstoken",
        "refresh_token",
        "authorization",
        "legacyauth",
    }
)
REDACTED = "[redacted]"

_READ_CHUNK = 64 * 1024


def journal_path() -> Path:
    """Where the journal lives: the platform's per-user state directory."""
    return paths.journal_file()


def os_user() -> str:
    """The operating-system user, which is who sits at the keyboard on a shared jump host."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises when no user name can be found (containers without passwd)
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def redact(value: Any) -> Any:
    """A copy of `value` with every secret-looking key's value replaced: people read journals."""
    if isinstance(value, Mapping):
        return {
            str(k): (REDACTED if str(k).lower().replace("-", "_") in _SECRET_KEYS else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str) and value[:7].lower() == "bearer ":
        return REDACTED
    return value


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a change (wire names, JSON values)."""

    before: Any
    after: Any


@dataclass(frozen=True)
class JournalEntry:
    """One change attempt, as written to and read from the journal."""

    action: str
    """What the agent did: edit, hold, release, activate, deactivate, delete, create,
    assign-account, address-add, address-edit, address-delete, address-default, address-tags,
    undo."""
    customer_number: str | None
    outcome: str
    """done, conflict, failed, unknown, cancelled or started (see the module constants)."""
    tenant: str
    api_host: str
    time: str = field(default_factory=_now)
    """UTC, ISO 8601 with milliseconds."""
    user: str = field(default_factory=os_user)
    client_id: str | None = None
    changes: dict[str, FieldChange] = field(default_factory=dict)
    """Wire field name -> before/after; only the fields that were (to be) sent."""
    status: int | None = None
    """The HTTP status of the answer, when there was one."""
    message: str | None = None
    """The error's one-line text for failures and conflicts."""
    reason: str | None = None
    """Why the agent did it, when they said (confirm dialogs ask)."""
    snapshot: dict[str, Any] | None = None
    """The full customer as JSON, written for deletes before the request is sent."""
    target: str | None = None
    """A sub-resource the change was about, e.g. an address id."""
    ticket: str | None = None
    """The ticket reference the agent was working on, when they set one."""
    platform: str | None = None
    """The platform the change went to ("emporix", "kibo"); None in entries of older versions."""
    kind: str | None = None
    """The kind of record ("customer", "account", "user"), for entries written through the seam."""
    key: str | None = None
    """The record's key within its kind (a Kibo user's is "ACCOUNT/USERID")."""

    def to_json(self) -> str:
        """One line of JSON, secrets redacted, no newline inside."""
        data = asdict(self)
        data["changes"] = {
            k: {"before": v.before, "after": v.after} for k, v in self.changes.items()
        }
        return json.dumps(redact(data), ensure_ascii=False, separators=(",", ":"), default=str)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JournalEntry:
        """Reads a parsed line back; unknown keys (from newer versions) are ignored."""
        raw_changes = data.get("changes") or {}
        changes = {
            str(k): FieldChange(v.get("before"), v.get("after"))
            for k, v in raw_changes.items()
            if isinstance(v, Mapping)
        }
        return cls(
            action=str(data.get("action", "")),
            customer_number=data.get("customer_number"),
            outcome=str(data.get("outcome", "")),
            tenant=str(data.get("tenant", "")),
            api_host=str(data.get("api_host", "")),
            time=str(data.get("time", "")),
            user=str(data.get("user", "")),
            client_id=data.get("client_id"),
            changes=changes,
            status=data.get("status"),
            message=data.get("message"),
            reason=data.get("reason"),
            snapshot=data.get("snapshot"),
            target=data.get("target"),
            ticket=data.get("ticket"),
            platform=data.get("platform"),
            kind=data.get("kind"),
            key=data.get("key"),
        )

    @property
    def fields_summary(self) -> str:
        """The changed fields as one short line, e.g. `onHold: false -> true`."""
        parts = [
            f"{name}: {_short(c.before)} -> {_short(c.after)}" for name, c in self.changes.items()
        ]
        return "; ".join(parts)


def _short(value: Any, limit: int = 40) -> str:
    if value is None or value == "":
        text = "(empty)"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes_from(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, FieldChange]:
    """before/after pairs for every key in `after` (a patch) taken from a full `before` object."""
    return {k: FieldChange(before.get(k), v) for k, v in after.items()}


class Journal:
    """Appends entries to, and reads recent entries from, one JSON-lines file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or journal_path()

    def append(self, entry: JournalEntry) -> JournalEntry:
        """Writes one line. One `write()` on an O_APPEND descriptor under an exclusive lock, so
        that many sessions on one host (a served team: one process per agent) never interleave or
        lose lines, even when a line is longer than the kernel writes at once."""
        line = (entry.to_json() + "\n").encode("utf-8")
        fd = open_private(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            written = os.write(fd, line)
            # A short write only happens on a full disk; finish the line rather than leave half.
            while written < len(line):
                written += os.write(fd, line[written:])
        finally:
            os.close(fd)
        return entry

    def record(self, **fields: Any) -> JournalEntry:
        """Builds an entry from keyword arguments (see JournalEntry) and appends it."""
        return self.append(JournalEntry(**fields))

    def _lines_backwards(self) -> Iterator[bytes]:
        """The file's lines, last first, reading from the end in chunks: the journal only grows."""
        try:
            f = self.path.open("rb")
        except FileNotFoundError:
            return
        with f:
            f.seek(0, os.SEEK_END)
            pos = f.tell()
            rest = b""
            while pos > 0:
                step = min(_READ_CHUNK, pos)
                pos -= step
                f.seek(pos)
                chunk = f.read(step) + rest
                lines = chunk.split(b"\n")
                rest = lines[0]
                for line in reversed(lines[1:]):
                    if line.strip():
                        yield line
            if rest.strip():
                yield rest

    def recent(
        self,
        limit: int = 200,
        *,
        user: str | None = None,
        tenant: str | None = None,
        api_host: str | None = None,
    ) -> list[JournalEntry]:
        """Up to `limit` entries, newest first, optionally only one user's, tenant's or host's.
        A damaged line (a crash mid-write, a hand edit) is skipped, not fatal."""
        found: list[JournalEntry] = []
        for raw in self._lines_backwards():
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            entry = JournalEntry.from_dict(data)
            if user is not None and entry.user != user:
                continue
            if tenant is not None and entry.tenant != tenant:
                continue
            if api_host is not None and entry.api_host != api_host:
                continue
            found.append(entry)
            if len(found) >= limit:
                break
        return found
