"""Pydantic models of Emporix customers, addresses, accounts, B2B data and error bodies."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr
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

    def to_wire(self) -> dict[str, Any]:
        """The JSON object exactly as the API takes or returns it, unknown fields included.

        Only fields that were present on the wire (or set by the caller) appear, so a value the
        server never sent is never invented on the way back.
        """
        return self.model_dump(by_alias=True, exclude_unset=True, mode="json")

    def edited(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (python names or wire names).

        Unlike `model_copy(update=...)` the values are validated, so nested dicts become models
        and a wrong type fails here rather than on the wire.
        """
        data = self.model_dump(by_alias=False, exclude_unset=True)
        data.update(changes)
        return type(self).model_validate(data)

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields the server sent that this model does not know (kept for round trips)."""
        return dict(self.__pydantic_extra__ or {})


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
