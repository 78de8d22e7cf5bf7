"""The minimal patch: only what the agent changed, nested objects whole, nothing lost."""

from __future__ import annotations

import pytest

from tui.emporix.changes import customer_changes, patch_body
from tui.emporix.errors import ValidationFailed
from tui.emporix.models import Customer

ANNA = {
    "customerNumber": "10000002",
    "firstName": "Anna",
    "lastName": "Schmidt",
    "contactEmail": "anna@example.de",
    "restriction": "de",
    "b2b": {
        "companyRegistrationId": "DE-1",
        "legalEntities": [{"id": "E1", "name": "One"}, {"id": "E2", "name": "Two"}],
    },
    "mixins": {"crm": {"segment": "A", "score": 3}, "loyalty": {"tier": "gold"}},
    "metadata": {"version": 5, "mixins": {"crm": "https://schema/crm"}},
    "addresses": [{"id": "a1", "contactName": "Anna"}],
    "loyaltyTier": "gold",
}


def anna() -> Customer:
    return Customer.model_validate(ANNA)


def test_nothing_changed_gives_an_empty_patch() -> None:
    assert customer_changes(anna(), anna()) == {}


def test_patch_holds_only_changed_fields() -> None:
    assert customer_changes(anna(), anna().edited(first_name="Anne")) == {"firstName": "Anne"}


def test_nested_b2b_change_sends_the_whole_b2b_with_legal_entities() -> None:
    after = anna().edited(b2b={**ANNA["b2b"], "companyRegistrationId": "DE-2"})
    changes = customer_changes(anna(), after)
    assert changes == {"b2b": {**ANNA["b2b"], "companyRegistrationId": "DE-2"}}


def test_changed_mixin_sends_all_mixins_and_their_schema_links() -> None:
    after = anna().edited(mixins={**ANNA["mixins"], "crm": {"segment": "B", "score": 3}})
    changes = customer_changes(anna(), after)
    assert changes["mixins"]["loyalty"] == {"tier": "gold"}
    assert changes["mixins"]["crm"] == {"segment": "B", "score": 3}
    assert changes["metadata"] == {"mixins": {"crm": "https://schema/crm"}}


def test_a_removed_mixin_key_is_sent_as_null_for_merge_patch() -> None:
    after = anna().edited(mixins={"crm": {"segment": "A"}, "loyalty": {"tier": "gold"}})
    changes = customer_changes(anna(), after)
    assert changes["mixins"]["crm"] == {"segment": "A", "score": None}


def test_cleared_text_is_sent_empty_and_cleared_restriction_as_null() -> None:
    after = anna().edited(last_name=None, restriction=None)
    assert customer_changes(anna(), after) == {"lastName": "", "restriction": None}


def test_clearing_the_contact_email_is_refused_before_sending() -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_changes(anna(), anna().edited(contact_email=""))
    assert caught.value.for_field("contactEmail")


def test_read_only_fields_are_never_sent() -> None:
    after = anna().edited(customer_number="999", addresses=[], metadata={"version": 99})
    assert customer_changes(anna(), after) == {}


def test_unknown_fields_the_agent_changed_are_sent() -> None:
    after = Customer.model_validate({**ANNA, "loyaltyTier": "silver"})
    assert customer_changes(anna(), after) == {"loyaltyTier": "silver"}


def test_patch_body_adds_the_version_it_was_loaded_at() -> None:
    assert patch_body({"firstName": "Anne"}, 5) == {"firstName": "Anne", "metadata": {"version": 5}}
    body = patch_body({"mixins": {}, "metadata": {"mixins": {"a": "b"}}}, 5)
    assert body["metadata"] == {"mixins": {"a": "b"}, "version": 5}
    assert patch_body({"firstName": "Anne"}, None) == {"firstName": "Anne"}
