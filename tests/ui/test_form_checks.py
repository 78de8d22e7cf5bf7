"""Checks the forms make before the server: the tenant's restrictions, address tags, currency."""

from __future__ import annotations

from textual.widgets import Static

from tests.ui.changes_support import open_detail, screen_is, type_into
from tests.ui.conftest import AppFactory
from tui.config.connection import Connection
from tui.connect.backends import open_service
from tui.ui.screens.address_form import _check_tags
from tui.ui.screens.edit import EditScreen


def error_of(screen: EditScreen, field: str) -> str:
    return str(screen.query_one(f"#err-{field}", Static).render())


async def test_edit_form_refuses_a_restriction_the_tenant_does_not_have(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000001")
        app.service.restrictions = frozenset({"main", "de", "us", "fr"})
        await pilot.press("e")
        edit = await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-restriction", "zz", keys=True)
        assert "not one of this tenant's restrictions: use one of de, fr, main, us" in error_of(
            edit, "restriction"
        )
        await type_into(pilot, "#f-preferred_currency", "usd", keys=True)
        assert "USD" in error_of(edit, "preferred_currency")


async def test_the_embedded_sandbox_knows_its_restrictions() -> None:
    service = open_service(Connection.sandbox_default())
    try:
        assert service.restrictions == frozenset({"main", "de", "us", "fr"})
    finally:
        await service.aclose()


def test_address_tags_outside_the_known_set_are_refused_with_the_fix() -> None:
    assert _check_tags("BILLING, SHIPPING") is None
    assert _check_tags("") is None
    assert "must be in capitals: BILLING" in (_check_tags("billing") or "")
    assert "use BILLING, SHIPPING" in (_check_tags("HOME") or "")
