"""Input checks run before anything is sent; each message says what is wrong and how to fix it.

The single-value checks (`check_email`, `check_currency`, ...) return None when the value is
fine and otherwise one sentence for the agent, so forms can use them for inline errors. The
body checks return `FieldDetail`s keyed by wire field name; `ensure_valid` raises them as one
`ValidationFailed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from tui.emporix.errors import FieldDetail, ValidationFailed

__all__ = [
    "COUNTRY_CODES",
    "CURRENCY_CODES",
    "check_country",
    "check_currency",
    "check_custom_id",
    "check_email",
    "check_language",
    "check_phone",
    "check_restriction",
    "check_user_type",
    "ensure_valid",
    "validate_address",
    "validate_customer_draft",
    "validate_customer_patch",
]

# ISO 4217, including a few codes withdrawn recently that old data may still carry.
_ISO_4217 = """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN
    ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD
    JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON
    RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP
    TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD
    XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL"""
CURRENCY_CODES = frozenset(_ISO_4217.split())

# ISO 3166-1 alpha-2, plus XK (Kosovo), which shops use widely.
_ISO_3166 = """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
    EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
    HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB
    LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU
    RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
    TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK"""
COUNTRY_CODES = frozenset(_ISO_3166.split())

_COUNTRY_MISTAKES = {"UK": "GB", "EN": "GB", "GER": "DE", "USA": "US"}
_CURRENCY_MISTAKES = {
    "EURO": "EUR",
    "EUROS": "EUR",
    "DOLLAR": "USD",
    "US$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "POUND": "GBP",
    "RMB": "CNY",
    "YEN": "JPY",
}

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Z][a-z]{3})?(?:[_-](?:[A-Z]{2}|\d{3}))?$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+(?:\s*(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
# The spec writes `^[a-zA-Z0-9_-]$` next to maxLength 66: a typo for 1..66 of these characters
# (the import schema in the same file has `^[\w-]{1,66}$`).
_CUSTOM_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,66}$")
_USER_TYPES = ("CUSTOMER", "CONTACT")


def check_email(value: str) -> str | None:
    """None if `value` looks like an e-mail address, else what is wrong and how to fix it."""
    text = value.strip()
    if not text:
        return "E-mail is empty: enter an address such as name@example.com"
    if text != value:
        return f"E-mail '{value}' has spaces around it: remove them"
    if len(text) > 254:
        return "E-mail is longer than 254 characters: check it was pasted correctly"
    if text.count("@") != 1:
        return f"E-mail '{value}' must contain exactly one @, e.g. name@example.com"
    if not _EMAIL_RE.match(text) or ".." in text:
        return f"E-mail '{value}' is not a valid address: use the form name@example.com"
    return None


def check_currency(value: str) -> str | None:
    """None for an ISO 4217 code such as EUR."""
    text = value.strip()
    if text.upper() in _CURRENCY_MISTAKES:
        return f"Currency '{value}' must be a 3-letter ISO 4217 code such as {_CURRENCY_MISTAKES[text.upper()]}"
    if len(text) != 3 or not text.isalpha():
        return f"Currency '{value}' must be a 3-letter ISO 4217 code such as EUR"
    if text.upper() in CURRENCY_CODES and text != text.upper():
        return f"Currency '{value}' must be in capitals: {text.upper()}"
    if text not in CURRENCY_CODES:
        return f"Currency '{value}' is not an ISO 4217 code: use one such as EUR, USD or GBP"
    return None


def check_country(value: str) -> str | None:
    """None for an ISO 3166-1 alpha-2 country code such as DE."""
    text = value.strip()
    if text.upper() in _COUNTRY_MISTAKES:
        return f"Country '{value}' must be a 2-letter ISO 3166-1 code: use {_COUNTRY_MISTAKES[text.upper()]}"
    if len(text) != 2 or not text.isalpha():
        return f"Country '{value}' must be a 2-letter ISO 3166-1 code such as DE, US or FR"
    if text.upper() in COUNTRY_CODES and text != text.upper():
        return f"Country '{value}' must be in capitals: {text.upper()}"
    if text not in COUNTRY_CODES:
        return f"Country '{value}' is not an ISO 3166-1 code: use one such as DE, US or FR"
    return None


def check_language(value: str) -> str | None:
    """None for a language code such as en, en_US or de-DE."""
    if not _LANGUAGE_RE.match(value.strip()) or value != value.strip():
        return f"Language '{value}' must be a language code such as en, en_US or de-DE"
    return None


def check_phone(value: str) -> str | None:
    """None for a phone number made of digits, spaces and + ( ) - . /."""
    text = value.strip()
    if not _PHONE_RE.match(text) or sum(c.isdigit() for c in text) < 3:
        return (
            f"Phone '{value}' may contain only digits, spaces and + ( ) - . / "
            "(at least 3 digits), e.g. +49 30 1234567"
        )
    return None


def check_custom_id(value: str) -> str | None:
    """None for a custom customer id: 1 to 66 letters, digits, '_' or '-'."""
    if not _CUSTOM_ID_RE.match(value):
        return (
            f"Customer id '{value}' must be 1 to 66 characters of letters, digits, '_' or '-' "
            "(or leave it empty to get a generated number)"
        )
    return None


def check_restriction(value: str, allowed: Collection[str] | None = None) -> str | None:
    """None for a usable restriction; `allowed` lists the valid ones when they are known.

    Real tenants configure their own restrictions and do not publish the list to clients, so
    without `allowed` only the shape is checked and the server has the last word.
    """
    text = value.strip()
    if not text or text != value or any(c.isspace() for c in text):
        return f"Restriction '{value}' must be one word without spaces, such as main or de"
    if allowed is not None and text not in allowed:
        choices = ", ".join(sorted(allowed)) or "none"
        return (
            f"Restriction '{value}' is not one of this tenant's restrictions: use one of {choices}"
        )
    return None


def check_user_type(value: str) -> str | None:
    """None for CUSTOMER or CONTACT."""
    if value not in _USER_TYPES:
        return f"Type '{value}' must be CUSTOMER or CONTACT (or empty for a customer)"
    return None


_STRING_CHECKS: dict[str, Callable[[str], str | None]] = {
    "contactEmail": check_email,
    "preferredCurrency": check_currency,
    "preferredLanguage": check_language,
    "contactPhone": check_phone,
    "type": check_user_type,
}


def _field_details(
    body: Mapping[str, Any], checks: Mapping[str, Callable[[str], str | None]], prefix: str = ""
) -> list[FieldDetail]:
    details: list[FieldDetail] = []
    for field, check in checks.items():
        value = body.get(field)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            details.append(FieldDetail(prefix + field, "invalid_type", f"{field} must be text"))
            continue
        problem = check(value)
        if problem:
            details.append(FieldDetail(prefix + field, "invalid_value", problem))
    return details


def _restriction_details(
    body: Mapping[str, Any], restrictions: Collection[str] | None
) -> list[FieldDetail]:
    value = body.get("restriction")
    if value is None:
        return []
    problem = check_restriction(value, restrictions) if isinstance(value, str) else "must be text"
    return [FieldDetail("restriction", "invalid_value", problem)] if problem else []


def validate_customer_draft(
    draft: Mapping[str, Any], *, restrictions: Collection[str] | None = None
) -> list[FieldDetail]:
    """Problems in a new customer's wire body (empty list when it can be sent)."""
    details = []
    if not draft.get("contactEmail"):
        details.append(
            FieldDetail(
                "contactEmail",
                "missing_value",
                "Contact e-mail is required for a new customer: enter an address such as "
                "name@example.com",
            )
        )
    details += _field_details(draft, _STRING_CHECKS)
    custom_id = draft.get("id")
    if custom_id not in (None, ""):
        problem = check_custom_id(str(custom_id))
        if problem:
            details.append(FieldDetail("id", "invalid_value", problem))
    details += _restriction_details(draft, restrictions)
    return details


