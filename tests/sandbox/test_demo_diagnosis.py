"""The diagnosis demo customers: present, counted in the tenant's size, listed after every
generated customer; and the demo tenant's facts fit every generated customer."""

from __future__ import annotations

import httpx

from tui.core.diagnosis import Verdict
from tui.emporix.diagnosis import TenantFacts, diagnose_customer
from tui.emporix.models import Customer
from tui.sandbox.demo import FIRST_NUMBER, generated_customer, generated_stop
from tui.sandbox.demo_diagnosis import FIRST_DIAGNOSIS, demo_tenant_facts, diagnosis_customers

from .conftest import BASE


async def test_the_tenant_keeps_its_size_and_lists_the_diagnosis_block_last(
    agent: httpx.AsyncClient,
) -> None:
    first = await agent.get(BASE, params={"pageSize": 60})
    assert first.headers["Count"] == "300"
    numbers = [c["customerNumber"] for c in first.json()]
    assert numbers == [str(FIRST_NUMBER + i) for i in range(60)], "the first page is unchanged"
    last = await agent.get(BASE, params={"pageSize": 12, "pageNumber": 25})
    assert [c["customerNumber"] for c in last.json()] == [
        str(FIRST_DIAGNOSIS + i) for i in range(12)
    ]
    assert generated_stop(300) == FIRST_NUMBER + 300 - 12


async def test_each_diagnosis_customer_names_the_rule_it_fails(agent: httpx.AsyncClient) -> None:
    named = []
    for doc in diagnosis_customers():
        r = await agent.get(f"{BASE}/{doc['customerNumber']}", params={"expand": "mixin:*"})
        assert r.status_code == 200
        named.append(r.json()["mixins"]["demo"]["failsDiagnosisRule"])
    assert len(set(named)) == len(named) == 12


def test_the_demo_tenant_facts_fit_every_generated_customer() -> None:
    facts = TenantFacts.from_dict(demo_tenant_facts())
    rules = ("restriction", "preferred-site", "currency", "language", "social-login")
    for number in range(FIRST_NUMBER + 6, FIRST_NUMBER + 400):
        customer = Customer.from_wire(generated_customer(7, number))
        diagnosis = diagnose_customer(customer, tenant=facts)
        verdicts = {rule: diagnosis.rule(rule).verdict for rule in rules}
        assert set(verdicts.values()) == {Verdict.PASS}, (number, verdicts)
