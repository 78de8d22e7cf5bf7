"""Every CustomerService method against the in-process sandbox, each request checked against the spec."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest

from tests.emporix.conftest import ServiceFactory
from tests.emporix.contract import RequestRecorder
from tui.emporix.client import CustomerService
from tui.emporix.errors import Duplicate, NotFound, ValidationFailed, VersionConflict
from tui.emporix.models import Address, Customer, CustomerDraft

Agent = tuple[CustomerService, RequestRecorder]


def _query(recorder: RequestRecorder, method: str) -> dict[str, list[str]]:
    last = [r for r in recorder.requests if r.method == method][-1]
    return parse_qs(last.url.query.decode())


async def test_list_returns_a_page_with_the_total_from_count(agent: Agent) -> None:
    svc, _ = agent
    page = await svc.list_customers(page_size=25, page_number=2)
    assert (page.total, page.page_number, page.page_size, len(page.items)) == (300, 2, 25, 25)
    assert page.has_more
    assert all(isinstance(c, Customer) and c.customer_number for c in page.items)


async def test_list_with_q_and_sort(agent: Agent) -> None:
    svc, rec = agent
    page = await svc.list_customers(q="lastName:Smith", sort="firstName:desc", page_size=100)
    names = [c.first_name or "" for c in page.items]
    assert page.total == len(page.items) > 1
    assert all(c.last_name == "Smith" for c in page.items)
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert _query(rec, "GET")["sort"] == ["firstName:desc"]


async def test_search_sends_q_in_the_body(agent: Agent) -> None:
    svc, rec = agent
    page = await svc.search_customers("onHold:true", page_size=100)
    assert page.items and all(c.on_hold for c in page.items)
    assert rec.bodies("POST")[-1] == {"q": "onHold:true"}


async def test_get_expands_addresses_accounts_and_mixins_by_default(agent: Agent) -> None:
    svc, _ = agent
    john = await svc.get_customer("10000001")
    assert john.display_name == "John Smith"
    assert john.addresses is not None and len(john.addresses) == 2
    assert john.accounts is not None and len(john.accounts) == 1
    bare = await svc.get_customer("10000001", expand=None)
    assert bare.addresses is None and bare.accounts is None


async def test_get_of_a_missing_customer_is_not_found(agent: Agent) -> None:
    svc, _ = agent
    with pytest.raises(NotFound) as caught:
        await svc.get_customer("99999999")
    assert str(caught.value).startswith("404 Not Found: ")


async def test_create_returns_the_new_number_and_honours_the_password_reset_flag(
    agent: Agent,
) -> None:
    svc, rec = agent
    number = await svc.create_customer(
        CustomerDraft(
            contact_email="new.one@example.com",
            first_name="New",
            last_name="One",
            preferred_currency="EUR",
        ),
        send_password_reset=False,
    )
    assert _query(rec, "POST")["sendPasswordResetNotifications"] == ["false"]
    created = await svc.get_customer(number)
    assert (created.display_name, created.preferred_currency) == ("New One", "EUR")
    assert created.accounts and created.accounts[0].id == "new.one@example.com"


async def test_create_with_a_custom_id_of_several_characters(agent: Agent) -> None:
    svc, _ = agent
    number = await svc.create_customer({"contactEmail": "custom.id@example.com", "id": "cust_42-B"})
    assert number == "cust_42-B"


async def test_create_refuses_bad_input_before_sending(agent: Agent) -> None:
    svc, rec = agent
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_customer({"contactEmail": "x@example.com", "preferredCurrency": "EURO"})
    assert caught.value.for_field("preferredCurrency") == [
        "Currency 'EURO' must be a 3-letter ISO 4217 code such as EUR"
    ]
    assert rec.count("POST", "/customers") == 0


async def test_create_with_a_used_email_is_a_duplicate(agent: Agent) -> None:
    svc, _ = agent
    with pytest.raises(Duplicate) as caught:
        await svc.create_customer({"contactEmail": "john.smith@example.com"})
    assert caught.value.status == 409


async def test_unknown_fields_and_mixins_survive_create_get_patch_get(agent: Agent) -> None:
    svc, _ = agent
    number = await svc.create_customer(
        {
            "contactEmail": "mixin.keeper@example.com",
            "firstName": "Mia",
            "loyaltyTier": "gold",
            "mixins": {"crm": {"segment": "A", "tags": ["vip"]}},
            "metadata": {"mixins": {"crm": "https://example.com/crm.v1.json"}},
        }
    )
    loaded = await svc.get_customer(number)
    assert loaded.unknown_fields["loyaltyTier"] == "gold"
    assert loaded.mixins == {"crm": {"segment": "A", "tags": ["vip"]}}
    saved = await svc.update_customer(loaded, loaded.edited(first_name="Maria"))
    assert saved.first_name == "Maria"
    assert saved.unknown_fields["loyaltyTier"] == "gold"
    assert saved.mixins == loaded.mixins
    assert saved.metadata is not None and saved.metadata.mixins == {
        "crm": "https://example.com/crm.v1.json"
    }
    assert saved.version == (loaded.version or 0) + 1


async def test_update_sends_only_the_changed_fields_with_the_loaded_version(agent: Agent) -> None:
    svc, rec = agent
    anna = await svc.get_customer("10000002")
    saved = await svc.update_customer(anna, anna.edited(contact_phone="+49 30 1234567"))
    (body,) = rec.bodies("PATCH")
    assert body == {"contactPhone": "+49 30 1234567", "metadata": {"version": anna.version}}
    assert saved.contact_phone == "+49 30 1234567"
    assert saved.legal_entities == anna.legal_entities


async def test_update_of_b2b_keeps_the_legal_entities(agent: Agent) -> None:
    svc, _ = agent
    anna = await svc.get_customer("10000002")
    assert anna.b2b is not None
    edited = anna.edited(b2b=anna.b2b.edited(company_registration_id="DE-HRB-999"))
    saved = await svc.update_customer(anna, edited)
    assert saved.b2b is not None and saved.b2b.company_registration_id == "DE-HRB-999"
    assert len(saved.legal_entities) == 3


async def test_update_without_changes_sends_nothing(agent: Agent) -> None:
    svc, rec = agent
    anna = await svc.get_customer("10000002")
    again = await svc.update_customer(anna, anna)
    assert rec.count("PATCH") == 0
    assert again.version == anna.version


async def test_a_change_made_meanwhile_is_a_version_conflict_with_the_current_state(
    make_service: ServiceFactory,
) -> None:
    mine, rec = await make_service()
    colleague, _ = await make_service()
    loaded = await mine.get_customer("10000001")
    theirs = await colleague.get_customer("10000001")
    await colleague.update_customer(theirs, theirs.edited(last_name="Smith-Jones"))
    with pytest.raises(VersionConflict) as caught:
        await mine.update_customer(loaded, loaded.edited(last_name="Smyth"))
    conflict = caught.value
    assert conflict.current is not None and conflict.current.last_name == "Smith-Jones"
    assert conflict.current.version == (loaded.version or 0) + 1
    assert rec.count("PATCH") == 1  # a 409 is never retried
    assert (await mine.get_customer("10000001")).last_name == "Smith-Jones"


async def test_patch_without_version_is_last_writer_wins(agent: Agent) -> None:
    svc, rec = agent
    await svc.patch_customer("10000004", {"onHold": True}, version=None)
    assert rec.bodies("PATCH")[-1] == {"onHold": True}
    assert (await svc.get_customer("10000004")).status == "On hold, inactive"


async def test_upsert_creates_then_replaces(agent: Agent) -> None:
    svc, _ = agent
    assert await svc.upsert_customer(
        "77000001", {"contactEmail": "upsert@example.com", "firstName": "Up"}
    )
    assert not await svc.upsert_customer(
        "77000001", {"contactEmail": "upsert@example.com", "firstName": "Down"}
    )
    assert (await svc.get_customer("77000001")).first_name == "Down"


async def test_delete_removes_the_customer(agent: Agent) -> None:
    svc, _ = agent
    await svc.delete_customer("10000006")
    with pytest.raises(NotFound):
        await svc.get_customer("10000006")
    with pytest.raises(NotFound):
        await svc.delete_customer("10000006")


async def test_assign_account_adds_a_login_and_refuses_a_used_email(agent: Agent) -> None:
    svc, rec = agent
    account_id = await svc.assign_account(
        "10000006", "priya.login@example.com", send_password_reset=False
    )
    assert account_id
    priya = await svc.get_customer("10000006")
    assert priya.accounts and "priya.login@example.com" in [a.id for a in priya.accounts]
    assert _query(rec, "POST")["sendPasswordResetNotifications"] == ["false"]
    with pytest.raises(Duplicate):
        await svc.assign_account("10000004", "priya.login@example.com")


async def test_address_lifecycle_with_tags(agent: Agent) -> None:
    svc, rec = agent
    number = "10000006"
    assert await svc.list_addresses(number) == []
    address_id = await svc.add_address(
        number,
        Address(
            contact_name="Priya Patel",
            street="High St",
            street_number="1",
            city="London",
            country="GB",
            tags=["SHIPPING"],
        ),
    )
    got = await svc.get_address(number, address_id)
    assert (got.city, got.tags) == ("London", ["SHIPPING"])
    await svc.patch_address(number, address_id, {"city": "Leeds"})
    await svc.add_address_tags(number, address_id, ["BILLING", "HQ"])
    assert _query(rec, "POST")["tags"] == ["BILLING,HQ"]
    await svc.remove_address_tags(number, address_id, ["SHIPPING"])
    got = await svc.get_address(number, address_id)
    assert got.city == "Leeds" and sorted(got.tags or []) == ["BILLING", "HQ"]
    assert not await svc.upsert_address(
        number, address_id, {"contactName": "Priya P.", "country": "GB"}
    )
    assert await svc.upsert_address(number, "second1", {"contactName": "Office", "country": "IN"})
    assert len(await svc.list_addresses(number)) == 2
    await svc.delete_address(number, address_id)
    with pytest.raises(NotFound):
        await svc.get_address(number, address_id)


async def test_address_input_is_checked_before_sending(agent: Agent) -> None:
    svc, rec = agent
    with pytest.raises(ValidationFailed) as caught:
        await svc.add_address("10000006", {"contactName": "X", "country": "UK"})
    assert "use GB" in str(caught.value)
    with pytest.raises(ValidationFailed):
        await svc.add_address_tags("10000006", "a1", [" "])
    assert rec.count("POST", "/addresses") == 0


async def test_scopes_are_known_after_authenticate(make_service: ServiceFactory) -> None:
    viewer, _ = await make_service("demo-viewer")
    scopes = await viewer.authenticate()
    assert scopes == frozenset({"customer.customer_read"})
    assert not viewer.can_manage


def test_repr_of_the_service_shows_no_secret() -> None:
    svc = CustomerService("https://api.emporix.io", "acme", "cid", "top-secret-value")
    assert "top-secret-value" not in repr(svc) and "top-secret-value" not in repr(svc.auth)


async def test_every_request_carries_the_user_agent(agent: Agent) -> None:
    import tui

    svc, rec = agent
    await svc.get_customer("10000001")
    assert {r.headers["user-agent"] for r in rec.requests} == {f"customer-tui/{tui.__version__}"}


async def test_known_restrictions_are_checked_before_sending(agent: Agent) -> None:
    svc, rec = agent
    svc.restrictions = frozenset({"main", "de", "us", "fr"})
    john = await svc.get_customer("10000001")
    with pytest.raises(ValidationFailed) as caught:
        await svc.update_customer(john, john.edited(restriction="eu"))
    assert caught.value.for_field("restriction") == [
        "Restriction 'eu' is not one of this tenant's restrictions: use one of de, fr, main, us"
    ]
    assert rec.count("PATCH") == 0
    saved = await svc.update_customer(john, john.edited(restriction="us"))
    assert saved.restriction == "us"


async def test_a_draft_of_the_wrong_shape_is_refused_before_sending(agent: Agent) -> None:
    svc, rec = agent
    with pytest.raises(ValidationFailed) as caught:
        await svc.create_customer(
            {"contactEmail": "shape@example.com", "firstName": ["not", "text"]}
        )
    assert [d.field for d in caught.value.details] == ["firstName"]
    assert rec.count("POST", "/customers") == 0


async def test_an_upsert_with_a_taken_email_is_a_duplicate_not_a_version_conflict(
    agent: Agent,
) -> None:
    svc, _ = agent
    with pytest.raises(Duplicate):
        await svc.upsert_customer("77000002", {"contactEmail": "john.smith@example.com"})


async def test_save_changes_sends_only_the_changed_fields_with_the_loaded_version(
    agent: Agent,
) -> None:
    svc, rec = agent
    loaded = await svc.get_customer("10000001")
    sent = await svc.save_changes(loaded, loaded.edited(first_name="Maria"))
    assert sent == {"firstName": "Maria"}
    patch = [r for r in rec.requests if r.method == "PATCH"][-1]
    assert json.loads(patch.content) == {
        "firstName": "Maria",
        "metadata": {"version": loaded.version},
    }


async def test_save_changes_with_nothing_changed_sends_nothing(agent: Agent) -> None:
    svc, rec = agent
    loaded = await svc.get_customer("10000001")
    before = len(rec.requests)
    assert await svc.save_changes(loaded, loaded) == {}
    assert len(rec.requests) == before


async def test_save_changes_refuses_a_bad_value_before_sending(agent: Agent) -> None:
    svc, rec = agent
    loaded = await svc.get_customer("10000001")
    before = len(rec.requests)
    with pytest.raises(ValidationFailed) as err:
        await svc.save_changes(loaded, loaded.edited(preferred_currency="EURO"))
    assert err.value.for_field("preferredCurrency")
    assert len(rec.requests) == before
