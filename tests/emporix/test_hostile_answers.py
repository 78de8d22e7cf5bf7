"""A client that survives any server: deep, huge, odd or broken answers load or fail as client errors."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.emporix.conftest import ServiceFactory
from tests.support.hostile import (
    BIG_NUMBER,
    DEEP_NUMBER,
    deep,
    fail_reads_after_a_patch,
    plain_server,
    plant,
)
from tui.emporix.backend import EmporixBackend
from tui.emporix.client import CustomerService
from tui.emporix.errors import ClientFailure, EmporixError, ServerError
from tui.emporix.retry import RetryPolicy


def _plain(app: Any) -> CustomerService:
    return CustomerService(
        "http://plain.local",
        "demo",
        "c",
        "s",
        transport=httpx.ASGITransport(app=app),
        retry=RetryPolicy.never(),
    )


@pytest.mark.parametrize("levels", [300, 900])
async def test_a_customer_with_a_deep_mixin_loads_serialises_and_updates(
    make_service: ServiceFactory, sandbox_state: Any, levels: int
) -> None:
    plant(sandbox_state.store, DEEP_NUMBER, mixins={"deep": deep(levels)})
    svc, _ = await make_service(check_contract=False)
    john = await svc.get_customer(DEEP_NUMBER)
    assert john.to_wire()["mixins"]["deep"]["x"]["x"]
    saved = await svc.update_customer(john, john.edited(first_name="Deep"))
    assert saved.first_name == "Deep" and saved.saved_warning is None
    stored = sandbox_state.store.get(DEEP_NUMBER)
    assert stored["firstName"] == "Deep" and stored["mixins"] == {"deep": deep(levels)}


async def test_a_5_mb_field_loads_in_well_under_a_second(
    make_service: ServiceFactory, sandbox_state: Any
) -> None:
    plant(sandbox_state.store, BIG_NUMBER, company="Z" * 5_000_000)
    svc, _ = await make_service(check_contract=False)
    started = time.perf_counter()
    anna = await svc.get_customer(BIG_NUMBER)
    assert len(anna.company or "") == 5_000_000
    assert time.perf_counter() - started < 1.0


async def test_values_of_the_wrong_type_are_kept_and_sent_back_unchanged() -> None:
    odd = {
        "customerNumber": "7",
        "firstName": 12,
        "active": "maybe",
        "b2b": [1, 2],
        "addresses": [{"id": "a", "city": {"name": "Berlin"}}],
        "somethingNew": {"k": [1]},
    }
    async with _plain(plain_server(odd)) as svc:
        customer = await svc.get_customer("7")
        page = await svc.list_customers()
    assert customer.first_name is None and customer.addresses and customer.addresses[0].id == "a"
    assert set(customer.unread_fields) == {"firstName", "active", "b2b", "addresses.0.city"}
    assert customer.to_wire() == odd
    assert page.items[0].to_wire() == odd
    # An edit of another field leaves the unread ones as they came; setting one replaces it.
    edited = customer.edited(last_name="Ng")
    assert edited.to_wire()["firstName"] == 12
    assert "firstName" not in customer.edited(first_name="Al").unread_fields


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than any parser's stack
        b'"just a string"',
        b"{not json",
        b"\xff\xfe\x00",
    ],
)
async def test_an_unreadable_answer_is_a_client_error(raw: bytes) -> None:
    async with _plain(plain_server(None, raw=raw)) as svc:
        with pytest.raises(EmporixError) as caught:
            await svc.get_customer("7")
        with pytest.raises(EmporixError):
            await svc.list_customers()
    assert isinstance(caught.value, ServerError | ClientFailure)


async def test_an_unexpected_failure_is_a_client_failure_that_says_nothing_changed(
    make_service: ServiceFactory,
) -> None:
    svc, rec = await make_service()
    john = await svc.get_customer("10000001")
    # Something no JSON encoder takes: the body cannot even be written.
    with pytest.raises(ClientFailure) as caught:
        await svc.update_customer(john, john.edited(mixins={"bad": object()}))
    assert caught.value.nothing_changed and "Nothing was changed" in str(caught.value)
    assert rec.count("PATCH") == 0
    assert caught.value.__cause__ is None  # the original may quote customer data


async def test_saved_but_not_read_back_is_a_success_with_a_warning(
    make_service: ServiceFactory, sandbox_app: Any
) -> None:
    svc, rec = await make_service(app=fail_reads_after_a_patch(sandbox_app), check_contract=False)
    john = await svc.get_customer("10000001")
    saved = await svc.update_customer(john, john.edited(first_name="Saved"))
    assert saved.first_name == "Saved" and saved.version == john.version
    assert saved.saved_warning and saved.saved_warning.startswith("Saved, but the fresh copy")
    assert rec.count("PATCH") == 1 and rec.count("GET") >= 2  # the read was retried, the patch not
    assert sandbox_app.state.sandbox.store.get("10000001")["firstName"] == "Saved"


async def test_the_backend_too_calls_saved_but_not_read_back_a_success_with_a_warning(
    make_service: ServiceFactory, sandbox_app: Any
) -> None:
    svc, rec = await make_service(app=fail_reads_after_a_patch(sandbox_app), check_contract=False)
    backend = EmporixBackend(svc)
    john = await backend.get("customer", "10000001")
    saved = await backend.save("customer", john, john.edited(first_name="Saved"))
    assert saved.first_name == "Saved" and saved.version == john.version
    assert saved.saved_warning and saved.saved_warning.startswith("Saved, but the fresh copy")
    assert rec.count("PATCH") == 1
    assert sandbox_app.state.sandbox.store.get("10000001")["firstName"] == "Saved"


async def test_nan_and_infinity_in_an_answer_load_and_serialise() -> None:
    raw = b'{"customerNumber": "7", "lastName": "Nan", "mixins": {"x": NaN, "y": -Infinity}}'
    async with _plain(plain_server(None, raw=raw)) as svc:
        customer = await svc.get_customer("7")
    assert customer.last_name == "Nan"
    wire = customer.to_wire()
    assert set(wire["mixins"]) == {"x", "y"}
    # Unchanged mixins are never sent, so an edit of another field carries no NaN.
    from tui.emporix.changes import customer_changes

    assert customer_changes(customer, customer.edited(first_name="A")) == {"firstName": "A"}
