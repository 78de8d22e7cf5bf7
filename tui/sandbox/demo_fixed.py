"""The fixed demo customers that the README, demos and tests rely on."""

from __future__ import annotations

from typing import Any

from .demo_diagnosis import diagnosis_customers


def fixed_customers() -> list[dict[str, Any]]:
    """Every fixed customer: the six of 10000001-10000006, then those of 19000001 up that each
    fail one diagnosis rule."""
    return [*_first_six(), *diagnosis_customers()]


def _first_six() -> list[dict[str, Any]]:
    """The six customers every demo, README and test can count on."""

    def addr(
        aid: str,
        name: str,
        street: str,
        no: str,
        zip_code: str,
        city: str,
        country: str,
        tags: list[str],
        default: bool,
        **extra: str,
    ) -> dict[str, Any]:
        return {
            "id": aid,
            "contactName": name,
            "street": street,
            "streetNumber": no,
            "zipCode": zip_code,
            "city": city,
            "country": country,
            **extra,
            "isDefault": default,
            "tags": tags,
            "metadata": {"version": 1},
        }

    def base(number: int, first: str, last: str, email: str, **fields: Any) -> dict[str, Any]:
        return {
            "customerNumber": str(number),
            "id": str(number),
            "firstName": first,
            "lastName": last,
            "contactEmail": email,
            "type": "CUSTOMER",
            "active": True,
            "onHold": False,
            **fields,
        }

    return [
        base(
            10000001,
            "John",
            "Smith",
            "john.smith@example.com",
            title="MR",
            contactPhone="+1 212 555 0101",
            preferredLanguage="en_US",
            preferredCurrency="USD",
            preferredSite="main",
            restriction="main",
            businessModel="B2C",
            metadata={"version": 3},
            metadataCreatedAt="2021-03-15T09:30:00.000Z",
            addresses=[
                addr(
                    "a0000001aa",
                    "John Smith",
                    "Main Street",
                    "12",
                    "10001",
                    "New York",
                    "US",
                    ["BILLING", "SHIPPING"],
                    True,
                    state="NY",
                    contactPhone="+1 212 555 0101",
                ),
                addr(
                    "a0000001bb",
                    "John Smith",
                    "Park Avenue",
                    "350",
                    "10022",
                    "New York",
                    "US",
                    ["SHIPPING"],
                    False,
                    state="NY",
                    companyName="Smith & Co.",
                ),
            ],
            accounts=[{"id": "john.smith@example.com"}],
        ),
        base(
            10000002,
            "Anna",
            "Schmidt",
            "anna.schmidt@schmidt-maschinenbau.de",
            title="MS",
            contactPhone="+49 3641 555 200",
            company="Schmidt Maschinenbau GmbH",
            preferredLanguage="de_DE",
            preferredCurrency="EUR",
            preferredSite="de",
            restriction="de",
            businessModel="B2B",
            b2b={
                "companyRegistrationId": "DE-HRB-123456",
                "legalEntities": [
                    {
                        "id": "E100201",
                        "name": "Schmidt Maschinenbau GmbH",
                        "contactAssignmentId": "CA200201",
                    },
                    {
                        "id": "E100202",
                        "name": "Schmidt Maschinenbau Export GmbH",
                        "contactAssignmentId": "CA200202",
                    },
                    {
                        "id": "E100203",
                        "name": "Schmidt Service Süd GmbH",
                        "contactAssignmentId": "CA200203",
                    },
                ],
            },
            metadata={"version": 5},
            metadataCreatedAt="2021-06-01T07:45:00.000Z",
            addresses=[
                addr(
                    "a0000002aa",
                    "Anna Schmidt",
                    "Carl-Zeiss-Straße",
                    "4",
                    "07743",
                    "Jena",
                    "DE",
                    ["BILLING", "SHIPPING"],
                    True,
                    state="Thüringen",
                    companyName="Schmidt Maschinenbau GmbH",
                )
            ],
            accounts=[{"id": "anna.schmidt@schmidt-maschinenbau.de"}],
        ),
        base(
            10000003,
            "Marie",
            "Dubois",
            "marie.dubois@example.fr",
            title="MS",
            onHold=True,
            preferredLanguage="fr_FR",
            preferredCurrency="EUR",
            preferredSite="fr",
            restriction="fr",
            businessModel="B2C",
            metadata={"version": 2},
            metadataCreatedAt="2022-01-20T14:10:00.000Z",
            addresses=[
                addr(
                    "a0000003aa",
                    "Marie Dubois",
                    "Rue de la Paix",
                    "8",
                    "75002",
                    "Paris",
                    "FR",
                    ["BILLING", "SHIPPING"],
                    True,
                )
            ],
            accounts=[{"id": "marie.dubois@example.fr"}],
        ),
        base(
            10000004,
            "Carlos",
            "Mendoza",
            "carlos.mendoza@example.com",
            title="MR",
            active=False,
            preferredLanguage="en_US",
            preferredCurrency="USD",
            preferredSite="us",
            restriction="us",
            businessModel="B2C",
            metadata={"version": 4},
            metadataCreatedAt="2022-08-09T18:00:00.000Z",
            addresses=[
                addr(
                    "a0000004aa",
                    "Carlos Mendoza",
                    "Congress Avenue",
                    "901",
                    "73301",
                    "Austin",
                    "US",
                    ["BILLING"],
                    True,
                    state="TX",
                )
            ],
            accounts=[{"id": "carlos.mendoza@example.com"}],
        ),
        base(
            10000005,
            "Yuki",
            "Tanaka",
            "yuki.tanaka@example.jp",
            preferredLanguage="ja_JP",
            preferredCurrency="JPY",
            preferredSite="main",
            restriction="main",
            businessModel="B2C",
            legacyCrmId="CRM-00042",
            mixins={
                "loyalty": {"tier": "gold", "points": 1280},
                "preferences": {"newsletter": True, "channel": "email"},
            },
            metadata={
                "version": 7,
                "mixins": {
                    "loyalty": "https://schemas.example.com/loyalty.v1.json",
                    "preferences": "https://schemas.example.com/preferences.v1.json",
                },
            },
            metadataCreatedAt="2023-02-14T02:20:00.000Z",
            addresses=[
                addr(
                    "a0000005aa",
                    "Yuki Tanaka",
                    "Chuo-dori",
                    "3",
                    "100-0001",
                    "Tokyo",
                    "JP",
                    ["BILLING", "SHIPPING"],
                    True,
                    state="Tokyo",
                )
            ],
            accounts=[{"id": "yuki.tanaka@example.jp", "providerId": "google-oauth2|104857392012"}],
        ),
        base(
            10000006,
            "Priya",
            "Patel",
            "priya.patel@example.in",
            title="DR",
            preferredLanguage="en_GB",
            preferredCurrency="GBP",
            preferredSite="main",
            businessModel="B2C",
            metadata={"version": 1},
            metadataCreatedAt="2023-11-30T11:00:00.000Z",
            addresses=[],
            accounts=[{"id": "priya.patel@example.in"}],
        ),
    ]
