"""Properties of the change path: untouched fields survive any edits; secrets never reach the journal."""

from __future__ import annotations

import asyncio
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.services import sandbox_service
from tests.ui.changes_support import flow_finished, open_detail, screen_is, type_into
from tui.core.journal import journal_path
from tui.sandbox import DEMO_SECRET, SandboxConfig, create_app
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.edit import EditScreen, apply_values
from tui.ui.screens.review import ReviewScreen

WIRE = {
    "title": "title",
    "first_name": "firstName",
    "middle_name": "middleName",
    "last_name": "lastName",
    "company": "company",
    "contact_phone": "contactPhone",
    "preferred_language": "preferredLanguage",
    "preferred_currency": "preferredCurrency",
    "preferred_site": "preferredSite",
    "on_hold": "onHold",
    "active": "active",
    "restriction": "restriction",
}

words = st.text(alphabet=string.ascii_letters + " -'äöüéß", min_size=1, max_size=14).filter(
    lambda s: s.strip() == s and s.strip() != ""
)
EDIT = st.one_of(
    st.tuples(st.sampled_from(["first_name", "last_name", "company", "middle_name"]), words),
    st.tuples(st.just("middle_name"), st.none()),
    st.tuples(st.just("title"), st.sampled_from(["MR", "MS", "DR"])),
    st.tuples(st.just("contact_phone"), st.from_regex(r"\+49 [1-9][0-9]{2,8}", fullmatch=True)),
    st.tuples(st.just("preferred_currency"), st.sampled_from(["EUR", "USD", "JPY", "CHF"])),
    st.tuples(st.just("preferred_language"), st.sampled_from(["en", "de_DE", "ja_JP", "fr-FR"])),
    st.tuples(st.just("preferred_site"), st.sampled_from(["main", "de", "jp"])),
    st.tuples(st.sampled_from(["on_hold", "active"]), st.booleans()),
    st.tuples(st.just("restriction"), st.sampled_from(["main", "de", "us", "fr"])),
    st.tuples(st.just("b2b.company_registration_id"), words),
)
SAVES = st.lists(st.lists(EDIT, min_size=1, max_size=3).map(dict), min_size=1, max_size=4)
"""Up to four saves, each changing one to three fields."""


def _untouched(doc: dict[str, Any], touched: set[str]) -> dict[str, Any]:
    keep = {k: v for k, v in doc.items() if k not in touched and k != "metadata"}
    if "b2b.company_registration_id" in touched:
        # The registration id changed; the rest of `b2b` (legal entities) must not.
        b2b = keep.pop("b2b", None) or {}
        keep["b2b-rest"] = {k: v for k, v in b2b.items() if k != "companyRegistrationId"}
    keep["mixin-links"] = (doc.get("metadata") or {}).get("mixins")
    return keep


async def _run(number: str, saves: list[dict[str, Any]]) -> None:
    sandbox = create_app(SandboxConfig(customers=6))
    store = sandbox.state.sandbox.store
    async with sandbox_service(sandbox) as svc:
        for changes in saves:
            before_doc = dict(store.get(number))
            before = await svc.get_customer(number)
            after = apply_values(before, changes)
            await svc.update_customer(before, after)
            doc = dict(store.get(number))
            touched = {WIRE.get(k, k) for k in changes}
            assert _untouched(doc, touched) == _untouched(before_doc, touched)
            for name, value in changes.items():
                if name == "b2b.company_registration_id":
                    assert doc["b2b"]["companyRegistrationId"] == value
                else:
                    assert (doc.get(WIRE[name]) or None) == (value or None), name


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(number=st.sampled_from(["10000001", "10000002", "10000005"]), saves=SAVES)
def test_any_sequence_of_edits_leaves_untouched_fields_exactly_as_they_were(
    number: str, saves: list[dict[str, Any]]
) -> None:
    asyncio.run(_run(number, saves))


async def test_journal_written_by_flows_holds_no_secret_or_token(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000005")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-company", "Tanaka KK")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        await pilot.press("d")
        await screen_is(pilot, DeleteScreen)
        await type_into(pilot, "#typed", "10000005")
        await pilot.press("enter")
        await flow_finished(pilot)
        token = app.service.auth.current
        assert token is not None
        secret_token = token.value.get_secret_value()
    text = journal_path().read_text()
    assert text.count("\n") >= 4, "edit, hold and delete (started + done) were journaled"
    assert DEMO_SECRET not in text
    assert secret_token not in text
    assert "Bearer" not in text and "access_token" not in text
