"""Mask mode: e-mails, phone numbers, street lines and postcodes hidden, leaving enough to recognise."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DOT",
    "KIND_BY_KEY",
    "kind_of_key",
    "mask_email",
    "mask_emails_in",
    "mask_phone",
    "mask_postcode",
    "mask_record",
    "mask_street",
    "mask_text",
    "mask_value",
    "restore_masked",
]

DOT = "•"
HIDDEN = DOT * 3

# Wire names of both platforms (Emporix customers and addresses; Kibo users and contacts),
# compared without case, "_" or "-": what each is masked as.
KIND_BY_KEY: dict[str, str] = {
    **dict.fromkeys(("contactemail", "email", "emailaddress", "username"), "email"),
    **dict.fromkeys(
        ("phone", "contactphone", "phonenumber", "mobile", "mobilephone", "fax", "home", "work"),
        "phone",
    ),
    **dict.fromkeys(
        (
            "street",
            "streetnumber",
            "streetappendix",
            "extraline1",
            "extraline2",
            "extraline3",
            "extraline4",
            "address1",
            "address2",
            "address3",
            "address4",
            "addressline1",
            "addressline2",
            "addressline3",
            "addressline4",
            "line1",
            "line2",
        ),
        "street",
    ),
    **dict.fromkeys(("zipcode", "postalcode", "postcode", "zip", "postalorzipcode"), "postcode"),
}

# Unicode letters are welcome on both sides; spaces, quotes and brackets end an address.
_EMAIL = re.compile(r"[^\s@<>()\[\]{},;:\"'`]+@[^\s@<>()\[\]{},;:\"'`]+\.[^\s@<>()\[\]{},;:\"'`.]+")


def _first_character(text: str) -> str:
    """The first user-perceived character: a letter with its combining marks, an emoji with its
    variation selector or zero-width-joined parts, so "É" (E + U+0301) never loses its accent."""
    if not text:
        return ""
    end = 1
    while end < len(text):
        char = text[end]
        if unicodedata.category(char).startswith("M") or char in "\ufe0f\ufe0e":
            end += 1
        elif char == "\u200d" and end + 1 < len(text):
            end += 2
        else:
            break
    return text[:end]


def mask_text(value: str) -> str:
    """The first character, then dots: "Carl-Zeiss-Straße" -> "C•••"; empty stays empty."""
    value = value.strip()
    return f"{_first_character(value)}{HIDDEN}" if value else value


def mask_email(value: str) -> str:
    """ "john.smith@example.com" -> "j•••@example.com": the first character and the domain.
    Something that is not an e-mail is masked as text."""
    local, at, domain = value.strip().rpartition("@")
    if not at or not domain:
        return mask_text(value)
    return f"{_first_character(local)}{HIDDEN}@{domain}"


def mask_emails_in(text: str) -> str:
    """Every e-mail address inside a longer text masked, the rest left as it is."""
    return _EMAIL.sub(lambda m: mask_email(m.group(0)), text)


def mask_phone(value: str) -> str:
    """ "+49 3641 555 234" -> "+49 ••• ••34": the country code (when written with +) and the
    last two digits; a number of five digits or fewer is hidden whole."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) <= 5:
        return HIDDEN if digits else mask_text(value)
    text = value.strip()
    prefix = ""
    if text.startswith(("+", "00")):
        match = re.match(r"(\+|00)\s*(\d{1,3})(?=\D|$)", text)
        # A country code run into the number (+4936...) cannot be told apart: keep none.
        if match:
            prefix = f"+{match.group(2)} "
    return f"{prefix}{HIDDEN} {DOT * 2}{''.join(digits[-2:])}"


def mask_street(value: str) -> str:
    """A street line: its first character ("Main Street 12" -> "M•••"); a house number whole."""
    return HIDDEN if value.strip().isdigit() else mask_text(value)


def mask_postcode(value: str) -> str:
    """The first two characters, which name a region but not a street: "07743" -> "07•••";
    a code of three characters or fewer is hidden whole."""
    compact = value.strip()
    return f"{compact[:2]}{HIDDEN}" if len(compact) > 3 else (HIDDEN if compact else compact)


_MASKERS = {
    "email": mask_email,
    "phone": mask_phone,
    "street": mask_street,
    "postcode": mask_postcode,
}


def kind_of_key(key: str) -> str | None:
    """ "email", "phone", "street", "postcode" or None for a wire field name."""
    return KIND_BY_KEY.get(re.sub(r"[_\-\s]", "", key).lower())


def mask_value(key: str | None, value: Any) -> Any:
    """One value as mask mode shows it: by the field's name, else e-mails by their shape.
    Numbers under a masked name (a zip code sent as 7743) become masked text; None stays."""
    kind = kind_of_key(key) if key else None
    if value is None or isinstance(value, bool):
        return value
    if kind and isinstance(value, str | int | float):
        return _MASKERS[kind](str(value))
    if isinstance(value, str):
        return mask_emails_in(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        # A list of single values (a Kibo attribute's values) is masked value by value.
        return [mask_value(key, v) for v in value]
    return value


def mask_record(data: Any, *, _key: str | None = None) -> Any:
    """A masked copy of a JSON-like value (dicts, lists, scalars): every field named as contact
    data is masked, and every e-mail anywhere else (a login account's `id`, a mixin, a note).
    Keys, numbers and the shape stay, so a masked record still reads as the record."""
    if isinstance(data, Mapping):
        return {k: mask_record(v, _key=str(k)) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [mask_record(v, _key=_key) for v in data]
    return mask_value(_key, data)


def restore_masked(edited: Any, original: Any, masked: Any) -> Any:
    """`edited` (what the agent made of `masked`, the masked copy of `original`) with every value
    the agent left masked put back as it really is, so a masked text never reaches the server;
    what the agent changed, added or removed stays their way."""
    if isinstance(edited, dict) and isinstance(original, Mapping) and isinstance(masked, Mapping):
        return {
            k: restore_masked(v, original[k], masked[k]) if k in original and k in masked else v
            for k, v in edited.items()
        }
    if isinstance(edited, list) and isinstance(original, list) and isinstance(masked, list):
        same = len(edited) == len(original) == len(masked)
        return [
            restore_masked(e, original[i], masked[i])
            if same and isinstance(e, dict | list)
            else _restore_one(e, original, masked)
            for i, e in enumerate(edited)
        ]
    if edited == masked and masked != original:
        return original
    return edited


def _restore_one(value: Any, original: list[Any], masked: list[Any]) -> Any:
    # Wherever it now stands in the list, a value still masked is the one it was masked from.
    for was, hidden in zip(original, masked, strict=False):
        if value == hidden and hidden != was:
            return was
    return value
