"""The Backend protocol: what the screens and flows may ask of a platform, whichever it is.

This is the seam between the UI and a platform (Emporix, Kibo). A platform package provides a
class that satisfies `Backend` (`tui.emporix.backend.EmporixBackend`,
`tui.kibo.backend.KiboBackend`) and describes each kind of record it serves with a
`RecordKind` (`tui.core.kinds`); `tui.connect` picks the backend for a profile's platform.
The UI then renders any kind from its description and talks only to this protocol, so a new
platform is its client, its backend and its kinds, and no screen changes.

Rules every backend keeps (the contract suite in tests/core/backend_contract.py checks them):

- Records are the platform's own models (pydantic, frozen); the UI reads them only through
  the kind's callables (`key`, `label`, `wire`, columns, tabs) and form fields (`get_path`).
- `find` returns at once, without I/O; the pager reads pages when asked (`tui.core.paging`).
  An unknown kind, filter or sort raises `ValueError` before any request.
- `save(kind, before, after)` sends only what differs between `before` (as loaded) and
  `after`, guarded against lost updates in the platform's way (Emporix: `metadata.version`;
  Kibo: re-read before the PUT). When someone else changed the record meanwhile it raises
  `VersionConflict` whose `current` is the record as it is now, and saves nothing. It
  returns the record as saved, read again. No change at all sends nothing.
- Every failure is one of `tui.core.errors` (`NotFound`, `Forbidden` with the missing
  permission, `Invalid` with field details, `NetworkError` saying whether anything may have
  changed, ...); the UI never looks at a platform's error classes.
- `act(kind, action, record)` runs one of the kind's `actions` by name and returns the record
  as it is afterwards (None when the action removed it).
- `diagnose(kind, record)` answers "why can't they sign in or order?" for one record as a
  `tui.core.diagnosis.Diagnosis`, reading what else it needs (Emporix: the customer with its
  addresses and accounts when the record lacks them; Kibo: the user's account and its parents)
  and using what the backend knows of its own credentials. A kind without a diagnosis raises
  `ValueError` in words before any request.
- `access` is None until `sign_in`; then it says what the credentials may do, so the UI can
  switch to read-only with the reason in words before the agent tries a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from tui.core.diagnosis import Diagnosis
from tui.core.kinds import RecordKind
from tui.core.paging import Pager

__all__ = ["Access", "Backend", "RecordKind"]


@dataclass(frozen=True)
class Access:
    """What the signed-in credentials may do.

    `permissions` are the platform's own words (Emporix scopes, Kibo behaviors);
    `can_change` is False when they allow reading only, and `read_only_reason` then says why
    in a sentence the status line can show.
    """

    permissions: frozenset[str]
    can_change: bool
    read_only_reason: str | None = None

    def allows(self, permission: str | None) -> bool:
        """Whether an action needing `permission` may be tried (None: reading is enough)."""
        return permission is None or permission in self.permissions


@runtime_checkable
class Backend(Protocol):
    """One signed-in place to work on one platform (see the module docstring for the rules)."""

    @property
    def platform(self) -> str:
        """The platform's name, as in a profile: "emporix", "kibo"."""
        ...

    @property
    def kinds(self) -> Mapping[str, RecordKind]:
        """Every kind of record this backend serves, by `RecordKind.name`; the first is the one
        the app opens with."""
        ...

    @property
    def access(self) -> Access | None:
        """What the credentials may do; None before `sign_in`."""
        ...

    async def sign_in(self) -> Access:
        """Obtain a token (or reuse a valid one) and learn what it may do.

        Raises `Unauthorized` for rejected credentials and `NetworkError` when the server
        cannot be reached."""
        ...

    def find(
        self,
        kind: str,
        text: str = "",
        *,
        filters: Sequence[str] = (),
        sort: str | None = None,
        page_size: int = 60,
        parent: str | None = None,
    ) -> Pager[Any]:
        """A lazy pager over the records of `kind` matching what the agent typed.

        `filters` are texts from the kind's `QuickFilter.query`, ANDed to the search; `sort`
        is one of the kind's `Sort.value`s; `parent` is the key of the record a kind with a
        `RecordKind.parent` lives under (a Kibo user's account), None otherwise. Nothing is
        read until the first `next_page`."""
        ...

    async def get(self, kind: str, key: str) -> Any:
        """One record, complete (everything its detail tabs show). Raises `NotFound`."""
        ...

    async def save(self, kind: str, before: Any, after: Any) -> Any:
        """Save what changed from `before` to `after`; returns the record as saved.

        Raises `VersionConflict` (with `current`) when someone else changed it, `Invalid`
        (with field details) when the platform refuses a value."""
        ...

    async def act(self, kind: str, action: str, record: Any, **arguments: Any) -> Any | None:
        """Run one of the kind's actions on `record`; returns it as it is now (None when the
        action removed it). `arguments` carry what the action's dialog asked for."""
        ...

    async def diagnose(self, kind: str, record: Any) -> Diagnosis:
        """The checklist of why `record` cannot sign in or order: one rule per line, each pass,
        fail or unknown with its reason and the binding that fixes it. Raises `ValueError` for a
        kind that has no diagnosis, and the neutral errors when a read fails."""
        ...

    async def close(self) -> None:
        """Close connections; the backend is not used afterwards."""
        ...
