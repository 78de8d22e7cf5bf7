"""Every kind of failure becomes its own exception, readable on one line, from both error bodies."""

from __future__ import annotations

import httpx
import pytest

from tests.emporix.conftest import FakeSleep, ServiceFactory
from tests.emporix.faults import inject
from tests.support.network import free_port
from tui.emporix.errors import (
    ApiTimeout,
    BadRequest,
    Duplicate,
    EmporixError,
    FieldDetail,
    Forbidden,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    VersionConflict,
    error_from_response,
)
from tui.emporix.retry import RetryPolicy


async def test_an_invalid_q_is_a_bad_request_with_the_servers_message(agent) -> None:  # type: ignore[no-untyped-def]
    svc, _ = agent
    with pytest.raises(BadRequest) as caught:
        await svc.list_customers(q="lastName:(")
    error = caught.value
    assert error.status == 400 and error.message
    assert str(error).startswith("400 Bad Request: ") and "\n" not in str(error)


async def test_server_side_validation_details_reach_the_agent(agent) -> None:  # type: ignore[no-untyped-def]
    svc, _ = agent
    # Skips the client's own checks by going through upsert, which the server validates.
    with pytest.raises(BadRequest) as caught:
        await svc.upsert_customer(
            "10000001", {"contactEmail": "john.smith@example.com", "preferredCurrency": "EURO"}
        )
    assert any(d.field == "preferredCurrency" for d in caught.value.details)
    assert "preferredCurrency" in str(caught.value)


async def test_a_viewer_may_not_create_and_is_told_the_missing_scope(
    make_service: ServiceFactory,
) -> None:
    viewer, rec = await make_service("demo-viewer")
    with pytest.raises(Forbidden) as caught:
        await viewer.create_customer({"contactEmail": "nope@example.com"})
    error = caught.value
    assert error.missing_scope == "customer.customer_manage"
    assert str(error).startswith("403 Forbidden: ")
    assert str(error).count("customer.customer_manage") == 1
    assert rec.count("POST", "/customers") == 1  # a 403 is not retried


def test_forbidden_without_a_named_scope_reads_like_the_issue_example() -> None:
    request = httpx.Request("POST", "https://api.emporix.io/customer/acme/customers")
    response = httpx.Response(
        403,
        json={"type": "Forbidden", "status": 403, "message": "User not authorized."},
        request=request,
    )
    error = error_from_response(response, required_scope="customer.customer_manage")
    assert (
        str(error) == "403 Forbidden: User not authorized (missing scope customer.customer_manage)"
    )


def test_the_gateway_fault_body_is_read_for_401() -> None:
    request = httpx.Request("GET", "https://api.emporix.io/customer/acme/customers")
    body = {
        "fault": {
            "faultstring": "Invalid access token",
            "detail": {"errorcode": "oauth.v2.InvalidAccessToken"},
        }
    }
    error = error_from_response(httpx.Response(401, json=body, request=request))
    assert isinstance(error, Unauthorized)
    assert str(error) == "401 Unauthorized: Invalid access token"
    assert error.error_type == "oauth.v2.InvalidAccessToken"


def test_a_non_json_error_body_still_gives_one_line() -> None:
    request = httpx.Request("GET", "https://api.emporix.io/x")
    error = error_from_response(
        httpx.Response(502, text="<html>\nBad gateway\n</html>", request=request)
    )
    assert isinstance(error, ServerError)
    assert "\n" not in str(error) and str(error).startswith("502 Bad Gateway: ")


def test_many_details_are_summarised() -> None:
    error = BadRequest(
        "Invalid", status=400, details=[FieldDetail(f"f{i}", "x", f"bad {i}") for i in range(5)]
    )
    assert str(error) == "400 Bad Request: Invalid — f0: bad 0; f1: bad 1; f2: bad 2 (+2 more)"


