"""`c`: the case note of what the agent did for the current ticket, copied (OSC 52) and shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.core.casenote import case_note, note_lines
from tui.core.journal import JournalEntry
from tui.ui.protocol import tui_of

if TYPE_CHECKING:
    from textual.app import App

JOURNAL_LINES = 2000
"""How far back the journal is read for a ticket's note (newest first)."""


def session_start(app: App[Any]) -> datetime:
    """When this app's session began (the note without a ticket covers it)."""
    started = getattr(app, "session_started", None)
    return started if isinstance(started, datetime) else datetime.min.replace(tzinfo=UTC)


def _time(entry: JournalEntry) -> datetime | None:
    try:
        when = datetime.fromisoformat(entry.time.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Note:
    """The note's text, the ticket it is for (None: this session's), and how many changes."""

    text: str
    ticket: str | None
    changes: int

    @property
    def said(self) -> str:
        """What the agent is told: "Case note for T-1234 copied: 3 changes"."""
        count = f"{self.changes} change{'s' if self.changes != 1 else ''}" if self.changes else ""
        if self.ticket:
            return f"Case note for {self.ticket} copied: {count or 'no changes yet'}"
        return f"Case note copied (no ticket set): {count or 'no changes'} in this session"


def entries_for_note(app: App[Any]) -> tuple[list[JournalEntry], str | None]:
    """This agent's entries on this tenant: those of the current ticket (from any session), or
    without a ticket, this session's."""
    from tui.ui.flows.customer_core import journal_for

    connection = tui_of(app).connection
    agent = getattr(app, "agent_name", None)
    ticket: str | None = getattr(app, "ticket", None)
    entries = journal_for(app).recent(
        JOURNAL_LINES, user=agent, tenant=connection.tenant, api_host=connection.api_host
    )
    if ticket:
        return [e for e in entries if (e.ticket or "").strip() == ticket], ticket
    start = session_start(app)
    return [e for e in entries if (_time(e) or start) >= start], None


def build_note(app: App[Any]) -> Note:
    entries, ticket = entries_for_note(app)
    masked = bool(getattr(app, "masked", False))
    text = case_note(entries, ticket=ticket, masked=masked)
    if ticket is None:
        # case_note's heading says nothing of a ticket; the agent pasting it must know.
        _, _, rest = text.partition("\n")
        text = f"No ticket set: what was done in this session\n{rest}"
    changes = len(note_lines(entries, ticket=ticket))
    return Note(text, ticket, changes)


def copy_case_note(app: App[Any]) -> None:
    """Copy the note through OSC 52 and show it, so a terminal that ignores OSC 52 still lets
    the agent select it."""
    from tui.ui.screens.case_note import CaseNoteScreen

    try:
        note = build_note(app)
    except OSError as exc:
        app.notify(
            f"Could not read the journal ({exc.strerror or exc}): no case note.",
            title="Case note",
            severity="error",
        )
        return
    app.copy_to_clipboard(note.text)
    app.notify(note.said + ".", title="Case note")
    app.push_screen(CaseNoteScreen(note.text, note.said, lambda: build_note(app).text))
