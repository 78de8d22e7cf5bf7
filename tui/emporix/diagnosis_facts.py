"""What a diagnosis knows besides the customer: the tenant's set-up, the agent's client, the journal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["AgentAccess", "SiteFacts", "TenantFacts", "held_since"]


@dataclass(frozen=True)
class SiteFacts:
    """One site of the tenant, as far as the app knows it (None: not known)."""

    code: str
    currencies: frozenset[str] | None = None
    languages: frozenset[str] | None = None
    """Language codes as the site lists them ("de" or "de_DE"); compared by language too."""
    restriction: str | None = None
    """The restriction that goes with the site (with site sync on, the site's code)."""


@dataclass(frozen=True)
class TenantFacts:
    """What the app knows of the tenant's configuration; every part may be unknown (None)."""

    restrictions: frozenset[str] | None = None
    sites: Mapping[str, SiteFacts] | None = None
    social_providers: frozenset[str] | None = None
    """Identity providers the storefront offers, as the part of `providerId` before the `|`."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TenantFacts:
        """From plain data, e.g. `{"restrictions": [...], "socialProviders": [...],
        "sites": {"de": {"currencies": ["EUR"], "languages": ["de_DE"], "restriction": "de"}}}`."""

        def names(value: Any) -> frozenset[str] | None:
            return None if value is None else frozenset(str(v) for v in value)

        sites = data.get("sites")
        return cls(
            restrictions=names(data.get("restrictions")),
            social_providers=names(data.get("socialProviders")),
            sites=None
            if sites is None
            else {
                str(code): SiteFacts(
                    str(code),
                    names(site.get("currencies")),
                    names(site.get("languages")),
                    site.get("restriction"),
                )
                for code, site in sites.items()
            },
        )


@dataclass(frozen=True)
class AgentAccess:
    """What the agent's own API client may do: its token's scopes (None: not known yet) and,
    where known, the restrictions it may see (tokens do not publish them)."""

    scopes: frozenset[str] | None = None
    restrictions: frozenset[str] | None = field(default=None)


def held_since(entries: Iterable[Any], number: str) -> datetime | None:
    """When the customer's current hold began, as far as the journal saw it: the last done
    change (a `hold`, an edit, an undo) that set `onHold` from false to true. None when the
    journal saw no hold, or saw it released since. Entries are journal entries or their dicts,
    in any order."""
    seen: list[tuple[datetime, Any, bool]] = []
    for entry in entries:
        get = entry.get if isinstance(entry, Mapping) else lambda k, e=entry: getattr(e, k, None)
        if str(get("customer_number") or "") != number or get("outcome") != "done":
            continue
        changes = get("changes") or {}
        change = changes.get("onHold") if isinstance(changes, Mapping) else None
        pick = (
            change.get if isinstance(change, Mapping) else lambda k, c=change: getattr(c, k, None)
        )
        before, after = pick("before"), pick("after")
        try:
            when = datetime.fromisoformat(str(get("time")).replace("Z", "+00:00"))
        except ValueError:
            continue
        if isinstance(after, bool):
            seen.append((when, before, after))
    since: datetime | None = None
    for when, before, held in sorted(seen, key=lambda item: item[0]):
        if not held:
            since = None
        elif before is not True or since is None:
            # false -> true starts a hold (one someone released unseen in between, too).
            since = when
    return since