async def test_a_server_failure_is_a_server_error(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    svc, _ = await make_service()
    await svc.authenticate()
    inject(sandbox_state, error_rate=1.0, status=500)
    with pytest.raises(ServerError) as caught:
        await svc.get_customer("10000001")
    error = caught.value
    assert error.status == 500 and "fault injection" in error.message
    assert str(error) == f"500 Internal Server Error: {error.message}"


async def test_an_unreachable_server_is_a_network_error_that_changed_nothing(
    make_service: ServiceFactory,
) -> None:
    sleep = FakeSleep()
    svc, rec = await make_service(
        url=f"http://127.0.0.1:{free_port()}", retry=RetryPolicy(sleep=sleep)
    )
    with pytest.raises(NetworkError) as caught:
        await svc.create_customer({"contactEmail": "never.sent@example.com"})
    error = caught.value
    assert not isinstance(error, ApiTimeout)
    assert error.nothing_changed
    assert str(error).startswith("Could not reach 127.0.0.1") and str(error).endswith(
        "Nothing was changed."
    )
    assert rec.token_requests == 4 and len(sleep.waits) == 3  # connecting is safe to retry


@pytest.mark.e2e
async def test_a_slow_read_times_out_after_retries_and_changed_nothing(
    make_service: ServiceFactory, live_sandbox_url: str, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(
        url=live_sandbox_url,
        retry=RetryPolicy(max_attempts=2, sleep=sleep),
        timeout=httpx.Timeout(5.0, read=0.05),
    )
    await svc.authenticate()
    sandbox_state.faults.latency_ms = 400
    with pytest.raises(ApiTimeout) as caught:
        await svc.get_customer("10000001")
    assert rec.count("GET") == 2
    assert caught.value.nothing_changed
    port = httpx.URL(live_sandbox_url).port
    assert (
        str(caught.value) == f"Timed out waiting for 127.0.0.1:{port} (no answer to get customer). "
        "Nothing was changed."
    )


@pytest.mark.e2e
async def test_a_slow_change_times_out_once_and_says_it_may_have_been_saved(
    make_service: ServiceFactory, live_sandbox_url: str, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    svc, rec = await make_service(url=live_sandbox_url, timeout=httpx.Timeout(5.0, read=0.05))
    john = await svc.get_customer("10000001")
    sandbox_state.faults.latency_ms = 400
    with pytest.raises(ApiTimeout) as caught:
        await svc.update_customer(john, john.edited(first_name="Jonathan"))
    assert rec.count("PATCH") == 1
    assert not caught.value.nothing_changed
    assert "may have been saved" in str(caught.value)


def test_every_error_is_an_emporix_error() -> None:
    for cls in (BadRequest, Unauthorized, Forbidden, ServerError, NetworkError, ApiTimeout):
        assert issubclass(cls, EmporixError)


@pytest.mark.parametrize("over", ["in-process", "loopback"])
async def test_each_error_class_arrives_the_same_way_in_process_and_over_a_socket(
    make_service: ServiceFactory, request: pytest.FixtureRequest, sandbox_state, over: str
) -> None:  # type: ignore[no-untyped-def]
    url = request.getfixturevalue("live_sandbox_url") if over == "loopback" else None
    agent, _ = await make_service(url=url, retry=RetryPolicy.never())
    viewer, _ = await make_service("demo-viewer", url=url)
    with pytest.raises(BadRequest):
        await agent.list_customers(q="lastName:(")
    with pytest.raises(Forbidden):
        await viewer.delete_customer("10000001")
    with pytest.raises(NotFound):
        await agent.get_customer("99999998")
    with pytest.raises(Duplicate):
        await agent.create_customer({"contactEmail": "anna.schmidt@schmidt-maschinenbau.de"})
    john = await agent.get_customer("10000001")
    await agent.patch_customer("10000001", {"title": "DR"}, version=john.version)
    with pytest.raises(VersionConflict):
        await agent.patch_customer("10000001", {"title": "MR"}, version=john.version)
    inject(sandbox_state, rate_limit_rate=1.0, retry_after=5)
    with pytest.raises(RateLimited):
        await agent.get_customer("10000001")
    sandbox_state.faults.off()
    inject(sandbox_state, error_rate=1.0, status=500)
    with pytest.raises(ServerError):
        await agent.get_customer("10000001")
    sandbox_state.faults.off()
    with pytest.raises(Unauthorized):
        await (await make_service(url=url, secret="not-the-secret"))[0].authenticate()


@pytest.mark.parametrize(
    ("emporix_class", "neutral_class"),
    [
        ("NotFound", "NotFound"),
        ("Forbidden", "Forbidden"),
        ("Unauthorized", "Unauthorized"),
        ("VersionConflict", "VersionConflict"),
        ("Duplicate", "Duplicate"),
        ("BadRequest", "Invalid"),
        ("RateLimited", "RateLimited"),
        ("NetworkError", "NetworkError"),
        ("ApiTimeout", "NetworkError"),
        ("ServerError", "ServerError"),
    ],
)
def test_each_emporix_error_is_also_its_neutral_class(
    emporix_class: str, neutral_class: str
) -> None:
    from tui.core import errors as core
    from tui.emporix import errors as emporix

    error = getattr(emporix, emporix_class)("boom", status=400)
    assert isinstance(error, getattr(core, neutral_class))
    assert isinstance(error, core.BackendError)
    assert error.status == 400 and error.message == "boom"


def test_neutral_attributes_carry_the_emporix_facts() -> None:
    from tui.core import errors as core
    from tui.emporix import errors as emporix

    forbidden = emporix.Forbidden("no", status=403, missing_scope="customer.customer_manage")
    assert forbidden.missing_permission == "customer.customer_manage"
    sent = emporix.NetworkError("reset", is_change=True, request_sent=True)
    unsent = emporix.NetworkError("refused", is_change=True, request_sent=False)
    assert sent.may_have_changed and not unsent.may_have_changed
    conflict = emporix.VersionConflict("409", status=409, current=None)
    assert isinstance(conflict, core.VersionConflict) and conflict.current is None
    failed = emporix.ValidationFailed([emporix.FieldDetail("contactEmail", "format", "bad")])
    assert isinstance(failed, core.Invalid) and failed.for_field("contactEmail") == ["bad"]
    assert emporix.RateLimited("slow", retry_after=2.0).retry_after == 2.0
