"""The UI's mask helper: what `shown` and `Mask` make of values, records and the revealed path."""

from __future__ import annotations

from types import SimpleNamespace

from tui.ui.masking import Mask, field_words, key_of, masked_fields, shown, shown_text

CUSTOMER = {
    "customerNumber": "10000001",
    "contactEmail": "john.smith@example.com",
    "contactPhone": "+1 212 555 0101",
    "firstName": "John",
    "addresses": [{"street": "Main Street", "zipCode": "10001", "city": "New York"}],
    "accounts": [{"id": "john.smith@example.com"}],
    "mixins": {"notes": {"text": "call back at john@work.example"}},
}


def test_shown_masks_only_while_the_app_is_masked() -> None:
    on, off = SimpleNamespace(masked=True), SimpleNamespace(masked=False)
    assert shown(on, "contactEmail", "john.smith@example.com") == "j•••@example.com"
    assert shown(off, "contactEmail", "john.smith@example.com") == "john.smith@example.com"
    assert shown(None, "phone", "+1 212 555 0101") == "+1 212 555 0101"  # no app, no mask
    assert shown_text(on, "taken by a@b.example") == "taken by a•••@b.example"


def test_a_record_is_masked_everywhere_but_the_revealed_path() -> None:
    masked = Mask(on=True, revealed="addresses.0.street").record(CUSTOMER)
    assert masked["contactEmail"] == "j•••@example.com"
    assert masked["contactPhone"] == "+1 ••• ••01"
    assert masked["firstName"] == "John" and masked["customerNumber"] == "10000001"
    assert masked["addresses"][0] == {
        "street": "Main Street",
        "zipCode": "10•••",
        "city": "New York",
    }
    assert masked["accounts"][0]["id"] == "j•••@example.com"
    assert masked["mixins"]["notes"]["text"] == "call back at j•••@work.example"
    assert Mask(on=False).record(CUSTOMER) is CUSTOMER


def test_the_masked_fields_are_listed_by_path_in_words() -> None:
    paths = [path for path, _ in masked_fields(CUSTOMER)]
    assert paths == [
        "contactEmail",
        "contactPhone",
        "addresses.0.street",
        "addresses.0.zipCode",
        "accounts.0.id",
        "mixins.notes.text",
    ]
    assert [field_words(p) for p in paths[:5]] == [
        "Contact e-mail",
        "Contact phone",
        "Address 1: street",
        "Address 1: ZIP code",
        "Login account 1",
    ]
    assert key_of("accounts.0") == "accounts" and key_of("addresses.3.zipCode") == "zipCode"
