"""Every Emporix diagnosis rule passes, fails and says "unknown" for the sandbox's demo customers,
read through the real client in-process."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.emporix.conftest import ServiceFactory
from tui.core.diagnosis import Verdict
from tui.core.journal import FieldChange, JournalEntry
from tui.emporix.diagnosis import (
    RULE_IDS,
    AgentAccess,
    TenantFacts,
    diagnose_customer,
    held_since,
)
from tui.emporix.models import Customer
from tui.sandbox.demo_diagnosis import FIRST_DIAGNOSIS, demo_tenant_facts

TENANT = TenantFacts.from_dict(demo_tenant_facts())
P, F, U = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN


async def _read(make_service: ServiceFactory, number: str, client: str = "demo-agent") -> Any:
    svc, _ = await make_service(client)
    scopes = await svc.authenticate()
    return await svc.get_customer(number), AgentAccess(scopes=frozenset(scopes))


# (rule, customer, verdict, words the reason must hold)
CASES = [
    ("active", "10000001", P, "is active"),
    ("active", "10000004", F, "Inactive"),
    ("on-hold", "10000001", P, "is not on hold"),
    ("on-hold", "10000003", F, "since when is not recorded"),
    ("login-account", "10000001", P, "Signs in as john.smith@example.com"),
    ("login-account", "19000001", F, "No login account"),
    ("login-email", "10000001", P, "john.smith@example.com"),
    ("login-email", "19000002", F, "bruno.old-address@example.org, not as the contact e-mail"),
    ("login-email", "19000001", U, "No login account"),
    ("social-login", "10000001", P, "No social login"),
    ("social-login", "10000005", P, "signs in with google-oauth2"),
    ("social-login", "19000003", F, "linkedin, not offered"),
    ("restriction", "10000002", P, "'de' matches the preferred site 'de'"),
    ("restriction", "10000006", P, "No restriction"),
    ("restriction", "19000004", F, "Restriction 'us', but the preferred site 'de' goes with 'de'"),
    ("restriction-access", "10000002", P, "may change it"),
    ("legal-entities", "10000002", P, "3 legal entities"),
    ("legal-entities", "10000001", P, "B2C"),
    ("legal-entities", "19000005", F, "Orphan Handels GmbH assigned to no legal entity"),
    ("contact-assignment", "10000002", P, "CA200201"),
    ("contact-assignment", "19000006", F, "Not assigned as a contact of Kai Werkzeuge GmbH"),
    ("contact-assignment", "19000005", U, "No legal entity"),
    ("default-address", "10000001", P, "New York"),
    ("default-address", "19000007", F, "none is the default"),
    ("default-address", "10000006", F, "No address at all"),
    ("billing-address", "10000001", P, "tagged BILLING"),
    ("billing-address", "19000008", F, "No address tagged BILLING"),
    ("shipping-address", "10000001", P, "tagged SHIPPING"),
    ("shipping-address", "19000009", F, "No address tagged SHIPPING"),
    ("preferred-site", "10000001", P, "'main'"),
    ("preferred-site", "19000010", F, "'uk' is not a site of the tenant"),
    ("currency", "10000002", P, "EUR, offered by site 'de'"),
    ("currency", "19000011", F, "USD is not offered by site 'de' (EUR)"),
    ("language", "10000002", P, "de_DE, offered by site 'de'"),
    ("language", "19000012", F, "en_US is not offered by site 'de' (de_DE)"),
]


@pytest.mark.parametrize(("rule", "number", "verdict", "words"), CASES)
async def test_rule_verdict_for_a_demo_customer(
    make_service: ServiceFactory, rule: str, number: str, verdict: Verdict, words: str
) -> None:
    customer, access = await _read(make_service, number)
    found = diagnose_customer(customer, access=access, tenant=TENANT).rule(rule)
    assert (found.verdict, found.id) == (verdict, f"emporix.{rule}")
    assert words in found.reason
    if verdict is not F:
        assert found.fix is None, "only a failing rule says what fixes it"


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    covered = {(f"emporix.{rule}", verdict) for rule, _, verdict, _ in CASES}
    missing = [(rule, v.value) for rule in RULE_IDS for v in (P, F) if (rule, v) not in covered]
    # restriction-access fails by the agent's client, not the customer: its own test below.
    assert missing == [("emporix.restriction-access", "fail")]


@pytest.mark.parametrize("client", ["demo-de", "demo-viewer"])
async def test_restriction_access_fails_for_a_client_without_restriction_manage(
    make_service: ServiceFactory, client: str
) -> None:
    customer, access = await _read(make_service, "10000002", client)
    rule = diagnose_customer(customer, access=access, tenant=TENANT).rule("restriction-access")
    assert rule.verdict is F
    assert "restriction.restriction_manage" in rule.reason and "'de'" in rule.reason
    assert rule.fix is not None and "administrator" in rule.fix.text()


def test_restriction_access_fails_when_the_client_may_not_see_the_restriction() -> None:
    customer = Customer(customer_number="1", restriction="fr")
    access = AgentAccess(
        scopes=frozenset({"customer.customer_manage"}), restrictions=frozenset({"de"})
    )
    rule = diagnose_customer(customer, access=access).rule("restriction-access")
    assert rule.verdict is F and "may not see restriction 'fr'" in rule.reason


async def test_each_diagnosis_demo_customer_fails_exactly_the_rule_its_mixin_names(
    make_service: ServiceFactory,
) -> None:
    for offset in range(12):
        customer, access = await _read(make_service, str(FIRST_DIAGNOSIS + offset))
        named = customer.mixins["demo"]["failsDiagnosisRule"]
        failed = diagnose_customer(customer, access=access, tenant=TENANT).failed
        assert [r.id for r in failed] == [f"emporix.{named}"], customer.number


async def test_the_first_demo_customer_passes_every_rule(make_service: ServiceFactory) -> None:
    customer, access = await _read(make_service, "10000001")
    diagnosis = diagnose_customer(customer, access=access, tenant=TENANT)
    assert [r.id for r in diagnosis.rules] == list(RULE_IDS)
    assert all(r.verdict is P for r in diagnosis.rules), diagnosis.text()
    assert diagnosis.summary == "No check fails (15 of 15 pass)"


async def test_what_the_data_cannot_tell_is_unknown_with_the_reason(
    make_service: ServiceFactory,
) -> None:
    svc, _ = await make_service()
    # Without expand there are no addresses or accounts; without facts no sites; not signed in.
    bare = await svc.get_customer("10000002", expand=())
    diagnosis = diagnose_customer(bare)
    unknown = {r.id.removeprefix("emporix."): r.reason for r in diagnosis.unknown}
    assert set(unknown) == {
        "login-account",
        "login-email",
        "social-login",
        "restriction",
        "restriction-access",
        "default-address",
        "billing-address",
        "shipping-address",
        "preferred-site",
        "currency",
        "language",
    }
    assert unknown["login-account"] == "Login accounts were not loaded"
    assert unknown["restriction-access"] == "Your client's scopes are not known yet (not signed in)"
    assert "the tenant's sites are not known" in unknown["preferred-site"]
    assert "what the preferred site offers is not known" in unknown["currency"]
    assert "whether the storefront offers it is not known" in (
        diagnose_customer(await svc.get_customer("10000005")).rule("social-login").reason
    )


async def test_a_hold_journalled_earlier_says_since_when_and_which_key_releases(
    make_service: ServiceFactory,
) -> None:
    customer, access = await _read(make_service, "10000003")
    common: dict[str, Any] = {"tenant": "demo", "api_host": "sandbox.local", "user": "agent"}
    entries = [
        JournalEntry("hold", "10000003", "done", time="2026-10-01T08:00:00.000Z",
                     changes={"onHold": FieldChange(False, True)}, **common),
        {"action": "hold", "customer_number": "10000003", "outcome": "done",
         "time": "2026-11-02T09:30:00.000Z", "changes": {"onHold": {"before": False, "after": True}}},
        JournalEntry("hold", "10000003", "conflict", time="2026-11-20T09:30:00.000Z",
                     changes={"onHold": FieldChange(False, True)}, **common),
        JournalEntry("hold", "10000001", "done", time="2026-11-25T09:30:00.000Z",
                     changes={"onHold": FieldChange(False, True)}, **common),
    ]  # fmt: skip
    since = held_since(entries, "10000003")
    assert since == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    rule = diagnose_customer(customer, access=access, on_hold_since=since).rule("on-hold")
    assert (
        rule.line()
        == "FAIL    Not on hold: On hold since 2026-11-02: the customer cannot order — `h` releases"
    )
    # The agent's own key, when remapped in [keymap], is the one shown.
    assert rule.line({"hold": "ctrl+h"}).endswith("`ctrl+h` releases")
    assert held_since(entries, "10000004") is None
    # A release the journal saw ends that hold; a later hold starts a new one.
    released = {
        "action": "release",
        "customer_number": "10000003",
        "outcome": "done",
        "time": "2026-11-03T10:00:00Z",
        "changes": {"onHold": {"before": True, "after": False}},
    }
    again = {**released, "action": "hold", "time": "2026-11-04T11:00:00Z",
             "changes": {"onHold": {"before": False, "after": True}}}  # fmt: skip
    assert held_since([*entries, released], "10000003") is None
    assert held_since([again, released, *entries], "10000003") == datetime(
        2026, 11, 4, 11, tzinfo=UTC
    )


async def test_summary_names_the_failing_checks(make_service: ServiceFactory) -> None:
    customer, access = await _read(make_service, "10000004")
    diagnosis = diagnose_customer(customer, access=access, tenant=TENANT)
    assert diagnosis.summary == "2 of 15 checks fail: Active, Shipping address"
    assert diagnosis.text().splitlines()[0] == (
        "Customer 10000004 Carlos Mendoza: 2 of 15 checks fail: Active, Shipping address"
    )
    assert (
        "FAIL    Active: Inactive: the customer can neither sign in nor order — `i` activates"
        in (diagnosis.lines())
    )


async def test_the_backend_reads_what_a_list_row_lacks_and_knows_its_own_client(
    make_service: ServiceFactory,
) -> None:
    from tui.core.journal import Journal
    from tui.emporix.backend import EmporixBackend

    svc, _ = await make_service("demo-de")
    journal = Journal()
    journal.record(
        action="hold",
        customer_number="10000002",
        outcome="done",
        tenant=svc.tenant,
        api_host=svc.api_host,
        time="2026-11-02T09:30:00.000Z",
        changes={"onHold": FieldChange(False, True)},
    )
    backend = EmporixBackend(svc, tenant_facts=TENANT, journal=journal)
    row = (await backend.find("customer", "10000002").next_page())[0]
    held = row.edited(on_hold=True, accounts=None, addresses=None)
    diagnosis = await backend.diagnose("customer", held)
    # Re-read: the sandbox's copy is not on hold, has its login and addresses.
    assert diagnosis.rule("login-account").verdict is P
    assert diagnosis.rule("default-address").verdict is P
    assert diagnosis.rule("on-hold").verdict is P
    # demo-de: its own token's scopes, without restriction.restriction_manage.
    access = diagnosis.rule("restriction-access")
    assert access.verdict is F and "restriction.restriction_manage" in access.reason
    # A record that is complete is used as it is, with the hold the journal saw begin.
    full = await backend.get("customer", "10000002")
    on_hold = await backend.diagnose("customer", full.edited(on_hold=True))
    assert on_hold.rule("on-hold").reason.startswith("On hold since 2026-11-02")


def test_a_restriction_the_tenant_does_not_have_fails_and_edit_fixes_it() -> None:
    rule = diagnose_customer(
        Customer(customer_number="1", restriction="zz", preferred_site="de"), tenant=TENANT
    ).rule("restriction")
    assert rule.verdict is F and "Restriction 'zz' is not one of the tenant's" in rule.reason
    assert rule.fix is not None and rule.fix.text() == "`e` edits the profile"
