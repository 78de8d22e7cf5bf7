"""The client's requests against the spec: every operation it uses, each request valid."""

from __future__ import annotations

import re

import httpx

from tests.emporix.conftest import ServiceFactory
from tests.emporix.contract import violations
from tui.emporix.models import Address

USED_OPERATIONS = {
    ("POST", "/oauth/token"),
    ("GET", "/customer/{tenant}/customers"),
    ("POST", "/customer/{tenant}/customers"),
    ("POST", "/customer/{tenant}/customers/search"),
    ("GET", "/customer/{tenant}/customers/{customerNumber}"),
    ("PUT", "/customer/{tenant}/customers/{customerNumber}"),
    ("PATCH", "/customer/{tenant}/customers/{customerNumber}"),
    ("DELETE", "/customer/{tenant}/customers/{customerNumber}"),
    ("POST", "/customer/{tenant}/customers/{customerNumber}/accounts/internal"),
    ("GET", "/customer/{tenant}/customers/{customerNumber}/addresses"),
    ("POST", "/customer/{tenant}/customers/{customerNumber}/addresses"),
    ("GET", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}"),
    ("PUT", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}"),
    ("PATCH", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}"),
    ("DELETE", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}"),
    ("POST", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}/tags"),
    ("DELETE", "/customer/{tenant}/customers/{customerNumber}/addresses/{addressId}/tags"),
}


def _template(path: str) -> str:
    path = re.sub(r"^/customer/[^/]+", "/customer/{tenant}", path)
    path = re.sub(r"(/customers/)(?!search$)[^/]+", r"\1{customerNumber}", path)
    return re.sub(r"(/addresses/)[^/]+", r"\1{addressId}", path)


async def test_every_operation_the_client_uses_was_sent_and_matched_the_spec(
    make_service: ServiceFactory,
) -> None:
    svc, rec = await make_service()
    await svc.list_customers(
        q="lastName:Smith", sort="firstName:asc", page_size=5, expand=["addresses"]
    )
    await svc.search_customers("onHold:true", page_number=2, page_size=3)
    number = await svc.create_customer({"contactEmail": "contract@example.com", "id": "contract-1"})
    customer = await svc.get_customer(number)
    await svc.update_customer(customer, customer.edited(company="Contract Ltd", restriction="us"))
    await svc.upsert_customer(number, {"contactEmail": "contract@example.com", "firstName": "Con"})
    await svc.assign_account(number, "contract.login@example.com")
    address_id = await svc.add_address(
        number, Address(contact_name="Con", country="US", tags=["BILLING"])
    )
    await svc.list_addresses(number)
    await svc.get_address(number, address_id)
    await svc.patch_address(number, address_id, {"city": "Austin"})
    await svc.upsert_address(number, address_id, {"contactName": "Con", "city": "Dallas"})
    await svc.add_address_tags(number, address_id, ["SHIPPING"])
    await svc.remove_address_tags(number, address_id, ["BILLING"])
    await svc.delete_address(number, address_id)
    await svc.delete_customer(number)
    sent = {(r.method, _template(r.url.path)) for r in rec.requests}
    assert sent == USED_OPERATIONS
    assert rec.problems == []


def test_the_checker_rejects_what_the_spec_forbids() -> None:
    client = httpx.Client(base_url="http://sandbox.local", headers={"Authorization": "Bearer t"})
    bad = [
        client.build_request("GET", "/customer/demo/customers", params={"pageSize": 0}),
        client.build_request("PATCH", "/customer/demo/customers/1", json={"title": None}),
        client.build_request(
            "POST", "/customer/demo/customers", json={"preferredCurrency": "EURO"}
        ),
        client.build_request(
            "POST", "/customer/demo/customers/1/addresses", json={"city": "No contact name"}
        ),
        client.build_request("GET", "/customer/demo/nothing-here"),
    ]
    for request in bad:
        assert violations(request), f"{request.method} {request.url} {request.content!r} passed"
    no_token = httpx.Client(base_url="http://sandbox.local").build_request(
        "GET", "/customer/demo/customers"
    )
    assert violations(no_token) == ["no bearer token"]


def test_the_custom_id_pattern_is_read_as_1_to_66_characters() -> None:
    client = httpx.Client(base_url="http://sandbox.local", headers={"Authorization": "Bearer t"})
    ok = client.build_request("POST", "/customer/demo/customers", json={"id": "abc-123"})
    too_long = client.build_request("POST", "/customer/demo/customers", json={"id": "x" * 67})
    assert violations(ok) == [] and violations(too_long)
