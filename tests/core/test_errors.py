"""The neutral errors: one line in words, their extra facts, and cooperative subclassing."""

from __future__ import annotations

import pytest

from tui.core.errors import (
    BackendError,
    FieldIssue,
    Forbidden,
    Invalid,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    VersionConflict,
)


def test_str_is_one_line_with_status_server_message_and_details() -> None:
    err = ServerError(
        "The server failed.",
        status=500,
        server_message="Boom\n happened",
        details=[FieldIssue("x", "bad"), FieldIssue(None, "also")],
    )
    assert str(err) == "500: The server failed (server: Boom happened) — x: bad; also"
    assert err.title == "Server error"


def test_each_class_has_a_title_and_a_default_message() -> None:
    for cls in (NotFound, Forbidden, Invalid, RateLimited, NetworkError, VersionConflict):
        err = cls()
        assert err.title and err.message.endswith(".")
        assert isinstance(err, BackendError)


def test_extra_facts_are_kept_and_said() -> None:
    assert "missing permission Customer.Update" in str(
        Forbidden(missing_permission="Customer.Update")
    )
    assert "try again in 3 s" in str(RateLimited(retry_after=3))
    assert VersionConflict(current={"a": 1}).current == {"a": 1}
    assert "may have been saved" in str(NetworkError(may_have_changed=True))
    assert "Nothing was changed" in str(NetworkError())
    invalid = Invalid(details=[FieldIssue("emailAddress", "not an e-mail")])
    assert invalid.for_field("emailAddress") == ["not an e-mail"]


def test_a_platform_class_can_derive_from_its_base_and_a_neutral_class() -> None:
    class PlatformError(BackendError):
        def __init__(self, *args: object, code: str | None = None, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self.code = code

    class PlatformForbidden(PlatformError, Forbidden):
        pass

    err = PlatformForbidden("no", code="FORBIDDEN", missing_permission="p", status=403)
    assert (err.code, err.missing_permission, err.status) == ("FORBIDDEN", "p", 403)
    assert isinstance(err, Forbidden)


def test_unknown_keywords_are_refused() -> None:
    with pytest.raises(TypeError):
        BackendError(colour="red")  # type: ignore[call-arg]
