"""The change keys shared by the list and detail screens; each starts a flow from tui/ui/changes.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from tui.ui import changes

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

CHANGE_ACTIONS = frozenset(
    {"edit", "hold", "delete", "new", "assign", "undo", "active", "addresses"}
)
"""Actions that send a change: disabled (with the reason in help and the status line) when read-only."""


class ChangeKeys(_Base):
    """Mixin for a screen: `change_target()` names the customer a key acts on."""

    NEEDS_TARGET: ClassVar[frozenset[str]] = frozenset(
        {"edit", "hold", "delete", "assign", "active", "addresses"}
    )

    def change_target(self) -> Any | None:
        raise NotImplementedError

    def hold_targets(self) -> list[Any]:
        target = self.change_target()
        return [target] if target is not None else []

    def change_action_state(self, action: str) -> bool | None:
        """None (shown disabled) for a change action while read-only; True otherwise."""
        if action in CHANGE_ACTIONS and getattr(self.app, "read_only", False):
            return None
        return True

    def _change(self, flow: Callable[..., Any], *args: Any, description: str) -> None:
        # A worker, so a flow can await its dialogs (push_screen_wait); failures reach errors.py.
        self.run_worker(
            flow(self, *args), group="change", exit_on_error=False, description=description
        )

    def _on_target(self, flow: Callable[..., Any], description: str) -> None:
        target = self.change_target()
        if target is None:
            self.notify("Highlight a customer first.", severity="warning")
            return
        self._change(flow, target, description=description)

    def action_edit(self) -> None:
        self._on_target(changes.edit_customer, "edit customer")

    def action_hold(self) -> None:
        targets = self.hold_targets()
        if not targets:
            self.notify("Highlight or mark a customer first.", severity="warning")
            return
        self._change(changes.hold_customers, targets, description="hold or release")

    def action_delete(self) -> None:
        self._on_target(changes.delete_customer, "delete customer")

    def action_assign(self) -> None:
        self._on_target(changes.assign_account, "assign account")

    def action_active(self) -> None:
        self._on_target(changes.set_active, "activate or deactivate")

    def action_addresses(self) -> None:
        self._on_target(changes.manage_addresses, "change addresses")

    def action_new(self) -> None:
        self._change(changes.create_customer, description="create customer")

    def action_undo(self) -> None:
        self._change(changes.undo_last, description="undo")

    def action_activity(self) -> None:
        self._change(changes.show_activity, description="show activity")
