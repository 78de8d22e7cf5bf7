"""Input checks say which field is wrong, what is wrong and how to fix it."""

from __future__ import annotations

import pytest

from tui.emporix.errors import ValidationFailed
from tui.emporix.validation import (
    check_country,
    check_currency,
    check_custom_id,
    check_email,
    check_language,
    check_phone,
    check_restriction,
    ensure_valid,
    validate_address,
    validate_customer_draft,
    validate_customer_patch,
)


@pytest.mark.parametrize("value", ["EUR", "USD", "GBP", "CHF", "JPY"])
def test_real_currencies_pass(value: str) -> None:
    assert check_currency(value) is None


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("EURO", "such as EUR"),
        ("eur", "in capitals: EUR"),
        ("E1R", "3-letter"),
        ("ABC", "not an ISO 4217"),
        ("€", "such as EUR"),
    ],
)
def test_wrong_currencies_say_what_to_type(value: str, hint: str) -> None:
    message = check_currency(value)
    assert message is not None and hint in message and repr(value) in message


def test_the_issue_example_message_for_currency() -> None:
    assert check_currency("EURO") == "Currency 'EURO' must be a 3-letter ISO 4217 code such as EUR"


@pytest.mark.parametrize(
    ("value", "ok"),
    [("DE", True), ("US", True), ("UK", False), ("de", False), ("DEU", False), ("ZZ", False)],
)
def test_countries_are_iso_3166_alpha_2(value: str, ok: bool) -> None:
    assert (check_country(value) is None) is ok


def test_uk_suggests_gb() -> None:
    assert "use GB" in (check_country("UK") or "")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("en", True),
        ("en_US", True),
        ("de-DE", True),
        ("zh_Hant_TW", True),
        ("english", False),
        ("EN_us", False),
        ("e", False),
        ("en US", False),
    ],
)
def test_language_codes(value: str, ok: bool) -> None:
    assert (check_language(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("+49 30 1234567", True),
        ("(030) 123-45.67", True),
        ("+1 555 0100 ext 12", True),
        ("call me", False),
        ("12", False),
        ("+49 30 12;34", False),
    ],
)
def test_phone_numbers(value: str, ok: bool) -> None:
    assert (check_phone(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("a", True),
        ("cust_42-B", True),
        ("x" * 66, True),
        ("x" * 67, False),
        ("", False),
        ("has space", False),
        ("ü1", False),
    ],
)
def test_custom_ids_are_1_to_66_safe_characters(value: str, ok: bool) -> None:
    assert (check_custom_id(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("ann@example.com", True),
        ("a.b+c@mail.example.de", True),
        ("ann@", False),
        ("ann@example", False),
        ("a@@b.c", False),
        (" ann@example.com", False),
        ("ann@exa..mple.com", False),
    ],
)
def test_emails(value: str, ok: bool) -> None:
    assert (check_email(value) is None) is ok


def test_restrictions_are_checked_against_a_known_list_only_when_given() -> None:
    assert check_restriction("eu-north") is None
    assert "one of de, fr, main, us" in (check_restriction("eu", {"main", "de", "us", "fr"}) or "")
    assert check_restriction("two words") is not None


def test_a_draft_without_email_and_with_a_bad_currency_names_both_fields() -> None:
    details = validate_customer_draft({"firstName": "Ann", "preferredCurrency": "EURO"})
    assert {d.field for d in details} == {"contactEmail", "preferredCurrency"}
    assert all(d.message for d in details)


def test_a_draft_with_a_custom_id_longer_than_one_character_is_fine() -> None:
    assert validate_customer_draft({"contactEmail": "a@example.com", "id": "abc-123"}) == []


def test_a_patch_that_clears_the_contact_email_is_refused() -> None:
    details = validate_customer_patch(
        {"contactEmail": ""}, before={"contactEmail": "a@example.com"}
    )
    assert [d.field for d in details] == ["contactEmail"]
    assert "cannot be removed" in details[0].message


def test_an_address_needs_a_contact_name_and_a_real_country() -> None:
    details = validate_address({"country": "Germany"})
    assert {d.field for d in details} == {"contactName", "country"}


def test_ensure_valid_raises_one_error_with_every_problem() -> None:
    with pytest.raises(ValidationFailed) as caught:
        ensure_valid(
            validate_customer_draft({"contactEmail": "nope", "preferredLanguage": "english"})
        )
    error = caught.value
    assert error.status is None
    assert error.for_field("preferredLanguage") == [
        "Language 'english' must be a language code such as en, en_US or de-DE"
    ]
    assert "\n" not in str(error) and "contactEmail" in str(error)
