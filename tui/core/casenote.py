"""A paste-ready case note for a ticket: what the agent did, from the journal, in plain text."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tui.core.mask import mask_emails_in, mask_record, mask_value

__all__ = ["ACTION_WORDS", "NoteLine", "case_note", "for_ticket", "note_lines"]

_SECRET_KEYS = frozenset(
    {
        "password",
        "passwordhash",
        "secret",
        "clientsecret",
        "token",
        "accesstoken",
        "refreshtoken",
        "authorization",
        "legacyauth",
        "externalpassword",
    }
)
REDACTED = "[redacted]"
_LONGEST_VALUE = 80

ACTION_WORDS = {
    "edit": "Edited",
    "hold": "Put on hold",
    "release": "Released from hold",
    "activate": "Activated",
    "deactivate": "Deactivated",
    "delete": "Deleted",
    "create": "Created",
    "assign-account": "Assigned a login account",
    "address-add": "Added an address",
    "address-edit": "Edited an address",
    "address-delete": "Deleted an address",
    "address-default": "Made an address the default",
    "address-tags": "Changed an address's tags",
    "undo": "Undid a change",
    "reveal": "Revealed a masked field",  # mask mode's `v`; the journal has no value for it
    "lock": "Locked",
    "unlock": "Unlocked",
    "remove": "Removed from the account",
    "approve": "Approved the account",
    "deny": "Denied the account",
    "enable": "Enabled the account",
    "disable": "Disabled the account",
    "role-add": "Added a role",
    "role-remove": "Removed a role",
    "add_role": "Gave a role",  # the Kibo user kind's action names, as journalled
    "remove_role": "Took a role away",
}
"""Journal actions in words; an action not listed reads as its name ("role-add" -> "Role add")."""

_OUTCOME_WORDS = {
    "done": "",
    "conflict": "NOT saved: someone else had changed it meanwhile (conflict)",
    "cancelled": "not saved",
    "failed": "FAILED",
    "unknown": "may or may not have been saved (the connection broke after sending); check it",
    "started": "started; no outcome was recorded",
}


@dataclass(frozen=True)
class NoteLine:
    """One journal entry as the note shows it."""

    when: str
    subject: str
    text: str


def _getter(entry: Any) -> Callable[[str], Any]:
    if isinstance(entry, Mapping):
        return entry.get
    return lambda key: getattr(entry, key, None)


def _is_secret(key: str) -> bool:
    return key.lower().replace("_", "").replace("-", "") in _SECRET_KEYS


def _show(key: str, value: Any, masked: bool) -> str:
    if _is_secret(key) or (isinstance(value, str) and value[:7].lower() == "bearer "):
        return REDACTED
    if value is None or value == "" or value == [] or value == {}:
        return "(empty)"
    if masked:
        value = _mask_deep(key, value)
    text = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    text = " ".join(text.split())
    if len(text) > _LONGEST_VALUE:
        text = text[: _LONGEST_VALUE - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


def _mask_deep(key: str, value: Any) -> Any:
    return (
        mask_record({key: value})[key] if isinstance(value, dict | list) else mask_value(key, value)
    )


def _changes(raw: Any) -> list[tuple[str, Any, Any]]:
    if not isinstance(raw, Mapping):
        return []
    out = []
    for name, change in raw.items():
        get = _getter(change)
        out.append((str(name), get("before"), get("after")))
    return out


def _when(raw: Any) -> tuple[datetime | None, str]:
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None, str(raw or "(time not recorded)")
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment, f"{moment:%Y-%m-%d %H:%M} UTC"


def _subject(get: Callable[[str], Any]) -> str:
    kind = get("kind")
    key = get("record_key") or get("key")
    if kind and key:
        return f"{str(kind).capitalize()} {key}"
    user, account = get("user_id"), get("account_id")
    if user:
        return f"User {user}" + (f" of account {account}" if account else "")
    if account:
        return f"Account {account}"
    number = get("customer_number")
    return f"Customer {number}" if number else "No record"


def _text(get: Callable[[str], Any], masked: bool) -> str:
    action = str(get("action") or "")
    reason = str(get("reason") or "")
    words = ACTION_WORDS.get(action) or action.replace("-", " ").capitalize() or "A change"
    if action == "undo" and reason.startswith("undo of "):
        words, reason = f"Undid the {reason.removeprefix('undo of ')}", ""
    target = get("target")
    if target:
        words += f" ({target})"
    fields = [
        f"{n}: {_show(n, b, masked)} → {_show(n, a, masked)}"
        for n, b, a in _changes(get("changes"))
    ]
    text = words + (": " + "; ".join(fields) if fields else "")
    outcome = str(get("outcome") or "done")
    said = _OUTCOME_WORDS.get(outcome, outcome)
    message = str(get("message") or "")
    if message and outcome != "done":
        said = f"{said}: {message}" if said else message
    if said:
        text += f" — {said}"
    if reason:
        text += f" (reason: {reason})"
    return mask_emails_in(text) if masked else text


def for_ticket(entries: Iterable[Any], ticket: str | None) -> list[Any]:
    """The entries that carry `ticket` (all of them for None)."""
    if ticket is None:
        return list(entries)
    return [e for e in entries if str(_getter(e)("ticket") or "").strip() == ticket.strip()]


def _chosen(entries: Iterable[Any], ticket: str | None) -> list[tuple[datetime | None, int, Any]]:
    picked = [
        (_when(_getter(entry)("time"))[0], index, entry)
        for index, entry in enumerate(for_ticket(entries, ticket))
    ]
    # Oldest first, whatever order the journal gave (it reads newest first); ties keep theirs.
    picked.sort(key=lambda t: (t[0] is None, t[0] or datetime.min.replace(tzinfo=UTC), t[1]))
    return picked


def _settled_starts(picked: list[tuple[datetime | None, int, Any]]) -> set[int]:
    """Entries "started" that a later entry of the same action and record completed."""
    settled: set[int] = set()
    for pos, (_, index, entry) in enumerate(picked):
        get = _getter(entry)
        if get("outcome") != "started":
            continue
        for _, _, later in picked[pos + 1 :]:
            other = _getter(later)
            if (other("action"), _subject(other)) == (get("action"), _subject(get)):
                settled.add(index)
                break
    return settled


def note_lines(
    entries: Iterable[Any], *, ticket: str | None = None, masked: bool = False
) -> list[NoteLine]:
    """The entries (journal entries or their dicts) for `ticket` (None: all), oldest first."""
    picked = _chosen(entries, ticket)
    settled = _settled_starts(picked)
    lines = []
    for _, index, entry in picked:
        if index in settled:
            continue
        get = _getter(entry)
        subject = _subject(get)
        lines.append(
            NoteLine(
                _when(get("time"))[1],
                mask_emails_in(subject) if masked else subject,
                _text(get, masked),
            )
        )
    return lines


def case_note(
    entries: Iterable[Any],
    *,
    ticket: str | None = None,
    masked: bool = False,
) -> str:
    """The note to paste into the ticket: a heading, then per record (in the order first
    touched) one line per change with its time, each field before → after and how it ended.
    No secrets (snapshots and secret-named fields are never shown); `masked` hides contact data
    as mask mode does."""
    entries = for_ticket(entries, ticket)
    lines = note_lines(entries, masked=masked)
    heading = f"Ticket {ticket}: what was done" if ticket else "What was done"
    if not lines:
        return f"{heading}\nNothing was changed" + (f" for ticket {ticket}." if ticket else ".")
    agents = sorted({str(_getter(e)("agent") or _getter(e)("user") or "") for e in entries} - {""})
    tenants = sorted({str(_getter(e)("tenant") or "") for e in entries} - {""})
    about = []
    if agents:
        about.append(f"by {', '.join(agents)}")
    if tenants:
        about.append(f"on tenant {', '.join(tenants)}")
    span = (
        lines[0].when if lines[0].when == lines[-1].when else f"{lines[0].when} to {lines[-1].when}"
    )
    out = [
        heading,
        f"{span}, {len(lines)} change{'s' if len(lines) != 1 else ''} {' '.join(about)}".rstrip(),
    ]
    order: list[str] = []
    for line in lines:
        if line.subject not in order:
            order.append(line.subject)
    for subject in order:
        out.append("")
        out.append(subject)
        out.extend(f"- {line.when}  {line.text}" for line in lines if line.subject == subject)
    return "\n".join(out)
