"""SVG snapshots of the change dialogs at 80x24, with fixed data and the cursor blink frozen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tui.emporix.models import Customer
from tui.ui.forms import FieldDiff
from tui.ui.screens.conflict import ConflictRow, ConflictScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen

SIZE = (80, 24)

JOHN = Customer.model_validate(
    {
        "customerNumber": "10000001",
        "id": "10000001",
        "title": "MR",
        "firstName": "John",
        "lastName": "Smith",
        "contactEmail": "john.smith@example.com",
        "contactPhone": "+1 555 0100",
        "preferredLanguage": "en_US",
        "preferredCurrency": "USD",
        "preferredSite": "main",
        "active": True,
        "onHold": False,
        "businessModel": "B2C",
        "restriction": "main",
        "metadata": {"version": 3},
        "accounts": [{"id": "john.smith@example.com"}],
        "addresses": [
            {"id": "a1", "contactName": "John Smith", "city": "Springfield", "isDefault": True},
            {"id": "a2", "contactName": "John Smith", "city": "Shelbyville"},
        ],
    }
)


class Harness(App[None]):
    """Shows one dialog over an empty screen, as the change flows push them."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make())


async def _type(pilot: Pilot[Any], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()


def test_edit_form_with_an_inline_error(snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await _type(pilot, "#f-contact_email", "john.smith@@example")

    app = Harness(lambda: EditScreen(JOHN))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_edit_form_with_restriction_locked(snap_compare: Any) -> None:
    app = Harness(
        lambda: EditScreen(
            JOHN, restriction_locked="needs the scope restriction.restriction_manage"
        )
    )
    assert snap_compare(app, terminal_size=SIZE)


def test_review_of_two_changes(snap_compare: Any) -> None:
    diffs = [
        FieldDiff("First name", "firstName", "John", "Jonathan"),
        FieldDiff("On hold", "onHold", False, True),
        FieldDiff("Company", "company", None, "Smith & Sons Ltd"),
    ]
    app = Harness(
        lambda: ReviewScreen(
            "Review changes to John Smith (#10000001)",
            diffs,
            note="Sent with version 3: if someone changed the customer since, you will see "
            "both versions before anything is overwritten.",
        )
    )
    assert snap_compare(app, terminal_size=SIZE)


def test_conflict_dialog(snap_compare: Any) -> None:
    rows = [
        ConflictRow("First name", "John", "Jack", "Johnny"),
        ConflictRow("Company", None, None, "Smith Ltd"),
        ConflictRow("On hold", False, True, True),
    ]
    app = Harness(
        lambda: ConflictScreen(
            "Not saved: John Smith (#10000001) changed meanwhile",
            rows,
            others=["Last name"],
            server_version=4,
        )
    )
    assert snap_compare(app, terminal_size=SIZE)


def test_delete_dialog_with_a_wrong_number_typed(snap_compare: Any) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await _type(pilot, "#typed", "1000000")

    app = Harness(lambda: DeleteScreen(JOHN))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)
