"""Change flows started from the list and detail screens (stub until issue 5 lands; owned by ui-write)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import Screen

# Each function is what a change key (or palette command) calls. The screens pass themselves so a flow can
# push its own modal screens, read `screen.app.read_only`, and ask the screen to refresh afterwards:
#   SearchScreen.marked (set of customer numbers), SearchScreen.marked_customers(),
#   SearchScreen.refresh_customers(numbers | None), SearchScreen.highlighted_customer
#   DetailScreen.customer, DetailScreen.reload()


def _not_yet(screen: Screen[Any], what: str) -> None:
    screen.notify(f"{what} is not available yet.", title="Not available", severity="warning")


async def edit_customer(screen: Screen[Any], customer: Any) -> None:
    """`e`: edit the customer's profile fields."""
    _not_yet(screen, "Edit")


async def hold_customers(screen: Screen[Any], customers: Sequence[Any]) -> None:
    """`h`: put on hold or release one customer, or every marked customer."""
    _not_yet(screen, "Hold and release")


async def delete_customer(screen: Screen[Any], customer: Any) -> None:
    """`d`: delete a customer after typed confirmation."""
    _not_yet(screen, "Delete")


async def create_customer(screen: Screen[Any]) -> None:
    """`n`: create a new customer."""
    _not_yet(screen, "New customer")


async def assign_account(screen: Screen[Any], customer: Any) -> None:
    """`a`: assign a login account (e-mail) to the customer."""
    _not_yet(screen, "Assign account")


async def undo_last(screen: Screen[Any]) -> None:
    """`u`: undo the agent's last edit or hold."""
    _not_yet(screen, "Undo")


async def show_activity(screen: Screen[Any]) -> None:
    """`A`: show the agent's recent changes from the journal."""
    _not_yet(screen, "Activity")
