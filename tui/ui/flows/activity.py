"""`A` on a record screen: the agent's recent changes on this tenant, from the journal."""

from __future__ import annotations

from typing import Any

from tui.ui.flows.common import FlowApp
from tui.ui.flows.journal import journal_of
from tui.ui.screens.activity import ActivityScreen


async def show_activity(app: FlowApp) -> None:
    """This agent's changes on this tenant, newest first (a team lead: everyone's)."""
    conn = app.connection
    everyone = bool(getattr(getattr(app, "policy", None), "lead", False))
    user = None if everyone else app.agent_name
    entries = journal_of(app).recent(200, user=user, tenant=conn.tenant, api_host=conn.api_host)
    chosen: Any = await app.push_screen_wait(
        ActivityScreen(entries, where=f"{conn.tenant} @ {conn.api_host}", everyone=everyone)
    )
    if chosen:  # an Emporix customer's number: the customer screens open it
        opener = getattr(app, "open_customer", None)
        if callable(opener):
            opener(chosen)
