"""Models keep every field they are given, unknown ones included, and read well for an agent."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.emporix.models import Address, Customer, CustomerDraft, ErrorMessage

json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=12)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
text = st.text(max_size=20)
opt_text = st.none() | text
KNOWN = set(Customer.model_fields) | {f.alias for f in Customer.model_fields.values() if f.alias}
unknown_keys = st.text(min_size=1, max_size=10).filter(lambda k: k not in KNOWN)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


metadata = _optional(
    version=st.integers(0, 10**6),
    mixins=st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=2),
)
address = _optional(
    id=text,
    contactName=opt_text,
    street=text,
    extraLine1=text,
    zipCode=text,
    country=st.sampled_from(["DE", "US", "FR"]),
    isDefault=st.booleans(),
    tags=st.lists(text, max_size=3),
    metadata=metadata,
    mixins=st.dictionaries(st.text(max_size=8), json_values, max_size=2),
    somethingNew=json_values,
)
b2b = _optional(
    companyRegistrationId=opt_text,
    legalEntities=st.lists(
        _optional(id=text, name=text, contactAssignmentId=text, extra=json_values), max_size=3
    ),
    futureField=json_values,
)
customer_wire = st.tuples(
    _optional(
        customerNumber=text,
        id=text,
        title=opt_text,
        firstName=opt_text,
        middleName=opt_text,
        lastName=opt_text,
        company=opt_text,
        contactEmail=opt_text,
        contactPhone=opt_text,
        preferredLanguage=text,
        preferredCurrency=text,
        preferredSite=text,
        type=text,
        photoUrl=text,
        active=st.booleans(),
        onHold=st.booleans(),
        businessModel=st.sampled_from(["B2B", "B2C"]),
        restriction=opt_text,
        b2b=b2b,
        metadata=metadata,
        mixins=st.dictionaries(st.text(max_size=8), json_values, max_size=3),
        addresses=st.lists(address, max_size=2),
        accounts=st.lists(_optional(id=text, providerId=text), max_size=2),
        defaultAddress=address,
        metadataCreatedAt=text,
    ),
    st.dictionaries(unknown_keys, json_values, max_size=3),
).map(lambda parts: {**parts[0], **parts[1]})


@settings(max_examples=150, deadline=None)
@given(customer_wire)
def test_any_customer_survives_a_round_trip_unchanged(wire: dict[str, Any]) -> None:
    assert Customer.model_validate(wire).to_wire() == wire


@settings(max_examples=60, deadline=None)
@given(customer_wire)
def test_an_edited_copy_keeps_everything_it_did_not_touch(wire: dict[str, Any]) -> None:
    edited = Customer.model_validate(wire).edited(first_name="Changed")
    expected = {**wire, "firstName": "Changed"}
    assert edited.to_wire() == expected


def test_unknown_fields_and_mixins_are_kept_at_every_level() -> None:
    wire = {
        "customerNumber": "1",
        "loyaltyTier": "gold",
        "mixins": {"crm": {"segment": "A"}},
        "metadata": {"version": 2, "mixins": {"crm": "https://schema/crm.json"}},
        "b2b": {"legalEntities": [{"id": "E1", "region": "EU"}]},
        "addresses": [{"id": "a1", "contactName": "X", "floor": 3}],
    }
    customer = Customer.model_validate(wire)
    assert customer.unknown_fields == {"loyaltyTier": "gold"}
    assert customer.legal_entities[0].unknown_fields == {"region": "EU"}
    assert customer.to_wire() == wire


def test_fields_are_reachable_by_python_and_wire_names() -> None:
    by_alias = Customer.model_validate({"firstName": "Ann", "onHold": True})
    by_name = Customer(first_name="Ann", on_hold=True)
    assert by_alias.first_name == by_name.first_name == "Ann"
    assert by_name.to_wire() == {"firstName": "Ann", "onHold": True}


def test_status_puts_a_hold_first_and_says_both_when_inactive_too() -> None:
    assert Customer(active=True, on_hold=False).status == "Active"
    assert Customer(active=False, on_hold=False).status == "Inactive"
    assert Customer(active=False, on_hold=True).status == "On hold, inactive"
    assert Customer(active=True, on_hold=True).status == "On hold"
    assert Customer().status == "Active"


def test_display_name_falls_back_from_name_to_company_to_email_to_number() -> None:
    assert (
        Customer(first_name="Ann", middle_name="B.", last_name="Lee").display_name == "Ann B. Lee"
    )
    assert Customer(company="ACME", contact_email="x@y.z").display_name == "ACME"
    assert Customer(contact_email="x@y.z", customer_number="7").display_name == "x@y.z"
    assert Customer(customer_number="7").display_name == "#7"


def test_a_draft_never_shows_its_password_but_sends_it() -> None:
    draft = CustomerDraft(contact_email="a@example.com", password="s3cret-pw")
    assert "s3cret-pw" not in repr(draft)
    assert "s3cret-pw" not in str(draft)
    assert draft.to_wire() == {"contactEmail": "a@example.com", "password": "s3cret-pw"}


def test_address_one_line_reads_like_an_envelope() -> None:
    address = Address(
        contact_name="Ann Lee",
        street="Main St",
        street_number="5",
        zip_code="10115",
        city="Berlin",
        country="DE",
    )
    assert address.one_line == "Ann Lee, Main St 5, 10115 Berlin, DE"


def test_error_message_reads_details() -> None:
    body = {
        "status": 400,
        "type": "validation_failure",
        "message": "Bad",
        "details": [
            {"field": "preferredCurrency", "type": "invalid_value", "message": "3 letters"}
        ],
    }
    error = ErrorMessage.model_validate(body)
    assert error.details is not None and error.details[0].field == "preferredCurrency"
    assert error.to_wire() == body
