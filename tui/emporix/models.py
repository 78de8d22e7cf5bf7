"""Pydantic models of Emporix customers, addresses, accounts, B2B data and error bodies."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, ValidationError
from pydantic.alias_generators import to_camel

__all__ = [
    "B2B",
    "Account",
    "Address",
    "Customer",
    "CustomerDraft",
    "ErrorDetail",
    "ErrorMessage",
    "LegalEntity",
    "Metadata",
    "ResourceLocation",
    "WireModel",
]


class WireModel(BaseModel):
    """Base of every wire model: camelCase aliases, unknown fields kept and sent back unchanged."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
        # Assignment goes through validation so that an edited copy stays a valid model.
        validate_assignment=True,
    )

    _unread: dict[tuple[str | int, ...], Any] | None = PrivateAttr(default=None)
    """Values the server sent that did not fit their field (path -> value), kept for round trips.
    None, not an empty dict, when there are none: pydantic inspects a default factory's
    signature for every model it builds (about a third of reading a page of customers)."""

    def to_wire(self) -> dict[str, Any]:
        """The JSON object exactly as the API takes or returns it, unknown fields included.

        Only fields that were present on the wire (or set by the caller) appear, so a value the
        server never sent is never invented on the way back.
        """
        try:
            wire = self.model_dump(by_alias=True, exclude_unset=True, mode="json")
        except ValueError:
            # pydantic's JSON mode stops at about 255 levels ("depth exceeded"); a server may
            # nest mixins deeper. What came from JSON is JSON already, so python mode serves.
            wire = self.model_dump(by_alias=True, exclude_unset=True, mode="python")
        for path, value in (self._unread or {}).items():
            _put(wire, path, value)
        return wire

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """A model from the server's JSON, whatever its shape: a value of the wrong type (a
        number where text belongs, a list where an object belongs) is left out of the typed
        fields, listed in `unread_fields` and sent back unchanged by `to_wire`. Raises
        `ValidationError` only when `data` is not an object at all."""
        try:
            return cls.model_validate(data)
        except ValidationError as first:
            if not isinstance(data, dict):
                raise
            error = first
        unread: dict[tuple[str | int, ...], Any] = {}
        for _ in range(50):
            for item in error.errors():
                path = _dict_path(data, tuple(item["loc"]))
                if not path or path in unread:
                    continue
                data, unread[path] = _without(data, path)
            try:
                model = cls.model_validate(data)
            except ValidationError as again:
                error = again
                continue
            model._unread = unread
            return model
        raise error

    @property
    def unread_fields(self) -> list[str]:
        """Wire paths (e.g. "addresses.0.city") whose values this client could not read."""
        return [".".join(str(p) for p in path) for path in self._unread or {}]

    def edited(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (python names or wire names).

        Unlike `model_copy(update=...)` the values are validated, so nested dicts become models
        and a wrong type fails here rather than on the wire.
        """
        data = self.model_dump(by_alias=False, exclude_unset=True)
        data.update(changes)
        model = type(self).model_validate(data)
        fields = type(self).model_fields
        changed = set(changes) | {(fields[n].alias or n) for n in changes if n in fields}
        # What could not be read stays as it was, unless the caller set that field anew.
        model._unread = {p: v for p, v in (self._unread or {}).items() if p[0] not in changed}
        return model

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields the server sent that this model does not know (kept for round trips)."""
        return dict(self.__pydantic_extra__ or {})


def _dict_path(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """The longest start of `loc` that ends on a key of an object: the value to set aside.

    Errors inside a list item that is not an object set aside the whole list (indices of the
    lists kept must stay valid for `_put`)."""
    best: tuple[str | int, ...] = ()
    node = data
    for depth, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            best = tuple(loc[: depth + 1])
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    return best


def _without(data: Any, path: tuple[str | int, ...]) -> tuple[Any, Any]:
    """A copy of `data` without the key at `path` (only the containers on the path are copied),
    and the value removed."""
    head, *rest = path
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    if not rest:
        return copy, copy.pop(head)
    copy[head], value = _without(copy[head], tuple(rest))
    return copy, value


def _put(wire: Any, path: tuple[str | int, ...], value: Any) -> None:
    node = wire
    for part in path[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return
    if isinstance(node, dict):
        node.setdefault(path[-1], value)


class Metadata(WireModel):
    """`metadata`: the optimistic-locking version and links to mixin schemas."""

    version: int | None = None
    mixins: dict[str, Any] | None = None


class LegalEntity(WireModel):
    """One B2B legal entity the customer is assigned to."""

    id: str | None = None
    name: str | None = None
    contact_assignment_id: str | None = None


class B2B(WireModel):
    """B2B data of a customer: company registration id and legal entities."""

    company_registration_id: str | None = None
    legal_entities: list[LegalEntity] | None = None


class Account(WireModel):
    """A login account of a customer (`id` is the login e-mail)."""

    id: str | None = None
    provider_id: str | None = None


class Address(WireModel):
    """A customer address."""

    id: str | None = None
    contact_name: str | None = None
    company_name: str | None = None
    street: str | None = None
    street_number: str | None = None
    street_appendix: str | None = None
    extra_line1: str | None = None
    extra_line2: str | None = None
    extra_line3: str | None = None
    extra_line4: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country: str | None = None
    state: str | None = None
    contact_phone: str | None = None
    is_default: bool | None = None
    tags: list[str] | None = None
    metadata: Metadata | None = None
    mixins: dict[str, Any] | None = None

    @property
    def one_line(self) -> str:
        """The address on one line, for tables and reviews."""
        street = " ".join(p for p in (self.street, self.street_number) if p)
        town = " ".join(p for p in (self.zip_code, self.city) if p)
        return ", ".join(p for p in (self.contact_name, street, town, self.country) if p)


class Customer(WireModel):
    """A customer profile as the seller sees it (`CustomerForSellerDto`)."""

    customer_number: str | None = None
    id: str | None = None
    title: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    email: str | None = None
    preferred_language: str | None = None
    preferred_currency: str | None = None
    preferred_site: str | None = None
    type: str | None = None
    photo_url: str | None = None
    active: bool | None = None
    on_hold: bool | None = None
    business_model: str | None = None
    restriction: str | None = None
    b2b: B2B | None = Field(default=None, alias="b2b")
    metadata: Metadata | None = None
    mixins: dict[str, Any] | None = None
    addresses: list[Address] | None = None
    accounts: list[Account] | None = None
    default_address: Address | None = None
    metadata_created_at: str | None = None

    _saved_warning: str | None = PrivateAttr(default=None)

    @property
    def saved_warning(self) -> str | None:
        """Set on what `update_customer` returns when the change was saved but the fresh copy
        could not be read: this is then the agent's edit on top of the version as loaded (so a
        further change from it meets a conflict rather than an overwrite), and the text says why."""
        return self._saved_warning

    def with_saved_warning(self, warning: str) -> Customer:
        copy = self.model_copy()
        copy._saved_warning = warning
        return copy

    @property
    def number(self) -> str:
        """The customer number (falls back to `id`), never None."""
        return self.customer_number or self.id or ""

    @property
    def version(self) -> int | None:
        """The optimistic-locking version this customer was read at."""
        return self.metadata.version if self.metadata else None

    @property
    def full_name(self) -> str:
        """First, middle and last name joined; empty when none is set."""
        parts = (self.first_name, self.middle_name, self.last_name)
        return " ".join(p.strip() for p in parts if p and p.strip())

    @property
    def display_name(self) -> str:
        """The best human label: the name, else the company, else the e-mail, else the number."""
        return (
            self.full_name
            or (self.company or "").strip()
            or (self.contact_email or "").strip()
            or f"#{self.number}"
        )

    @property
    def status(self) -> str:
        """ "On hold", "Inactive", "On hold, inactive" or "Active": a hold comes first, because it
        is what blocks ordering, but an inactive customer on hold says both (releasing the hold
        alone would not let them order)."""
        if self.on_hold:
            return "On hold, inactive" if self.active is False else "On hold"
        if self.active is False:
            return "Inactive"
        return "Active"

    @property
    def legal_entities(self) -> list[LegalEntity]:
        """The B2B legal entities, empty for a B2C customer."""
        return list(self.b2b.legal_entities or []) if self.b2b else []


class CustomerDraft(WireModel):
    """The body of a new customer (`CustomerSignupBySellerDto`)."""

    id: str | None = None
    contact_email: str | None = None
    password: SecretStr | None = Field(default=None, repr=False)
    title: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    contact_phone: str | None = None
    company: str | None = None
    preferred_language: str | None = None
    preferred_currency: str | None = None
    preferred_site: str | None = None
    type: str | None = None
    photo_url: str | None = None
    restriction: str | None = None
    b2b: B2B | None = Field(default=None, alias="b2b")
    metadata: Metadata | None = None
    mixins: dict[str, Any] | None = None

    def to_wire(self) -> dict[str, Any]:
        wire = super().to_wire()
        if self.password is not None:
            wire["password"] = self.password.get_secret_value()
        return wire


class ErrorDetail(WireModel):
    """One cause of an API error (`field`, `type`, `message`)."""

    field: str | None = None
    type: str | None = None
    message: str | None = None
    more_info: str | None = None


class ErrorMessage(WireModel):
    """The API's error body (`status`, `type`, `message`, `details`)."""

    status: int | None = None
    type: str | None = None
    message: str | None = None
    more_info: str | None = None
    details: list[ErrorDetail] | None = None


class ResourceLocation(WireModel):
    """The answer of a create: the new resource's id."""

    id: str | None = None