def validate_customer_patch(
    changes: Mapping[str, Any],
    *,
    before: Mapping[str, Any] | None = None,
    restrictions: Collection[str] | None = None,
) -> list[FieldDetail]:
    """Problems in a customer patch body; `before` is the customer as loaded (wire dict)."""
    details = []
    if "contactEmail" in changes and not changes["contactEmail"]:
        had_email = before is None or bool(before.get("contactEmail"))
        if had_email:
            details.append(
                FieldDetail(
                    "contactEmail",
                    "cannot_unset",
                    "Contact e-mail cannot be removed once set: enter a new address instead",
                )
            )
    details += _field_details(changes, _STRING_CHECKS)
    details += _restriction_details(changes, restrictions)
    return details


def validate_address(
    address: Mapping[str, Any], *, require_contact_name: bool = True
) -> list[FieldDetail]:
    """Problems in an address wire body (`contactName` is required when creating one)."""
    details = []
    if require_contact_name and not (address.get("contactName") or "").strip():
        details.append(
            FieldDetail(
                "contactName",
                "missing_value",
                "Contact name is required: enter who receives mail here",
            )
        )
    details += _field_details(address, {"country": check_country, "contactPhone": check_phone})
    tags = address.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or any(not isinstance(t, str) or not t.strip() for t in tags)
    ):
        details.append(
            FieldDetail("tags", "invalid_value", "Tags must be non-empty words such as BILLING")
        )
    return details


def ensure_valid(details: list[FieldDetail]) -> None:
    """Raise `ValidationFailed` when there is any problem."""
    if details:
        raise ValidationFailed(details)
