"""Deterministic demo customers: fixed ones for demos and docs, then generated ones."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from .demo_diagnosis import diagnosis_customers
from .demo_fixed import fixed_customers
from .demo_names import (
    COMPANY_FORMS,
    COMPANY_WORDS,
    LOCALE_CUM,
    LOCALE_KEYS,
    LOCALES,
    RESTRICTION_BY_SITE,
    SOCIAL,
    TAG_SETS,
)

FIRST_NUMBER = 10000001
FIXED_COUNT = 6
"""The fixed customers numbered from FIRST_NUMBER; generated numbers follow them."""
EXTRA_FIXED = len(diagnosis_customers())
"""The fixed customers numbered apart (19000001 up); they count towards a tenant's size."""
# Creation dates come from the seed, never from the clock, so screenshots stay stable.
_EPOCH = datetime(2021, 1, 4, 8, 0, 0)


@lru_cache(maxsize=8192)
def ascii_slug(text: str) -> str:
    # Cached: names repeat, and a million generated customers would fold each one again.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _hex_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(40):010x}"


def _address(
    rng: random.Random,
    loc: dict[str, Any],
    name: str,
    company: str | None,
    tags: list[str],
    default: bool,
) -> dict[str, Any]:
    city, state, zip_code = rng.choice(loc["cities"])
    addr: dict[str, Any] = {
        "id": _hex_id(rng),
        "contactName": name,
        "street": rng.choice(loc["streets"]),
        "streetNumber": str(rng.randint(1, 240)),
        "zipCode": zip_code,
        "city": city,
        "country": loc["country"],
        "contactPhone": loc["phone"].format(a=rng.randint(10, 999), b=rng.randint(0, 9999)),
        "isDefault": default,
        "tags": tags,
        "metadata": {"version": 1},
    }
    if state:
        addr["state"] = state
    if company:
        addr["companyName"] = company
    return addr


def generated_customer(seed: int, number: int) -> dict[str, Any]:
    """Customer `number`, the same for a given seed however many customers the tenant has."""
    rng = random.Random(seed * 1_000_003 + number)
    key = rng.choices(LOCALE_KEYS, weights=LOCALE_CUM)[0]
    loc = LOCALES[key]
    first = rng.choice(loc["first"])
    last = "Smith" if rng.random() < 0.03 else rng.choice(loc["last"])
    n = number - FIRST_NUMBER + 1
    email = f"{ascii_slug(first)}.{ascii_slug(last)}{n}@{loc['mail']}"
    created = _EPOCH + timedelta(seconds=rng.randint(0, 5 * 365 * 86400))
    b2b = rng.random() < 0.3
    company = None
    doc: dict[str, Any] = {
        "customerNumber": str(number),
        "id": str(number),
        "title": rng.choice(["MR", "MS", "MRS", "DR", ""]) or None,
        "firstName": first,
        "lastName": last,
        "contactEmail": email,
        "contactPhone": loc["phone"].format(a=rng.randint(10, 999), b=rng.randint(0, 9999)),
        "preferredLanguage": loc["lang"],
        "preferredCurrency": loc["cur"],
        "preferredSite": loc["site"],
        "type": "CUSTOMER",
        "active": rng.random() > 0.06,
        "onHold": rng.random() < 0.05,
    }
    if doc["title"] is None:
        del doc["title"]
    if rng.random() < 0.95:
        doc["restriction"] = RESTRICTION_BY_SITE[loc["site"]]
    if b2b:
        company = f"{rng.choice(loc['last'])} {rng.choice(COMPANY_WORDS)} {COMPANY_FORMS[key]}"
        doc["company"] = company
        doc["type"] = "CONTACT" if rng.random() < 0.3 else "CUSTOMER"
        entities = [
            {
                "id": f"E{rng.randint(100000, 999999)}",
                "name": company
                if i == 0
                else f"{company} {rng.choice(['North', 'South', 'Export'])}",
                "contactAssignmentId": f"CA{rng.randint(100000, 999999)}",
            }
            for i in range(rng.choice([1, 1, 1, 2, 3]))
        ]
        doc["b2b"] = {
            "companyRegistrationId": f"{loc['country']}-{rng.randint(100000, 999999)}",
            "legalEntities": entities,
        }
    doc["businessModel"] = "B2B" if b2b else "B2C"
    doc["metadata"] = {"version": rng.randint(1, 6)}
    if rng.random() < 0.1:
        doc["mixins"] = {
            "loyalty": {
                "tier": rng.choice(["bronze", "silver", "gold"]),
                "points": rng.randint(0, 5000),
            }
        }
        doc["metadata"]["mixins"] = {"loyalty": "https://schemas.example.com/loyalty.v1.json"}
    doc["metadataCreatedAt"] = iso(created)
    count = rng.choices([0, 1, 2, 3, 4], weights=[10, 45, 30, 10, 5])[0]
    doc["addresses"] = [
        _address(
            rng,
            loc,
            f"{first} {last}",
            company,
            TAG_SETS[0] if i == 0 else rng.choice(TAG_SETS),
            i == 0,
        )
        for i in range(count)
    ]
    accounts: list[dict[str, Any]] = [{"id": email}]
    if rng.random() < 0.15:
        provider = rng.choice(SOCIAL)
        accounts[0]["providerId"] = f"{provider}|{rng.randint(10**11, 10**12 - 1)}"
    if rng.random() < 0.1:
        accounts.append({"id": f"{ascii_slug(first)}{n}@mail.{loc['mail']}"})
    doc["accounts"] = accounts
    return doc


def generated_stop(count: int) -> int:
    """One past the last generated number of a `count`-customer tenant: the fixed ones count too,
    so a tenant of 300 has 300 customers, the first list pages of which never change."""
    return FIRST_NUMBER + max(count - EXTRA_FIXED, FIXED_COUNT)


def demo_customers(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """The fixed customers, then generated ones up to `count` in total."""
    yield from fixed_customers()
    for number in range(FIRST_NUMBER + FIXED_COUNT, generated_stop(count)):
        yield generated_customer(seed, number)
