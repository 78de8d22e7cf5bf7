"""Deterministic Kibo demo data: fixed accounts and users for demos, then generated hierarchies."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from ..demo_names import COMPANY_FORMS, COMPANY_WORDS, LOCALES
from .config import APPROVED, DENIED, INACTIVE, PENDING, ROLES

Doc = dict[str, Any]
FIRST_GENERATED = 1100
ACCOUNTS = 300
_EPOCH = datetime(2022, 3, 1, 9, 0, 0)
SALES_REPS = {
    name: hashlib.md5(f"kibo-rep:{name}".encode()).hexdigest()
    for name in ("ava.jensen", "marco.rossi", "lena.vogel", "sam.okafor", "yui.sato")
}
_LOCALE_KEYS = list(LOCALES)


def user_id(account_id: int, email: str) -> str:
    """32 hex digits, as Kibo's user ids look; derived from account and e-mail, so stable."""
    return hashlib.md5(f"kibo-user:{account_id}:{email}".encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _audit(moment: datetime) -> Doc:
    return {
        "createDate": _iso(moment),
        "updateDate": _iso(moment),
        "createBy": "sandbox",
        "updateBy": "sandbox",
    }


def role(role_id: int, user: str, account: Doc, moment: datetime) -> Doc:
    """A role assignment as Kibo answers it, scoped to the account."""
    return {
        "userId": user,
        "assignedInScope": {
            "type": "Account",
            "id": account["id"],
            "name": account.get("companyOrOrganization"),
        },
        "roleId": role_id,
        "roleName": ROLES[role_id],
        "roleResources": [],
        "roleTags": [],
        "auditInfo": _audit(moment),
    }


def account(
    ident: int,
    name: str,
    status: str,
    *,
    parent: int | None,
    root: int,
    reps: list[str],
    country: str = "US",
    city: str = "New York",
    moment: datetime = _EPOCH,
) -> Doc:
    return {
        "id": ident,
        "companyOrOrganization": name,
        "parentAccountId": parent,
        "rootAccountId": root,
        "approvalStatus": status,
        "isActive": status == APPROVED,
        "priceList": None,
        "salesReps": [{"accountId": ident, "adminUserId": SALES_REPS[r]} for r in reps],
        "taxExempt": False,
        "taxId": f"TX-{ident:06d}",
        "externalId": f"ERP-{ident}",
        "customerSet": "default",
        "accountType": "B2B",
        "customerSinceDate": _iso(moment),
        "priority": None,
        "migrationRequired": False,
        "auditInfo": _audit(moment),
        "commerceSummary": {
            "totalOrderAmount": {"currencyCode": "USD", "amount": 0.0},
            "orderCount": 0,
            "wishlistCount": 0,
            "visitsCount": 0,
        },
        "contacts": [
            {
                "accountId": ident,
                "id": ident * 10,
                "companyOrOrganization": name,
                "types": [{"name": "Billing", "isPrimary": True}],
                "address": {
                    "address1": "1 Commerce Way",
                    "cityOrTown": city,
                    "countryCode": country,
                    "addressType": "Commercial",
                    "isValidated": True,
                },
            }
        ],
        "notes": [],
        "attributes": [],
        "segments": [],
    }


def user(
    acc: Doc,
    first: str,
    last: str,
    email: str,
    locale: str,
    roles: list[int],
    moment: datetime,
    **flags: Any,
) -> Doc:
    uid = user_id(acc["id"], email)
    doc: Doc = {
        "emailAddress": email,
        "userName": email,
        "firstName": first,
        "lastName": last,
        "localeCode": locale,
        "userId": uid,
        "roles": [role(r, uid, acc, moment) for r in roles],
        "isLocked": False,
        "isActive": True,
        "isRemoved": False,
        "acceptsMarketing": False,
        "hasExternalPassword": False,
        "last2FaDate": None,
    }
    doc.update(flags)
    return doc


def _attribute(name: str, definition: int, values: list[Any]) -> Doc:
    """A customer attribute as Kibo answers it (CustomerAttribute)."""
    return {
        "auditInfo": _audit(_EPOCH),
        "fullyQualifiedName": name,
        "attributeDefinitionId": definition,
        "values": values,
    }


# What `M` (attributes in $EDITOR) shows on the demo accounts; `crmRef` is a field the spec
# does not have, which must survive every change.
_ATTRIBUTES: dict[int, list[Doc]] = {
    1001: [
        _attribute("tenant~customer-tier", 11, ["gold"]),
        _attribute("tenant~payment-terms", 12, ["NET30"]),
        {**_attribute("tenant~regions", 13, ["US-East", "US-West"]), "crmRef": "CRM-77"},
    ],
    1005: [_attribute("tenant~customer-tier", 11, ["silver"])],
}


def _fixed_accounts() -> dict[int, Doc]:
    accounts = _fixed_account_docs()
    for ident, attributes in _ATTRIBUTES.items():
        accounts[ident]["attributes"] = attributes
    return accounts


def _fixed_account_docs() -> dict[int, Doc]:
    return {
        1001: account(
            1001, "Northwind Traders", APPROVED, parent=None, root=1001, reps=["ava.jensen"]
        ),
        1002: account(
            1002, "Northwind Traders West", APPROVED, parent=1001, root=1001, reps=["ava.jensen"]
        ),
        1003: account(
            1003,
            "Northwind Traders Europe",
            PENDING,
            parent=1001,
            root=1001,
            reps=["lena.vogel"],
            country="DE",
            city="Hamburg",
        ),
        1004: account(
            1004, "Contoso Pharmaceuticals", INACTIVE, parent=None, root=1004, reps=["marco.rossi"]
        ),
        1005: account(1005, "Contoso Labs", APPROVED, parent=1004, root=1004, reps=["marco.rossi"]),
        1006: account(1006, "Fabrikam Tools", DENIED, parent=None, root=1006, reps=["sam.okafor"]),
        1007: account(1007, "Tailspin Toys", APPROVED, parent=None, root=1007, reps=[]),
        1008: account(
            1008,
            "Müller Maschinenbau GmbH",
            PENDING,
            parent=None,
            root=1008,
            reps=[],
            country="DE",
            city="Stuttgart",
        ),
    }


_T = _EPOCH
# account, first, last, e-mail, locale, roles, flags: one of each kind a diagnosis needs.
_FIXED_USERS: list[tuple[int, str, str, str, str, list[int], Doc]] = [
    (1001, "Alice", "Admin", "alice.admin@northwind.example", "en-US", [1], {}),
    (
        1001, "Paul", "Purchaser", "paul.purchaser@northwind.example", "en-US", [2],
        {"last2FaDate": _iso(_T + timedelta(days=400)), "acceptsMarketing": True},
    ),
    (1001, "Lars", "Locked", "lars.locked@northwind.example", "de-DE", [2], {"isLocked": True}),
    (1001, "Nina", "Nonpurchaser", "nina.nonpurchaser@northwind.example", "fr-FR", [3], {}),
    (
        1001, "Ingrid", "Inactive", "ingrid.inactive@northwind.example", "en-GB", [2],
        {"isActive": False},
    ),
    (1001, "Rita", "Removed", "rita.removed@northwind.example", "es-ES", [2], {"isRemoved": True}),
    (
        1001, "Yuki", "Future", "yuki.future@northwind.example", "ja-JP", [2, 3],
        {"federatedIdentity": {"provider": "okta", "subject": "00u1k2"}},
    ),
    (1002, "Walt", "West", "walt.west@northwind.example", "en-US", [1], {}),
    (1003, "Eva", "Europa", "eva.europa@northwind.example", "de-DE", [1], {}),
    (1004, "Carl", "Contoso", "carl@contoso.example", "en-US", [1], {}),
    (1005, "Lara", "Labs", "lara@contoso-labs.example", "en-US", [1, 2], {}),
    (1006, "Fred", "Fabrikam", "fred@fabrikam.example", "en-US", [1], {}),
    (1007, "Tina", "Tailspin", "tina@tailspin.example", "en-US", [1], {}),
    (1008, "Jürgen", "Müller", "juergen.mueller@mueller-mb.example", "de-DE", [1], {}),
]  # fmt: skip


def fixed() -> tuple[list[Doc], list[tuple[int, Doc]]]:
    """The accounts and users the README names for demos; always the same."""
    accounts = _fixed_accounts()
    users = [
        (acc, user(accounts[acc], first, last, email, locale, roles, _T, **flags))
        for acc, first, last, email, locale, roles, flags in _FIXED_USERS
    ]
    return list(accounts.values()), users


def _status(rng: random.Random) -> str:
    roll = rng.random()
    return (
        APPROVED if roll < 0.7 else PENDING if roll < 0.82 else DENIED if roll < 0.9 else INACTIVE
    )


def _users_for(rng: random.Random, acc: Doc, loc_key: str, moment: datetime) -> list[Doc]:
    loc = LOCALES[loc_key]
    domain = "".join(c for c in acc["companyOrOrganization"].lower() if c.isalnum())[:18]
    out: list[Doc] = []
    for i in range(rng.randint(2, 20)):
        # Mostly the company's locale, some colleagues abroad.
        here = LOCALES[rng.choice(_LOCALE_KEYS)] if rng.random() < 0.2 else loc
        first, last = rng.choice(here["first"]), rng.choice(here["last"])
        slug = "".join(
            c for c in f"{first}.{last}".lower() if c.isascii() and (c.isalnum() or c == ".")
        )
        email = f"{slug}{i}@{domain}.example"
        roll = rng.random()
        roles = [1] if i == 0 else [2] if roll < 0.6 else [3] if roll < 0.85 else [1]
        flags: Doc = {
            "isLocked": rng.random() < 0.05,
            "isActive": rng.random() >= 0.07,
            "isRemoved": i > 0 and rng.random() < 0.06,
            "acceptsMarketing": rng.random() < 0.4,
            "hasExternalPassword": rng.random() < 0.1,
        }
        if rng.random() < 0.3:
            flags["last2FaDate"] = _iso(moment + timedelta(days=rng.randint(1, 900)))
        when = moment + timedelta(hours=rng.randint(0, 5000))
        out.append(
            user(acc, first, last, email, here["lang"].replace("_", "-"), roles, when, **flags)
        )
    return out


def generated(
    seed: int, count: int = ACCOUNTS, users_wanted: int | None = None
) -> tuple[list[Doc], list[tuple[int, Doc]]]:
    """`count` accounts from FIRST_GENERATED up: roots with children and grandchildren.

    With `users_wanted`, accounts are made until they have that many users between them
    instead (a large tenant keeps the users per account of the default one); the first
    accounts are the same either way, as they come from the same random stream.
    """
    rng = random.Random(f"kibo:{seed}")
    accounts: list[Doc] = []
    users: list[tuple[int, Doc]] = []
    reps = list(SALES_REPS)
    ident = FIRST_GENERATED

    def more() -> bool:
        return len(accounts) < count if users_wanted is None else len(users) < users_wanted

    while more():
        loc_key = rng.choice(_LOCALE_KEYS)
        loc = LOCALES[loc_key]
        base = f"{rng.choice(loc['last'])} {rng.choice(COMPANY_WORDS)}"
        family: list[tuple[int | None, str]] = [(None, f"{base} {COMPANY_FORMS[loc_key]}")]
        extra = rng.sample(loc["cities"], min(len(loc["cities"]), rng.randint(0, 3)))
        # Children of the root, and now and then a grandchild (a child of the one before).
        family += [
            (0 if k == 0 or rng.random() < 0.6 else k, f"{base} {city}")
            for k, (city, _, _) in enumerate(extra)
        ]
        root = ident
        ids: list[int] = []
        for parent_index, name in family:
            if not more():
                break
            parent = None if parent_index is None else ids[parent_index]
            moment = _EPOCH + timedelta(days=rng.randint(0, 1000))
            city, _, _ = rng.choice(loc["cities"])
            chosen = [] if rng.random() < 0.1 else rng.sample(reps, rng.randint(1, 2))
            acc = account(
                ident,
                name,
                _status(rng),
                parent=parent,
                root=root,
                reps=chosen,
                country=loc["country"],
                city=city,
                moment=moment,
            )
            accounts.append(acc)
            users.extend((ident, u) for u in _users_for(rng, acc, loc_key, moment))
            ids.append(ident)
            ident += 1
    return accounts, users
