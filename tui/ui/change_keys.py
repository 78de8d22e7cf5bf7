"""The change keys shared by the list and detail screens; each starts a flow from tui/ui/flows/customer.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

# Re-exported: the key bar, help and palette read them from below the flows (change_actions.py).
from tui.ui.change_actions import CHANGE_ACTIONS as CHANGE_ACTIONS
from tui.ui.change_actions import is_change as is_change
from tui.ui.change_actions import read_only_refusal as read_only_refusal
from tui.ui.flows.common import CHANGE_GROUP
from tui.ui.screens.ticket import TicketScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

TICKET_FREE = frozenset({"show_activity"})
"""Flows that change nothing, so need no ticket even where one is required (agents file, profile)."""


async def _ticket_first(screen: Any, run: Any, args: tuple[Any, ...]) -> None:
    """Where a ticket is required and none is set, ask for it before the change; refuse without."""
    app = screen.app
    if not getattr(app, "ticket", None):
        ticket = await app.push_screen_wait(TicketScreen(required=True))
        if not ticket:
            app.notify(
                "Not changed: your changes need a ticket reference (palette: Set ticket…).",
                title="Ticket required",
                severity="warning",
            )
            return
        app.ticket = ticket
    await run(screen, *args)


class ChangeKeys(_Base):
    """Mixin for a screen: `change_target()` names the customer a key acts on."""

    NEEDS_TARGET: ClassVar[frozenset[str]] = frozenset(
        {"edit", "hold", "delete", "assign", "active", "addresses", "edit_mixins"}
    )

    def change_target(self) -> Any | None:
        raise NotImplementedError

    def hold_targets(self) -> list[Any]:
        target = self.change_target()
        return [target] if target is not None else []

    def change_action_state(self, action: str) -> bool | None:
        """True: a change key stays live while read-only, so that pressing it can say why it
        does nothing (the flows refuse with the reason); the key bar dims it."""
        return True

    def _change(self, flow: str, *args: Any, description: str) -> None:
        """Run the flow of that name from tui/ui/flows/customer.py in a worker, so it can await
        its dialogs (push_screen_wait); failures reach errors.py."""
        # Imported on the first change, not at start-up: the flows and their forms and dialogs
        # are a good part of the app's code, and the first screen needs none of them.
        from tui.ui.flows import customer

        run = getattr(customer, flow)
        if flow in TICKET_FREE or not getattr(self.app, "require_ticket", False):
            work = run(self, *args)
        else:
            work = _ticket_first(self, run, args)
        # On the app, not this screen: Esc or `/` pops the screen, and a screen's workers are
        # cancelled with it, which would cut a confirmed change off mid-request, unjournalled.
        self.app.run_worker(
            work,
            group=CHANGE_GROUP,
            exit_on_error=False,
            description=description,
        )

    def _on_target(self, flow: str, description: str) -> None:
        target = self.change_target()
        if target is None:
            self.notify("Highlight a customer first.", severity="warning")
            return
        self._change(flow, target, description=description)

    def action_edit(self) -> None:
        self._on_target("edit_customer", "edit customer")

    def action_edit_mixins(self) -> None:
        self._on_target("edit_mixins", "edit mixins")

    def action_hold(self) -> None:
        targets = self.hold_targets()
        if not targets:
            self.notify("Highlight or mark a customer first.", severity="warning")
            return
        self._change("hold_customers", targets, description="hold or release")

    def action_delete(self) -> None:
        self._on_target("delete_customer", "delete customer")

    def action_assign(self) -> None:
        self._on_target("assign_account", "assign account")

    def action_active(self) -> None:
        self._on_target("set_active", "activate or deactivate")

    def action_addresses(self) -> None:
        self._on_target("manage_addresses", "change addresses")

    def action_new(self) -> None:
        self._change("create_customer", description="create customer")

    def action_undo(self) -> None:
        self._change("undo_last", description="undo")

    def action_activity(self) -> None:
        self._change("show_activity", description="show activity")
