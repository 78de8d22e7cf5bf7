"""Every public client method raises only the client's own errors, whatever goes wrong inside."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from tui.emporix.errors import ClientFailure, EmporixError

__all__ = ["CHANGE_PREFIXES", "guard_methods"]

log = logging.getLogger(__name__)
_T = TypeVar("_T", bound=type)

CHANGE_PREFIXES = (
    "create_",
    "upsert_",
    "patch_",
    "update_",
    "delete_",
    "assign_",
    "add_",
    "remove_",
)
"""Method names that change data: an unexpected failure after their request went out may have saved."""


def _failure(obj: Any, name: str, exc: Exception, sent_before: int) -> ClientFailure:
    # The message names the kind of failure only: the exception's text may hold customer data.
    log.error("unexpected failure in %s", name, exc_info=exc)
    is_change = name.startswith(CHANGE_PREFIXES)
    sent = getattr(obj, "requests_sent", 0) > sent_before
    phase = "after sending" if sent else "before sending"
    reason = "nested too deeply" if isinstance(exc, RecursionError) else type(exc).__name__
    return ClientFailure(
        f"Unexpected failure in {name.replace('_', ' ')} {phase} ({reason})",
        nothing_changed=not (is_change and sent),
    )


def _wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def agen(self: Any, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            before = getattr(self, "requests_sent", 0)
            try:
                async for item in fn(self, *args, **kwargs):
                    yield item
            except EmporixError:
                raise
            except Exception as exc:
                raise _failure(self, name, exc, before) from None

        return agen
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def coro(self: Any, *args: Any, **kwargs: Any) -> Any:
            before = getattr(self, "requests_sent", 0)
            try:
                return await fn(self, *args, **kwargs)
            except EmporixError:
                raise
            except Exception as exc:
                raise _failure(self, name, exc, before) from None

        return coro

    @functools.wraps(fn)
    def plain(self: Any, *args: Any, **kwargs: Any) -> Any:
        before = getattr(self, "requests_sent", 0)
        try:
            return fn(self, *args, **kwargs)
        except EmporixError:
            raise
        except Exception as exc:
            raise _failure(self, name, exc, before) from None

    return plain


def guard_methods(cls: _T) -> _T:
    """Wrap the public methods `cls` defines (not properties, static or dunder methods) so that an
    unexpected exception reaches the caller as a `ClientFailure`. Chaining is cut (`from None`):
    the original, which may quote customer data, goes to the debug log only."""
    for name, value in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        setattr(cls, name, _wrap(name, value))
    return cls
