"""Pydantic models of Kibo B2B accounts, their users and roles, collections and error bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = [
    "AccountHierarchy",
    "AccountSalesRep",
    "AuditInfo",
    "B2BAccount",
    "B2BUser",
    "Collection",
    "ErrorBody",
    "HierarchyNode",
    "KiboModel",
    "RoleCollection",
    "UserRole",
    "UserScope",
]

ADMIN, PURCHASER, NONPURCHASER = 1, 2, 3
ROLE_NAMES = {ADMIN: "Admin", PURCHASER: "Purchaser", NONPURCHASER: "Nonpurchaser"}
ACCOUNT_ACTIONS = ("approve", "deny", "enable", "disable")


class KiboModel(BaseModel):
    """Base of every Kibo wire model: camelCase names; unknown fields kept and sent back."""

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, alias_generator=to_camel, validate_assignment=True
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON object as the API takes or returns it, unknown fields included; only fields
        that were on the wire (or set by the caller), so nothing is invented on the way back."""
        return self.model_dump(by_alias=True, exclude_unset=True, mode="json")

    def edited(self, **changes: Any) -> Self:
        """A validated copy with some fields changed (python or wire names)."""
        data = self.model_dump(by_alias=False, exclude_unset=True)
        data.update(changes)
        return type(self).model_validate(data)

    @property
    def unknown_fields(self) -> dict[str, Any]:
        """Fields the server sent that this model does not know (kept for round trips)."""
        return dict(self.__pydantic_extra__ or {})


class AuditInfo(KiboModel):
    """Who created and last changed a record, and when."""

    create_date: datetime | None = None
    update_date: datetime | None = None
    create_by: str | None = None
    update_by: str | None = None


class UserScope(KiboModel):
    """Where a role applies: usually the account (`type` "Account", its id and name)."""

    type: str | None = None
    id: int | None = None
    name: str | None = None


class RoleResource(KiboModel):
    type: str | None = None
    id: str | None = None


class UserRole(KiboModel):
    """One role of a user: 1 Admin, 2 Purchaser, 3 Nonpurchaser (the ids in common use)."""

    user_id: str | None = None
    assigned_in_scope: UserScope | None = None
    role_id: int
    role_name: str | None = None
    role_resources: list[RoleResource] | None = None
    role_tags: list[str] | None = None
    audit_info: AuditInfo | None = None


class B2BUser(KiboModel):
    """A user of a B2B account, with every field of the update-user endpoint."""

    email_address: str | None = None
    user_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    locale_code: str | None = None
    user_id: str | None = None
    roles: list[UserRole] | None = None
    is_locked: bool | None = None
    is_active: bool | None = None
    is_removed: bool | None = None
    accepts_marketing: bool | None = None
    has_external_password: bool | None = None
    last2fa_date: datetime | None = Field(default=None, alias="last2FaDate")

    @property
    def role_ids(self) -> list[int]:
        return [r.role_id for r in self.roles or []]

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email_address or self.user_name or self.user_id or "?"


class UserAndAuthInfo(KiboModel):
    """The add-user body: the user, and optionally an external password."""

    b2b_user: B2BUser = Field(alias="b2BUser")
    external_password: str | None = None
    is_import: bool | None = None


class AccountSalesRep(KiboModel):
    """A sales rep (an admin user of the tenant) assigned to an account."""

    account_id: int | None = None
    admin_user_id: str | None = None


class B2BAccount(KiboModel):
    """A B2B (company) account with its place in the hierarchy and its approval status."""

    id: int
    company_or_organization: str | None = None
    parent_account_id: int | None = None
    root_account_id: int | None = None
    approval_status: str | None = None
    is_active: bool | None = None
    price_list: str | None = None
    sales_reps: list[AccountSalesRep] | None = None
    users: list[B2BUser] | None = None
    priority: int | None = None
    customer_set: str | None = None
    tax_exempt: bool | None = None
    tax_id: str | None = None
    external_id: str | None = None
    account_type: str | None = None
    customer_since_date: datetime | None = None
    migration_required: bool | None = None
    audit_info: AuditInfo | None = None
    contacts: list[dict[str, Any]] | None = None
    notes: list[dict[str, Any]] | None = None
    attributes: list[dict[str, Any]] | None = None
    segments: list[dict[str, Any]] | None = None
    commerce_summary: dict[str, Any] | None = None


T = TypeVar("T")


class Collection(KiboModel, Generic[T]):
    """A page of a Kibo collection: `startIndex` is the zero-based offset of its first item."""

    start_index: int = 0
    page_size: int = 0
    page_count: int = 0
    total_count: int = 0
    items: list[T] | None = None


class RoleCollection(KiboModel):
    total_count: int = 0
    items: list[UserRole] | None = None


class HierarchyNode(KiboModel):
    id: int
    children: list[HierarchyNode] | None = None


class AccountHierarchy(KiboModel):
    """Every account of one hierarchy, and the tree of their ids from the root down."""

    accounts: list[B2BAccount] | None = None
    hierarchy: HierarchyNode | None = None


class ErrorData(KiboModel):
    name: str | None = None
    value: Any = None


class ErrorBody(KiboModel):
    """Kibo's error answer."""

    message: str | None = None
    error_code: str | None = None
    application_name: str | None = None
    additional_error_data: list[ErrorData] | None = None
    items: list[Any] | None = None
    exception_detail: dict[str, Any] | None = None
