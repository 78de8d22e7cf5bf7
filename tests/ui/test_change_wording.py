"""The change flows say what is true: where the marked fields are, what a new customer needs,
what activating a customer on hold does (Pilot against the sandbox)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from textual.widgets import Static

from tests.ui.changes_support import flow_finished, open_detail, screen_is, stored, type_into
from tui.ui.diff_view import diff_table
from tui.ui.forms import FieldDiff
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.create import CreateScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen

SIZE = (80, 24)


def noting(app: Any) -> list[str]:
    """Every notification's text from now on."""
    notes: list[str] = []
    original = app.notify
    app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]
    return notes


async def test_the_save_refusal_points_at_the_marked_fields_not_below(make_app: Any) -> None:
    app = await make_app()
    notes = noting(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-contact_email", "not-an-email")
        await type_into(pilot, "#f-preferred_currency", "euro")
        await pilot.press("ctrl+s")
        await pilot.pause()
    said = [n for n in notes if n.startswith("Fix")]
    assert said == ["Fix the 2 fields marked ✗ before saving (the cursor is on the first)."]


async def test_a_new_customer_without_an_email_is_told_what_to_type(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("n")
        form = await screen_is(pilot, CreateScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(form.query_one("#err-contact_email", Static).render())
    assert "cannot be emptied" not in error
    assert "Contact e-mail is required: a new customer needs one" in error


async def test_activating_a_customer_on_hold_says_the_hold_stays(
    make_app: Any, sandbox_app: Any
) -> None:
    doc = stored(sandbox_app, "10000004")  # Carlos Mendoza, inactive
    sandbox_app.state.sandbox.store.patch("10000004", {"onHold": True})
    assert doc.get("active") is False
    app = await make_app()
    notes = noting(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000004")
        await pilot.press("i")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert "order again" not in str(confirm.body)
        assert "stays on hold" in str(confirm.body)
        await pilot.press("enter")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000004")["active"] is True
    assert any("active again, still on hold" in n for n in notes)


LONG = "anna.schmidt-mueller@schmidt-maschinenbau.example.de"


def test_the_review_keeps_a_long_email_on_one_line_at_80_columns() -> None:
    console = Console(width=76, record=True, color_system=None)  # inside an 80-column dialog
    console.print(diff_table([FieldDiff("Contact e-mail", "contactEmail", "a@b.de", LONG)]))
    lines = console.export_text().splitlines()
    assert any(LONG in line for line in lines), lines


async def test_the_review_stands_alone_over_its_form(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000002")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-contact_email", LONG)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        assert not form.query_one("#dialog").display, "two dialogs drawn one over the other"
        await pilot.press("escape")
        await screen_is(pilot, EditScreen)
        assert form.query_one("#dialog").display
