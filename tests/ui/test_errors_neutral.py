"""Errors are told apart by the neutral classes (any platform), and a refusal that never left the
app says "Not sent", never "Server said no"."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import Static

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tests.ui.test_search import search
from tui.core import errors as core
from tui.emporix.errors import ValidationFailed
from tui.emporix.search_fields import check_raw_fields
from tui.kibo.errors import KiboForbidden, KiboInvalid, KiboTimedOut, error_from_response
from tui.kibo.search import plan_account_search
from tui.ui.errors import describe_error
from tui.ui.widgets.status_line import StatusLine


async def test_an_unknown_field_is_not_sent_and_says_so_not_server_said_no(
    make_app: AppFactory, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Any request from now on would be a 500: the refusal below is the app's own.
        sandbox_app.state.sandbox.faults.error_rate = 1.0
        await search(pilot, "foo:bar")
        text = str(app.screen.query_one("#message", Static).render())
        assert text.startswith("Refused before sending")
        assert "Not sent: 'foo' is not a field Emporix customers have: use one such as" in text
        assert "Server said no" not in text and "500" not in text
        status = app.screen.query_one(StatusLine).parts["error"]
        assert "Not sent: 'foo' is not a field" in status and "Server said no" not in status
        sandbox_app.state.sandbox.faults.error_rate = 0.0


def test_a_kibo_search_on_an_unknown_field_is_not_sent_either() -> None:
    with pytest.raises(KiboInvalid) as caught:
        plan_account_search("foo:bar")
    view = describe_error(caught.value, action="search accounts")
    assert view.title == "Refused before sending"
    assert view.message.startswith("Not sent: 'foo' is not a field Kibo B2B accounts can be")


def test_an_emporix_refusal_before_sending_names_the_field_in_one_line() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_raw_fields("lastName:Smith foo:bar")
    view = describe_error(caught.value, action="search customers")
    assert view.title == "Refused before sending" and view.severity == "warning"
    assert "\n" not in view.text and "'foo'" in view.message


def kibo_answer(status: int, body: dict[str, Any]) -> httpx.Response:
    request = httpx.Request("GET", "https://t1.sandbox.mozu.com/api/commerce/customer/b2baccounts")
    return httpx.Response(status, json=body, request=request)


def test_a_kibo_400_from_the_server_is_the_server_saying_no_with_its_message() -> None:
    exc = error_from_response(
        kibo_answer(
            400, {"message": "Invalid filter", "errorCode": "MISSING_OR_INVALID_PARAMETER"}
        ),
        action="list B2B accounts",
    )
    view = describe_error(exc, action="search accounts")
    assert view.title == "Server said no (400)"
    assert view.message.startswith("Could not search accounts: 400 Bad Request: Could not list")
    assert "(server: Invalid filter)" in view.message


def test_a_kibo_403_names_the_missing_behavior_as_a_behavior() -> None:
    exc = error_from_response(
        kibo_answer(403, {"message": "Forbidden", "errorCode": "FORBIDDEN"}),
        action="lock user x",
        permission="Customer Update",
    )
    assert isinstance(exc, KiboForbidden)
    view = describe_error(exc, action="lock user x")
    assert view.title == "Not allowed (403)"
    assert view.message == (
        "Could not lock user x: your API client is not allowed; it needs the behavior "
        "Customer Update."
    )


def test_a_kibo_timeout_is_timed_out_and_says_nothing_changed() -> None:
    view = describe_error(
        KiboTimedOut("Could not read account 1: h could not be reached (no answer in time)."),
        action="open account 1",
    )
    assert view.title == "Timed out" and "Nothing was changed" in view.message


def test_the_kind_is_the_neutral_class_not_the_class_name() -> None:
    class Nope(core.Forbidden):
        pass

    class Forbidden(Exception):  # the right name, but no neutral class behind it
        pass

    assert describe_error(Nope(missing_permission="x.y"), action="a").title == "Not allowed (403)"
    assert describe_error(Forbidden("no"), action="a").title == "Unexpected error"
    assert describe_error(core.ClientFailure("odd answer"), action="a").title == "Unexpected error"
    conflict = describe_error(core.VersionConflict(current=None), action="save")
    assert conflict.title == "Changed by someone else (409)"
    assert describe_error(core.RateLimited(retry_after=2.0), action="a").message.endswith(
        "Try again in 2 s."
    )


def test_a_platform_a_screen_cannot_serve_is_not_available_not_a_bug() -> None:
    from tui.config.connection import UnsupportedPlatform

    view = describe_error(
        UnsupportedPlatform("Profile 'b2b' is a 'kibo' profile; this screen opens Emporix only."),
        action="search customers",
    )
    assert view.title == "Not available" and view.severity == "warning"
    assert view.message == (
        "Could not search customers: Profile 'b2b' is a 'kibo' profile; this screen opens "
        "Emporix only."
    )
