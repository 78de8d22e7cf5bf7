"""Mask mode's functions: contact data hidden, enough left to recognise the customer, any text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tui.core.mask import (
    kind_of_key,
    mask_email,
    mask_emails_in,
    mask_phone,
    mask_postcode,
    mask_record,
    mask_street,
    mask_value,
    restore_masked,
)


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("john.smith@example.com", "j•••@example.com"),
        ("j@example.com", "j•••@example.com"),
        ("@example.com", "•••@example.com"),
        ("Émile@exemple.fr", "É•••@exemple.fr"),
        ("E\u0301mile@exemple.fr", "E\u0301•••@exemple.fr"),
        ("山田@例え.jp", "山•••@例え.jp"),
        ("👩\u200d💻dev@example.org", "👩\u200d💻•••@example.org"),
        ('"odd@local"@example.com', '"•••@example.com'),
        ("no-at-sign", "n•••"),
        ("", ""),
    ],
)
def test_email_keeps_the_first_character_and_the_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+49 3641 555 234", "+49 ••• ••34"),
        ("+1 212 555 0101", "+1 ••• ••01"),
        ("0049 30 555 0001", "+49 ••• ••01"),
        ("+4936415550034", "••• ••34"),
        ("(212) 555-0101", "••• ••01"),
        ("12345", "•••"),
        ("112", "•••"),
        ("n/a", "n•••"),
        # Arabic-Indic digits are digits too.
        (
            "+\u0664\u0669 \u0663\u0660 \u0665\u0665\u0665 \u0661\u0662\u0663\u0664",
            "+\u0664\u0669 ••• ••\u0663\u0664",
        ),
    ],
)
def test_phone_keeps_the_country_code_and_the_last_two_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_street_lines_and_postcodes() -> None:
    assert mask_street("Carl-Zeiss-Straße") == "C•••"
    assert mask_street("Øvre Slottsgate") == "Ø•••"
    assert mask_street("350") == "•••"
    assert mask_street("  ") == ""
    assert mask_postcode("07743") == "07•••"
    assert mask_postcode("SW1A 1AA") == "SW•••"
    assert mask_postcode("100-0001") == "10•••"
    assert mask_postcode("123") == "•••"
    assert mask_postcode("") == ""


def test_emails_inside_a_text_are_masked_and_the_rest_stays() -> None:
    text = "Ask anna.schmidt@schmidt-maschinenbau.de or b@x.co.uk. Not me@, not @here."
    assert mask_emails_in(text) == (
        "Ask a•••@schmidt-maschinenbau.de or b•••@x.co.uk. Not me@, not @here."
    )


def test_field_names_of_both_platforms_decide_the_kind() -> None:
    assert [kind_of_key(k) for k in ("contactEmail", "emailAddress", "contact_phone")] == [
        "email",
        "email",
        "phone",
    ]
    assert [kind_of_key(k) for k in ("extraLine3", "address1", "zipCode", "postalCode")] == [
        "street",
        "street",
        "postcode",
        "postcode",
    ]
    assert kind_of_key("city") is None and kind_of_key("firstName") is None
    assert mask_value("zipCode", 7743) == "77•••"
    assert mask_value("onHold", True) is True and mask_value("phone", None) is None


async def test_a_whole_customer_is_masked_and_still_recognisable(service: Any) -> None:
    anna = (await service.get_customer("10000002")).to_wire()
    masked = mask_record(anna)
    text = json.dumps(masked, ensure_ascii=False)
    for secret in ("anna.schmidt@", "3641 555 200", "Carl-Zeiss", "07743"):
        assert secret not in text
    assert masked["contactEmail"] == "a•••@schmidt-maschinenbau.de"
    assert masked["contactPhone"] == "+49 ••• ••00"
    assert masked["accounts"][0]["id"] == "a•••@schmidt-maschinenbau.de"
    address = masked["addresses"][0]
    assert (address["street"], address["streetNumber"], address["zipCode"]) == (
        "C•••",
        "•••",
        "07•••",
    )
    # Enough to recognise: the name, company, city, number and version stay.
    assert (masked["firstName"], masked["lastName"], address["city"]) == ("Anna", "Schmidt", "Jena")
    assert masked["customerNumber"] == "10000002" and masked["metadata"] == anna["metadata"]
    assert anna["contactEmail"] == "anna.schmidt@schmidt-maschinenbau.de", "the input is untouched"


def test_kibo_users_and_contacts_and_e_mails_in_mixins() -> None:
    record = {
        "emailAddress": "paul.purchaser@northwind.example",
        "userName": "paul.purchaser@northwind.example",
        "contacts": [
            {
                "email": "billing@northwind.example",
                "phoneNumbers": {"home": "+1 206 555 0100", "mobile": None},
                "address": {
                    "address1": "1 Commerce Way",
                    "postalOrZipCode": "98052",
                    "cityOrTown": "Redmond",
                },
            }
        ],
        "mixins": {"crm": {"notes": ["call paul@home.example first"], "score": 3}},
    }
    masked = mask_record(record)
    assert masked["emailAddress"] == masked["userName"] == "p•••@northwind.example"
    contact = masked["contacts"][0]
    assert contact["email"] == "b•••@northwind.example"
    assert contact["phoneNumbers"] == {"home": "+1 ••• ••00", "mobile": None}
    assert contact["address"]["address1"] == "1•••"
    assert contact["address"]["postalOrZipCode"] == "98•••"
    assert contact["address"]["cityOrTown"] == "Redmond"
    assert masked["mixins"]["crm"] == {"notes": ["call p•••@home.example first"], "score": 3}


def test_values_left_masked_in_an_edit_go_back_as_they_really_are() -> None:
    original = {"billing": ["ap@northwind.example", "US"], "contact": {"email": "jo@x.example"}}
    masked = mask_record(original)
    assert masked["billing"][0] != "ap@northwind.example"
    edited = {
        "billing": [masked["billing"][0], "DE"],  # the masked one left, the other changed
        "contact": {"email": "new@x.example"},  # the agent typed a new one: theirs stays
        "added": ["x"],
    }
    assert restore_masked(edited, original, masked) == {
        "billing": ["ap@northwind.example", "DE"],
        "contact": {"email": "new@x.example"},
        "added": ["x"],
    }
    # A list that changed length: a value still masked is still the original.
    grown = {**edited, "billing": ["EU", masked["billing"][0]]}
    assert restore_masked(grown, original, masked)["billing"] == ["EU", "ap@northwind.example"]


def test_a_list_of_single_values_is_masked_value_by_value() -> None:
    assert mask_value(None, ["a@b.example", 3]) == [mask_value(None, "a@b.example"), 3]
