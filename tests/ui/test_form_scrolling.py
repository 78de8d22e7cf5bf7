"""At 80x24 a form shows a locked field's whole reason and scrolls to what the focus is on."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll

from tests.ui.changes_support import open_detail, screen_is, type_into
from tests.ui.conftest import AppFactory
from tui.ui.screens.edit import EditScreen


def visible_in(form: VerticalScroll, widget: Any) -> bool:
    return form.region.contains_region(widget.region) and widget.region.height > 0


async def test_locked_reason_is_whole_and_scrolled_into_view_at_80x24(
    make_app: AppFactory,
) -> None:
    app = await make_app("demo-de")  # may change customers, not their restriction
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000002")
        await pilot.press("e")
        edit = await screen_is(pilot, EditScreen)
        form = edit.query_one("#form", VerticalScroll)
        locked = edit.query_one("#row-f-restriction")
        reason = edit.query_one("#f-restriction")
        text = str(reason.render())
        assert "needs the scope restriction.restriction_manage" in text.replace("\n", " ")
        # Two errors make the form taller than the screen.
        await type_into(pilot, "#f-contact_email", "anna@@example")
        await type_into(pilot, "#f-preferred_language", "deutsch")
        assert edit.query(".field-error.-shown")
        # Tab to the last field that takes focus, from the top: the locked row after it comes
        # into view too, though Tab never visits it.
        form.scroll_home(animate=False)
        await pilot.pause()
        edit.query_one("#f-b2b-company_registration_id").focus()
        await pilot.pause()
        await pilot.pause()
        assert visible_in(form, locked), (form.region, locked.region)
        # Wrapped, not cut: every line of the reason fits inside the row's width.
        assert reason.region.height >= 2
        assert locked.region.contains_region(reason.region), "the row cuts the reason"
