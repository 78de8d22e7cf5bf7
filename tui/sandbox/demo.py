"""Deterministic demo customers: six fixed ones for demos and docs, then generated ones."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

FIRST_NUMBER = 10000001
FIXED_COUNT = 6
# Creation dates come from the seed, never from the clock, so screenshots stay stable.
_EPOCH = datetime(2021, 1, 4, 8, 0, 0)

# locale: language, currency, site, restriction, country, first names, last names, cities, streets
_LOCALES: dict[str, dict[str, Any]] = {
    "us": dict(
        lang="en_US",
        cur="USD",
        site="us",
        country="US",
        mail="example.com",
        first=[
            "James",
            "Mary",
            "Robert",
            "Patricia",
            "Michael",
            "Jennifer",
            "David",
            "Linda",
            "William",
            "Elizabeth",
            "Emily",
            "Daniel",
            "Olivia",
            "Ethan",
            "Sophia",
            "Noah",
        ],
        last=[
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Miller",
            "Davis",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Jackson",
            "White",
            "Harris",
            "Clark",
        ],
        cities=[
            ("New York", "NY", "10001"),
            ("Chicago", "IL", "60601"),
            ("Austin", "TX", "73301"),
            ("Seattle", "WA", "98101"),
            ("Boston", "MA", "02108"),
            ("Denver", "CO", "80202"),
        ],
        streets=["Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Park Avenue"],
        phone="+1 {a:03d} 555 {b:04d}",
    ),
    "gb": dict(
        lang="en_GB",
        cur="GBP",
        site="main",
        country="GB",
        mail="example.co.uk",
        first=["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Freya", "Charlie"],
        last=[
            "Smith",
            "Jones",
            "Taylor",
            "Evans",
            "Hughes",
            "Wright",
            "Walker",
            "Roberts",
            "Thompson",
            "Robinson",
            "Wood",
            "Hall",
        ],
        cities=[
            ("London", "", "SW1A 1AA"),
            ("Manchester", "", "M1 1AE"),
            ("Leeds", "", "LS1 4AP"),
            ("Bristol", "", "BS1 5TR"),
            ("Glasgow", "", "G1 1XQ"),
        ],
        streets=["High Street", "Station Road", "Church Lane", "Victoria Road", "Kings Road"],
        phone="+44 20 {a:04d} {b:04d}",
    ),
    "de": dict(
        lang="de_DE",
        cur="EUR",
        site="de",
        country="DE",
        mail="beispiel.de",
        first=[
            "Lukas",
            "Sophie",
            "Leon",
            "Marie",
            "Jonas",
            "Lea",
            "Felix",
            "Hannah",
            "Paul",
            "Lena",
            "Jürgen",
            "Ursula",
            "Klaus",
            "Sabine",
        ],
        last=[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
            "Koch",
            "Richter",
            "Klein",
            "Wolf",
            "Schröder",
        ],
        cities=[
            ("Berlin", "Berlin", "10115"),
            ("München", "Bayern", "80331"),
            ("Hamburg", "Hamburg", "20095"),
            ("Köln", "Nordrhein-Westfalen", "50667"),
            ("Jena", "Thüringen", "07743"),
            ("Stuttgart", "Baden-Württemberg", "70173"),
        ],
        streets=["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee"],
        phone="+49 30 {a:04d}{b:04d}",
    ),
    "fr": dict(
        lang="fr_FR",
        cur="EUR",
        site="fr",
        country="FR",
        mail="exemple.fr",
        first=[
            "Louis",
            "Camille",
            "Hugo",
            "Léa",
            "Jules",
            "Chloé",
            "Gabriel",
            "Manon",
            "Étienne",
            "Inès",
        ],
        last=[
            "Martin",
            "Bernard",
            "Dubois",
            "Thomas",
            "Robert",
            "Richard",
            "Petit",
            "Durand",
            "Leroy",
            "Moreau",
            "Lefèvre",
            "Girard",
        ],
        cities=[
            ("Paris", "Île-de-France", "75001"),
            ("Lyon", "Auvergne-Rhône-Alpes", "69001"),
            ("Marseille", "Provence-Alpes-Côte d'Azur", "13001"),
            ("Lille", "Hauts-de-France", "59000"),
        ],
        streets=["Rue de la Paix", "Avenue Victor Hugo", "Rue du Moulin", "Boulevard Voltaire"],
        phone="+33 1 {a:02d} {b:04d}",
    ),
    "es": dict(
        lang="es_ES",
        cur="EUR",
        site="main",
        country="ES",
        mail="ejemplo.es",
        first=["Carlos", "Lucía", "Javier", "Sofía", "Alejandro", "Martina", "Pablo", "Elena"],
        last=[
            "García",
            "Fernández",
            "González",
            "Rodríguez",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Mendoza",
        ],
        cities=[
            ("Madrid", "Madrid", "28001"),
            ("Barcelona", "Cataluña", "08001"),
            ("Valencia", "Valencia", "46001"),
            ("Sevilla", "Andalucía", "41001"),
        ],
        streets=["Calle Mayor", "Gran Vía", "Calle del Sol", "Avenida de la Constitución"],
        phone="+34 91 {a:03d} {b:04d}",
    ),
    "it": dict(
        lang="it_IT",
        cur="EUR",
        site="main",
        country="IT",
        mail="esempio.it",
        first=["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Alessandro"],
        last=["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
        cities=[
            ("Roma", "Lazio", "00118"),
            ("Milano", "Lombardia", "20121"),
            ("Torino", "Piemonte", "10121"),
            ("Napoli", "Campania", "80121"),
        ],
        streets=["Via Roma", "Corso Italia", "Via Garibaldi", "Via Dante"],
        phone="+39 06 {a:04d} {b:04d}",
    ),
    "pl": dict(
        lang="pl_PL",
        cur="PLN",
        site="main",
        country="PL",
        mail="przyklad.pl",
        first=["Jakub", "Zofia", "Kacper", "Zuzanna", "Michał", "Agnieszka", "Łukasz"],
        last=["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski"],
        cities=[
            ("Warszawa", "Mazowieckie", "00-001"),
            ("Kraków", "Małopolskie", "30-001"),
            ("Gdańsk", "Pomorskie", "80-001"),
        ],
        streets=["ul. Marszałkowska", "ul. Długa", "ul. Polna", "ul. Kwiatowa"],
        phone="+48 22 {a:03d} {b:04d}",
    ),
    "jp": dict(
        lang="ja_JP",
        cur="JPY",
        site="main",
        country="JP",
        mail="example.jp",
        first=["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuki", "Sakura", "Kenji"],
        last=["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
        cities=[
            ("Tokyo", "Tokyo", "100-0001"),
            ("Osaka", "Osaka", "530-0001"),
            ("Kyoto", "Kyoto", "600-8001"),
        ],
        streets=["Chuo-dori", "Sakura-dori", "Meiji-dori"],
        phone="+81 3 {a:04d} {b:04d}",
    ),
    "in": dict(
        lang="en_IN",
        cur="INR",
        site="main",
        country="IN",
        mail="example.in",
        first=["Aarav", "Priya", "Vihaan", "Ananya", "Arjun", "Diya", "Rohan", "Kavya"],
        last=["Patel", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair"],
        cities=[
            ("Mumbai", "Maharashtra", "400001"),
            ("Bengaluru", "Karnataka", "560001"),
            ("Delhi", "Delhi", "110001"),
        ],
        streets=["MG Road", "Park Street", "Brigade Road", "Linking Road"],
        phone="+91 22 {a:04d} {b:04d}",
    ),
    "br": dict(
        lang="pt_BR",
        cur="BRL",
        site="main",
        country="BR",
        mail="exemplo.com.br",
        first=["João", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Gustavo"],
        last=["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa"],
        cities=[("São Paulo", "SP", "01000-000"), ("Rio de Janeiro", "RJ", "20000-000")],
        streets=["Avenida Paulista", "Rua Augusta", "Rua das Flores"],
        phone="+55 11 {a:04d} {b:04d}",
    ),
}
_LOCALE_WEIGHTS = {
    "us": 24,
    "gb": 10,
    "de": 20,
    "fr": 12,
    "es": 7,
    "it": 6,
    "pl": 5,
    "jp": 5,
    "in": 6,
    "br": 5,
}
_RESTRICTION_BY_SITE = {"us": "us", "de": "de", "fr": "fr", "main": "main"}
_COMPANY_FORMS = {
    "de": "GmbH",
    "fr": "SARL",
    "us": "Inc.",
    "gb": "Ltd",
    "es": "S.L.",
    "it": "S.r.l.",
    "pl": "Sp. z o.o.",
    "jp": "K.K.",
    "in": "Pvt Ltd",
    "br": "Ltda",
}
_COMPANY_WORDS = [
    "Logistics",
    "Maschinenbau",
    "Trading",
    "Foods",
    "Textiles",
    "Electronics",
    "Solutions",
    "Supplies",
    "Industries",
    "Retail",
    "Systems",
    "Components",
]
_SOCIAL = ["google-oauth2", "apple", "facebook"]
_TAG_SETS = [["BILLING", "SHIPPING"], ["SHIPPING"], ["BILLING"], []]
_LOCALE_KEYS = list(_LOCALE_WEIGHTS)
_LOCALE_CUM = list(_LOCALE_WEIGHTS.values())


def ascii_slug(text: str) -> str:
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
    key = rng.choices(_LOCALE_KEYS, weights=_LOCALE_CUM)[0]
    loc = _LOCALES[key]
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
        doc["restriction"] = _RESTRICTION_BY_SITE[loc["site"]]
    if b2b:
        company = f"{rng.choice(loc['last'])} {rng.choice(_COMPANY_WORDS)} {_COMPANY_FORMS[key]}"
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
            _TAG_SETS[0] if i == 0 else rng.choice(_TAG_SETS),
            i == 0,
        )
        for i in range(count)
    ]
    accounts: list[dict[str, Any]] = [{"id": email}]
    if rng.random() < 0.15:
        provider = rng.choice(_SOCIAL)
        accounts[0]["providerId"] = f"{provider}|{rng.randint(10**11, 10**12 - 1)}"
    if rng.random() < 0.1:
        accounts.append({"id": f"{ascii_slug(first)}{n}@mail.{loc['mail']}"})
    doc["accounts"] = accounts
    return doc


def fixed_customers() -> list[dict[str, Any]]:
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


def demo_customers(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """The fixed customers, then generated ones up to `count` in total."""
    yield from fixed_customers()
    for number in range(FIRST_NUMBER + FIXED_COUNT, FIRST_NUMBER + max(count, FIXED_COUNT)):
        yield generated_customer(seed, number)
