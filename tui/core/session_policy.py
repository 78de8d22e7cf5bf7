"""Who is at the keyboard of one app and what they may do: the agent's name, role and limits."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

TICKET_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/#:-]{0,63}$")
"""A ticket reference as help desks write them: T-1234, INC0012345, JIRA-77, #5521."""


def clean_ticket(text: str | None) -> str | None:
    """The ticket reference without surrounding blanks, or None when empty; ValueError (in words)
    when it is not one."""
    value = (text or "").strip()
    if not value:
        return None
    if not TICKET_PATTERN.match(value):
        raise ValueError(
            "A ticket reference is one word of letters, digits and . _ / # : - "
            "(at most 64), e.g. T-1234."
        )
    return value


@dataclass(frozen=True)
class SessionPolicy:
    """The rules one app runs under. The local app runs with the defaults (the OS user, every
    profile, nothing forced); a served session gets its agent's entry from the agents file."""

    agent: str | None = None
    """The name journalled as the user; None means the operating-system user."""
    profiles: tuple[str, ...] = ()
    """The profiles this agent may open; empty means any."""
    read_only: bool = False
    """Forced read-only: no palette toggle or profile switch turns it off."""
    require_ticket: bool = False
    """Every change needs a ticket reference first."""
    lead: bool = False
    """A team lead sees every agent's changes in the Activity screen."""
    ticket: str | None = None
    """The ticket reference the session starts with (--ticket)."""
    served: bool = False
    """Served over SSH or the web: the agent is not at the host's keyboard."""

    def allows_profile(self, name: str) -> bool:
        return not self.profiles or name in self.profiles

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SessionPolicy:
        data = json.loads(text)
        profiles: Sequence[str] = data.get("profiles") or ()
        return cls(
            agent=data.get("agent"),
            profiles=tuple(str(p) for p in profiles),
            read_only=bool(data.get("read_only")),
            require_ticket=bool(data.get("require_ticket")),
            lead=bool(data.get("lead")),
            ticket=data.get("ticket"),
            served=bool(data.get("served")),
        )
