"""Editing a customer through the Pilot: inline checks, review, save, conflicts, server errors."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tests.ui.changes_support import (
    flow_finished,
    journal,
    keys_count,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.emporix.models import Customer
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen

SIZE = (80, 24)


def error_text(screen: Any, field: str) -> str:
    err = screen.query_one(f"#err-{field}", Static)
    return str(err.render()) if err.has_class("-shown") else ""


async def test_edit_reviews_and_saves_only_the_changed_field(
    make_app: Any, sandbox_app: Any
) -> None:
    before = stored(sandbox_app, "10000001")
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Jonathan", keys=True)
        await pilot.press("ctrl+s")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.wire, d.before, d.after) for d in review.diffs] == [
            ("firstName", "John", "Jonathan")
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert app.screen is detail
        assert detail.customer.first_name == "Jonathan"
        assert form not in app.screen_stack

    after = stored(sandbox_app, "10000001")
    assert after["firstName"] == "Jonathan"
    assert after["metadata"]["version"] == before["metadata"]["version"] + 1
    untouched = {k: v for k, v in before.items() if k not in ("firstName", "metadata")}
    assert {k: after.get(k) for k in untouched} == untouched
    entry = journal()[0]
    assert (entry.action, entry.customer_number, entry.outcome, entry.status) == (
        "edit",
        "10000001",
        "done",
        200,
    )
    assert {k: (c.before, c.after) for k, c in entry.changes.items()} == {
        "firstName": ("John", "Jonathan")
    }


async def test_escape_from_review_returns_to_the_form_with_the_typing_kept(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-company", "ACME")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("escape")
        await screen_is(pilot, EditScreen)
        assert app.screen is form
        assert form.values()["company"] == "ACME"


INVALID = [
    # field, what the agent types, words the message must contain, a valid value that clears it
    ("contact_email", "j@@x.de", "exactly one @", "j@example.com"),
    ("contact_email", "", "required", "j@example.com"),
    ("preferred_currency", "EURO", "ISO 4217", "EUR"),
    ("preferred_currency", "eur", "capitals", "EUR"),
    ("preferred_language", "engl", "language code", "de_DE"),
    ("contact_phone", "call", "digits", "+49 30 123456"),
    ("restriction", "a b", "one word", "de"),
]


async def test_each_invalid_field_says_what_is_wrong_and_blocks_the_save(
    make_app: Any, sandbox_app: Any
) -> None:
    version = stored(sandbox_app, "10000001")["metadata"]["version"]
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        for field, bad, expected, good in INVALID:
            await type_into(pilot, f"#f-{field}", bad, keys=True)
            assert expected in error_text(form, field), (field, bad)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form, f"{field}={bad!r} must not reach the review"
            assert app.focused is form.query_one(f"#f-{field}")
            await type_into(pilot, f"#f-{field}", good)
            assert error_text(form, field) == "", "fixing the value clears the message"
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["metadata"]["version"] == version
    assert journal() == []


async def test_escape_with_unsaved_changes_asks_before_discarding(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-last_name", "Smythe")
        await pilot.press("escape")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert "Last name" in str(confirm.body)
        await pilot.press("n")
        await screen_is(pilot, EditScreen)
        assert form.values()["last_name"] == "Smythe"
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert isinstance(app.screen, DetailScreen)


async def test_escape_without_changes_closes_at_once(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await pilot.press("escape")
        await flow_finished(pilot)
        assert isinstance(app.screen, DetailScreen)


async def _conflict(pilot: Any, make_service: Any, sandbox_app: Any) -> ConflictScreen:
    """The agent edits first name and company while a colleague changes first and last name."""
    await open_detail(pilot, "10000001")
    await pilot.press("e")
    await screen_is(pilot, EditScreen)
    await type_into(pilot, "#f-first_name", "Johnny")
    await type_into(pilot, "#f-company", "Smith Ltd")
    colleague = await make_service("demo-agent")
    seen = await colleague.get_customer("10000001")
    await colleague.update_customer(seen, seen.edited(first_name="Jack", last_name="Smithers"))
    await pilot.press("ctrl+s")
    await screen_is(pilot, ReviewScreen)
    await pilot.press("ctrl+s")
    screen = await screen_is(pilot, ConflictScreen)
    return screen


async def test_conflict_shows_was_server_and_yours_then_reapplies_on_top(
    make_app: Any, make_service: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        conflict = await _conflict(pilot, make_service, sandbox_app)
        rows = {r.label: (r.was, r.server, r.yours, r.verdict) for r in conflict.rows}
        assert rows == {
            "First name": ("John", "Jack", "Johnny", "BOTH"),
            "Company": (None, None, "Smith Ltd", "you"),
        }
        assert conflict.others == ["Last name"]
        assert stored(sandbox_app, "10000001")["firstName"] == "Jack", "nothing overwritten yet"
        await pilot.press("r")
        review = await screen_is(pilot, ReviewScreen)
        assert {(d.label, d.before, d.after) for d in review.diffs} == {
            ("First name", "Jack", "Johnny"),
            ("Company", None, "Smith Ltd"),
        }
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    doc = stored(sandbox_app, "10000001")
    assert (doc["firstName"], doc["company"], doc["lastName"]) == (
        "Johnny",
        "Smith Ltd",
        "Smithers",
    )
    outcomes = [e.outcome for e in reversed(journal())]
    assert outcomes == ["conflict", "done"]


async def test_escape_from_the_reapply_review_goes_back_to_the_form_with_my_values(
    make_app: Any, make_service: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(pilot, make_service, sandbox_app)
        await pilot.press("r")
        review = await screen_is(pilot, ReviewScreen)
        assert "Esc back to the form" in str(review.query(".note").last().render())
        await pilot.press("escape")
        form = await screen_is(pilot, EditScreen)
        assert form.customer.first_name == "Jack", "the form stands on the latest version"
        values = form.values()
        assert (values["first_name"], values["company"]) == ("Johnny", "Smith Ltd")
        assert values["last_name"] == "Smithers", "the colleague's change stays"
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    doc = stored(sandbox_app, "10000001")
    assert (doc["firstName"], doc["company"], doc["lastName"]) == (
        "Johnny",
        "Smith Ltd",
        "Smithers",
    )
    assert [e.outcome for e in reversed(journal())] == ["conflict", "done"]


async def test_conflict_dropped_keeps_the_colleagues_version(
    make_app: Any, make_service: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(pilot, make_service, sandbox_app)
        await pilot.press("d")
        await flow_finished(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert detail.customer.first_name == "Jack", "the agent now sees the latest version"
    doc = stored(sandbox_app, "10000001")
    assert (doc["firstName"], doc.get("company"), doc["lastName"]) == ("Jack", None, "Smithers")
    assert [e.outcome for e in reversed(journal())] == ["conflict", "cancelled"]


async def test_server_refusal_of_a_field_reopens_the_form_with_the_message(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-restriction", "mars")  # well-formed, but not a restriction
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditScreen) and bool(app.screen.server_errors),
            "the form to come back with the server's message",
        )
        form = app.screen
        assert "must be one of" in error_text(form, "restriction")
        assert form.values()["restriction"] == "mars", "the agent's typing is kept"
        await keys_count(pilot)
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["restriction"] == "main"
    assert journal()[0].outcome == "failed"


async def test_restriction_is_locked_without_restriction_manage(make_app: Any) -> None:
    app = await make_app("demo-de")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000002")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        locked = form.query_one("#f-restriction", Static)
        assert "restriction.restriction_manage" in str(locked.render())
        await type_into(pilot, "#f-company", "Schmidt AG")
        await pilot.press("ctrl+s")
        review = await screen_is(pilot, ReviewScreen)
        assert [d.wire for d in review.diffs] == ["company"]


async def test_edit_keeps_mixins_and_unknown_fields(make_app: Any, sandbox_app: Any) -> None:
    before = stored(sandbox_app, "10000005")
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000005")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-preferred_currency", "EUR")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    after = stored(sandbox_app, "10000005")
    assert after["preferredCurrency"] == "EUR"
    assert after["mixins"] == before["mixins"]
    extra = Customer.model_validate(before).unknown_fields
    assert extra, "10000005 carries an unknown top-level field"
    assert {k: after[k] for k in extra} == extra


async def test_network_failure_on_save_keeps_the_form_and_a_retry_saves(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-company", "Smith Ltd")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        sandbox_app.state.sandbox.faults.drop_rate = 1.0
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditScreen) and bool(journal()),
            "the form to come back after the failure",
        )
        sandbox_app.state.sandbox.faults.drop_rate = 0.0
        form = app.screen
        assert form.values()["company"] == "Smith Ltd", "the agent's typing survives"
        failure = journal()[0]
        assert failure.outcome in ("failed", "unknown") and failure.status is None
        assert "company" not in stored(sandbox_app, "10000001")
        await keys_count(pilot)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["company"] == "Smith Ltd"
    assert journal()[0].outcome == "done"
