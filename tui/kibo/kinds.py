"""The Kibo record kinds for the screens: B2B accounts and their users, described with tui.core.kinds."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tui.core.kinds import (
    Action,
    Column,
    DetailTab,
    FieldSpec,
    QuickFilter,
    RecordKind,
    Sort,
    optional,
    required,
)
from tui.kibo.client import MANAGE_PERMISSION
from tui.kibo.models import B2BAccount, B2BUser

__all__ = ["ACCOUNT", "KINDS", "USER", "AccountUser"]


class AccountUser(B2BUser):
    """A B2B user together with the account it was found under (never sent: Kibo's paths say it)."""

    account_id: int = Field(default=0, exclude=True)

    @property
    def key(self) -> str:
        return f"{self.account_id}/{self.user_id}"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _check_email(value: str) -> str | None:
    local, at, domain = value.strip().partition("@")
    if not at or not local or "." not in domain:
        return "Not an e-mail address: write it like name@example.com"
    return None


def account_label(account: B2BAccount) -> str:
    return f"{account.company_or_organization or '(no name)'} (#{account.id})"


def user_label(user: AccountUser) -> str:
    return f"{user.display_name} ({user.email_address or user.user_id})"


def _apply(record: Any, values: dict[str, Any]) -> Any:
    return record.edited(**values) if values else record


ACCOUNT = RecordKind(
    name="account",
    title="Account",
    plural="accounts",
    key=lambda a: str(a.id),
    label=account_label,
    wire=lambda a: a.to_wire(),
    columns=(
        Column("id", "Id", 6, 0, lambda a: str(a.id)),
        Column("name", "Company", 28, 0, lambda a: _text(a.company_or_organization)),
        Column("status", "Approval", 16, 0, lambda a: _text(a.approval_status)),
        Column("active", "Active", 6, 0, lambda a: "yes" if a.is_active else "no"),
        Column("parent", "Parent", 6, 0, lambda a: _text(a.parent_account_id)),
        Column("type", "Type", 8, 100, lambda a: _text(a.account_type)),
    ),
    sorts=(
        Sort(None, "best match"),
        Sort("id asc", "id ↑"),
        Sort("id desc", "id ↓"),
        Sort("companyOrOrganization asc", "company A→Z"),
    ),
    quick_filters=(
        QuickFilter(
            "pending", "Pending approval", "f2", lambda _: "approvalStatus eq 'PendingApproval'"
        ),
        QuickFilter("inactive", "Inactive", "f3", lambda _: "isActive eq false"),
    ),
    fields=(
        FieldSpec("company_or_organization", "companyOrOrganization", "Company"),
        FieldSpec("tax_id", "taxId", "Tax id"),
    ),
    tabs=(
        DetailTab(
            "profile",
            "Account",
            "1",
            "fields",
            rows=lambda a: [
                ("Id", a.id),
                ("Company", a.company_or_organization),
                ("Approval", a.approval_status),
                ("Active", a.is_active),
                ("Parent account", a.parent_account_id),
                ("Root account", a.root_account_id),
                ("Price list", a.price_list),
                ("Tax id", a.tax_id),
            ],
        ),
        DetailTab("raw", "Raw JSON", "5", "raw"),
    ),
    actions=(
        Action("approve", "Approve", "A", permission=MANAGE_PERMISSION),
        Action("deny", "Deny", "D", destructive=True, permission=MANAGE_PERMISSION),
        Action("enable", "Enable", "E", permission=MANAGE_PERMISSION),
        Action("disable", "Disable", "X", destructive=True, permission=MANAGE_PERMISSION),
    ),
    apply=_apply,
    search_hint="company name or account id",
)
"""A Kibo B2B account."""

USER = RecordKind(
    name="user",
    title="User",
    plural="users",
    key=lambda u: u.key,
    label=user_label,
    wire=lambda u: u.to_wire(),
    columns=(
        Column("name", "Name", 20, 0, lambda u: u.display_name),
        Column("email", "E-mail", 28, 0, lambda u: _text(u.email_address)),
        Column("locked", "Locked", 6, 0, lambda u: "yes" if u.is_locked else "no"),
        Column("active", "Active", 6, 0, lambda u: "yes" if u.is_active else "no"),
        Column("roles", "Roles", 12, 90, lambda u: ", ".join(map(str, u.role_ids))),
    ),
    sorts=(Sort(None, "best match"), Sort("lastName asc", "last name A→Z")),
    quick_filters=(
        QuickFilter("locked", "Locked", "f2", lambda _: "isLocked eq true"),
        QuickFilter("inactive", "Inactive", "f3", lambda _: "isActive eq false"),
    ),
    fields=(
        FieldSpec("first_name", "firstName", "First name"),
        FieldSpec("last_name", "lastName", "Last name"),
        FieldSpec(
            "email_address",
            "emailAddress",
            "E-mail",
            check=optional(_check_email),
            placeholder="e.g. name@example.com",
        ),
        FieldSpec("user_name", "userName", "User name", check=required("User name")),
        FieldSpec("locale_code", "localeCode", "Locale", placeholder="e.g. en-US"),
        FieldSpec("is_active", "isActive", "Active", kind="bool"),
    ),
    tabs=(
        DetailTab(
            "profile",
            "User",
            "1",
            "fields",
            rows=lambda u: [
                ("User id", u.user_id),
                ("First name", u.first_name),
                ("Last name", u.last_name),
                ("E-mail", u.email_address),
                ("User name", u.user_name),
                ("Locked", u.is_locked),
                ("Active", u.is_active),
                ("Removed", u.is_removed),
            ],
        ),
        DetailTab(
            "roles",
            "Roles",
            "2",
            "table",
            items=lambda u: list(u.roles or []),
            columns=(
                Column("id", "Role id", 8, 0, lambda r: _text(r.role_id)),
                Column("name", "Role", 24, 0, lambda r: _text(r.role_name)),
            ),
        ),
        DetailTab("raw", "Raw JSON", "5", "raw"),
    ),
    actions=(
        Action("lock", "Lock", "l", permission=MANAGE_PERMISSION),
        Action("unlock", "Unlock", "L", permission=MANAGE_PERMISSION),
        Action("remove", "Remove", "d", destructive=True, permission=MANAGE_PERMISSION),
        Action("add_role", "Give role", "r", permission=MANAGE_PERMISSION),
        Action("remove_role", "Take role", "R", permission=MANAGE_PERMISSION),
    ),
    apply=_apply,
    search_hint="name or e-mail",
    parent="account",
)
"""A user of a Kibo B2B account (found under its account)."""

KINDS: dict[str, RecordKind] = {ACCOUNT.name: ACCOUNT, USER.name: USER}
