"""Fixed demo customers that each fail one diagnosis rule, and what the demo tenant offers."""

from __future__ import annotations

from typing import Any

from .demo_names import LOCALES, RESTRICTION_BY_SITE, SOCIAL

FIRST_DIAGNOSIS = 19000001
"""Far above the generated numbers (10000007 up), so they sort after every generated customer
and the first list pages stay as they were."""


def _addr(aid: str, name: str, tags: list[str], default: bool, **place: str) -> dict[str, Any]:
    where = {
        "street": "Hauptstraße",
        "streetNumber": "1",
        "zipCode": "10115",
        "city": "Berlin",
        "country": "DE",
    }
    where.update(place)
    return {
        "id": aid,
        "contactName": name,
        **where,
        "isDefault": default,
        "tags": tags,
        "metadata": {"version": 1},
    }


def _customer(offset: int, first: str, last: str, fails: str, **fields: Any) -> dict[str, Any]:
    number = str(FIRST_DIAGNOSIS + offset)
    email = f"{first.lower()}.{last.lower()}@example.org"
    name = f"{first} {last}"
    doc: dict[str, Any] = {
        "customerNumber": number,
        "id": number,
        "firstName": first,
        "lastName": last,
        "contactEmail": email,
        "contactPhone": f"+49 30 555 {offset:04d}",
        "type": "CUSTOMER",
        "active": True,
        "onHold": False,
        "preferredLanguage": "de_DE",
        "preferredCurrency": "EUR",
        "preferredSite": "de",
        "restriction": "de",
        "businessModel": "B2C",
        "metadata": {"version": 1, "mixins": {"demo": "https://schemas.example.com/demo.v1.json"}},
        "metadataCreatedAt": f"2024-05-{offset + 1:02d}T10:00:00.000Z",
        "addresses": [_addr(f"d{number}", name, ["BILLING", "SHIPPING"], True)],
        "accounts": [{"id": email}],
        "mixins": {"demo": {"failsDiagnosisRule": fails}},
    }
    doc.update(fields)
    return doc


def diagnosis_customers() -> list[dict[str, Any]]:
    """One customer per Emporix rule that the six fixed customers do not already fail (the
    README's table says which rule each fails; `mixins.demo.failsDiagnosisRule` says it too)."""
    return [
        _customer(0, "Olga", "Nologin", "login-account", accounts=[]),
        _customer(
            1,
            "Bruno",
            "Altmail",
            "login-email",
            accounts=[{"id": "bruno.old-address@example.org"}],
        ),
        _customer(
            2,
            "Lina",
            "Linkedin",
            "social-login",
            accounts=[{"id": "lina.linkedin@example.org", "providerId": "linkedin|a9F3kQ"}],
        ),
        _customer(3, "Rolf", "Wrongsite", "restriction", restriction="us"),
        _customer(
            4,
            "Greta",
            "Orphan",
            "legal-entities",
            type="CONTACT",
            company="Orphan Handels GmbH",
            b2b={"companyRegistrationId": "DE-HRB-999001", "legalEntities": []},
        ),
        _customer(
            5,
            "Kai",
            "Unassigned",
            "contact-assignment",
            type="CONTACT",
            company="Kai Werkzeuge GmbH",
            businessModel="B2B",
            b2b={
                "companyRegistrationId": "DE-HRB-999002",
                "legalEntities": [{"id": "E900002", "name": "Kai Werkzeuge GmbH"}],
            },
        ),
        _customer(
            6,
            "Dora",
            "Nodefault",
            "default-address",
            addresses=[_addr("d19000007", "Dora Nodefault", ["BILLING", "SHIPPING"], False)],
        ),
        _customer(
            7,
            "Bill",
            "Shiponly",
            "billing-address",
            addresses=[_addr("d19000008", "Bill Shiponly", ["SHIPPING"], True)],
        ),
        _customer(
            8,
            "Sven",
            "Billonly",
            "shipping-address",
            addresses=[_addr("d19000009", "Sven Billonly", ["BILLING"], True)],
        ),
        _customer(9, "Ulla", "Nosite", "preferred-site", preferredSite="uk"),
        _customer(10, "Cora", "Dollar", "currency", preferredCurrency="USD"),
        _customer(11, "Lotte", "Lingua", "language", preferredLanguage="en_US"),
    ]


def demo_tenant_facts() -> dict[str, Any]:
    """What the demo tenant offers, in the shape `TenantFacts.from_dict` reads: its restrictions,
    its sites with their currencies, languages and restriction, and its social logins. Derived
    from the same tables as the generated customers, so every generated customer fits."""
    sites: dict[str, dict[str, Any]] = {}
    for loc in LOCALES.values():
        site = sites.setdefault(
            loc["site"],
            {
                "currencies": set(),
                "languages": set(),
                "restriction": RESTRICTION_BY_SITE[loc["site"]],
            },
        )
        site["currencies"].add(loc["cur"])
        site["languages"].add(loc["lang"])
    # The main site sells world-wide: John Smith (10000001) shops there in en_US and USD.
    sites["main"]["currencies"].add("USD")
    sites["main"]["languages"].add("en_US")
    return {
        "restrictions": sorted(RESTRICTION_BY_SITE.values()),
        "socialProviders": list(SOCIAL),
        "sites": {
            code: {
                **site,
                "currencies": sorted(site["currencies"]),
                "languages": sorted(site["languages"]),
            }
            for code, site in sorted(sites.items())
        },
    }
