"""The Kibo record kinds for the screens: B2B accounts and their users, described with tui.core.kinds."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tui.core.kinds import (
    Action,
    Column,
    DetailTab,
    FieldSpec,
    JsonPart,
    QuickFilter,
    RecordKind,
    Related,
    Sort,
    optional,
    required,
)
from tui.kibo.attributes import AttributesError, label, named, parse_attributes, with_values
from tui.kibo.client import MANAGE_PERMISSION
from tui.kibo.models import ROLE_NAMES, B2BAccount, B2BUser

__all__ = ["ACCOUNT", "KINDS", "USER", "AccountUser"]


class AccountUser(B2BUser):
    """A B2B user together with the account it was found under (never sent: Kibo's paths say it)."""

    account_id: int = Field(default=0, exclude=True)

    @property
    def key(self) -> str:
        return f"{self.account_id}/{self.user_id}"

    def edited(self, **changes: Any) -> AccountUser:
        # The account is left out of every dump (it is never sent), so a copy must be told it.
        changes.setdefault("account_id", self.account_id)
        return super().edited(**changes)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _check_email(value: str) -> str | None:
    local, at, domain = value.strip().partition("@")
    if not at or not local or "." not in domain:
        return "Not an e-mail address: write it like name@example.com"
    return None


def _check_locale(value: str) -> str | None:
    parts = value.strip().split("-")
    if len(parts) == 2 and parts[0].isalpha() and parts[1].isalnum() and 2 <= len(parts[0]) <= 3:
        return None
    return "Not a locale: write a language and a region, like en-US or de-DE"


def account_label(account: B2BAccount) -> str:
    return f"{account.company_or_organization or '(no name)'} (#{account.id})"


def user_label(user: AccountUser) -> str:
    return f"{user.display_name} ({user.email_address or user.user_id})"


def _apply(record: Any, values: dict[str, Any]) -> Any:
    return record.edited(**values) if values else record


PENDING, APPROVED, DENIED, INACTIVE = "PendingApproval", "Approved", "Denied", "Inactive"

STATUS_MEANS = {
    PENDING: "waiting for approval: its buyers cannot sign in or order yet",
    APPROVED: "approved: its active buyers can sign in and order",
    DENIED: "denied: its buyers cannot sign in or order",
    INACTIVE: "disabled: its buyers cannot sign in or order until it is enabled",
}


def status_means(account: B2BAccount) -> str:
    """What the account's approval status means for its buyers, in words."""
    status = account.approval_status
    return STATUS_MEANS.get(status or "", f"{status or 'no status'}: unknown to this app")


def sales_reps_cell(account: B2BAccount) -> str:
    """How many sales reps the account has, then the start of the first one's admin user id
    (`2 (41dd7045…)`; the Sales reps tab has them whole).

    A list page's accounts carry their sales reps but not their users (Kibo sends those with
    one account), so the list shows reps and leaves the users count to the account's Users tab.
    """
    reps = [r.admin_user_id for r in account.sales_reps or [] if r.admin_user_id]
    if not reps:
        return ""
    first = reps[0] if len(reps[0]) <= 9 else reps[0][:8] + "…"
    return f"{len(reps)} ({first})"


def _status_is(*statuses: str) -> Any:
    return lambda a: a.approval_status in statuses


def _hierarchy(account: B2BAccount) -> list[str]:
    """The account's parent (when it has one) and its children, in one filter."""
    children = f"parentAccountId eq {account.id}"
    if account.parent_account_id is None:
        return [children]
    return [f"id eq {account.parent_account_id} or {children}"]


def _attribute_values(attribute: Any) -> str:
    values = attribute.get("values") if isinstance(attribute, dict) else None
    return ", ".join(str(v) for v in values or [])


def _attribute_name(attribute: Any) -> str:
    if not isinstance(attribute, dict):
        return str(attribute)
    return _text(attribute.get("fullyQualifiedName") or attribute.get("attributeDefinitionId"))


def role_names(user: B2BUser) -> str:
    return ", ".join(
        r.role_name or ROLE_NAMES.get(r.role_id, str(r.role_id)) for r in user.roles or []
    )


def _missing_roles(user: B2BUser) -> bool:
    return bool(set(ROLE_NAMES) - set(user.role_ids))


ATTRIBUTES = JsonPart(
    action="edit_attributes",
    noun="attributes",
    wire="attributes",
    value=lambda a: named(a.attributes),
    parse=parse_attributes,
    error=AttributesError,
    label=label,
    apply=lambda a, changes: a.edited(attributes=with_values(a.attributes, changes)),
    note="The account is read again first: if someone changed it since, nothing is sent. "
    "Only the attributes you changed are sent; the rest of the account stays as it is.",
    unrelated=("users", "auditInfo", "commerceSummary"),
)
"""A B2B account's attributes (name -> values) in $EDITOR."""

ACCOUNT = RecordKind(
    name="account",
    title="Account",
    plural="accounts",
    key=lambda a: str(a.id),
    label=account_label,
    wire=lambda a: a.to_wire(),
    columns=(
        Column("id", "Id", 6, 0, lambda a: str(a.id)),
        Column("name", "Company", 22, 0, lambda a: _text(a.company_or_organization), max_width=44),
        Column("status", "Approval", 16, 0, lambda a: _text(a.approval_status)),
        Column("active", "Active", 6, 0, lambda a: "yes" if a.is_active else "no"),
        Column("parent", "Parent", 6, 0, lambda a: _text(a.parent_account_id)),
        Column("reps", "Sales reps", 11, 0, sales_reps_cell, max_width=40),
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
                ("For its buyers", status_means(a)),
                ("Parent account", a.parent_account_id),
                ("Root account", a.root_account_id),
                ("Sales reps", len(a.sales_reps or [])),
                ("Account type", a.account_type),
                ("Price list", a.price_list),
                ("Tax id", a.tax_id),
                ("External id", a.external_id),
                ("Customer since", a.customer_since_date),
            ],
        ),
        DetailTab(
            "users",
            "Users",
            "2",
            "table",
            related=Related("user", parent=lambda a: str(a.id)),
        ),
        DetailTab(
            "hierarchy",
            "Hierarchy",
            "3",
            "table",
            rows=lambda a: [
                ("Parent account", a.parent_account_id or "none: this is a root account"),
                ("Root account", a.root_account_id),
            ],
            related=Related("account", filters=_hierarchy),
        ),
        DetailTab(
            "reps",
            "Sales reps",
            "4",
            "table",
            items=lambda a: list(a.sales_reps or []),
            columns=(
                Column(
                    "adminUserId",
                    "Sales rep (admin user id)",
                    34,
                    0,
                    lambda r: _text(r.admin_user_id),
                ),
                Column("accountId", "Account", 8, 0, lambda r: _text(r.account_id)),
            ),
        ),
        DetailTab(
            "attributes",
            "Attributes",
            "5",
            "table",
            items=lambda a: list(a.attributes or []),
            columns=(
                Column("name", "Attribute", 30, 0, _attribute_name),
                Column("values", "Values", 40, 0, _attribute_values),
            ),
        ),
        DetailTab("raw", "Raw JSON", "6", "raw"),
    ),
    actions=(
        Action(
            "approve",
            "Approve",
            "a",
            permission=MANAGE_PERMISSION,
            applies=_status_is(PENDING, DENIED),
            description="Its active buyers can sign in and order (Kibo needs a sales rep first).",
        ),
        Action(
            "deny",
            "Deny",
            "x",
            destructive=True,
            permission=MANAGE_PERMISSION,
            applies=_status_is(PENDING),
            description="Its buyers cannot sign in or order; approve it later to let them.",
        ),
        Action(
            "enable",
            "Enable",
            "i",
            permission=MANAGE_PERMISSION,
            undo="disable",
            applies=_status_is(INACTIVE),
            description="It becomes Approved again: its active buyers can sign in and order.",
        ),
        Action(
            "disable",
            "Disable",
            "i",
            destructive=True,
            permission=MANAGE_PERMISSION,
            undo="enable",
            applies=_status_is(APPROVED),
            description="All its buyers are shut out at once: nobody can sign in or order "
            "until it is enabled again.",
        ),
        Action(
            "edit_attributes",
            "Attributes in $EDITOR",
            "M",
            permission=MANAGE_PERMISSION,
            description="The account's attributes as JSON in your editor, then the review and "
            "the safe save",
            key_bar=False,
        ),
    ),
    apply=_apply,
    search_hint="company name or account id",
    json_parts=(ATTRIBUTES,),
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
        Column("email", "E-mail", 28, 0, lambda u: _text(u.email_address), 40, natural=True),
        Column("locked", "Locked", 6, 0, lambda u: "yes" if u.is_locked else "no"),
        Column("active", "Active", 6, 0, lambda u: "yes" if u.is_active else "no"),
        Column("roles", "Roles", 12, 90, role_names),
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
        FieldSpec(
            "user_name",
            "userName",
            "User name",
            check=required("User name", "type the name the buyer signs in with"),
        ),
        FieldSpec(
            "locale_code",
            "localeCode",
            "Locale",
            check=optional(_check_locale),
            placeholder="e.g. en-US",
        ),
        FieldSpec("accepts_marketing", "acceptsMarketing", "Accepts marketing", kind="bool"),
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
                ("Locale", u.locale_code),
                ("Locked", u.is_locked),
                ("Active", u.is_active),
                ("Removed", u.is_removed),
                ("Accepts marketing", u.accepts_marketing),
                ("External password", u.has_external_password),
                ("Last 2FA", u.last2fa_date),
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
                Column(
                    "scope",
                    "Assigned in",
                    24,
                    0,
                    lambda r: _text(r.assigned_in_scope.name if r.assigned_in_scope else ""),
                ),
            ),
        ),
        DetailTab(
            "account",
            "Account",
            "3",
            "table",
            rows=lambda u: [("Account id", u.account_id)],
            related=Related("account", filters=lambda u: [f"id eq {int(u.account_id)}"]),
        ),
        DetailTab("raw", "Raw JSON", "4", "raw"),
    ),
    actions=(
        Action("edit", "Edit", "e", permission=MANAGE_PERMISSION, description="Edit the profile"),
        Action(
            "lock",
            "Lock",
            "h",
            permission=MANAGE_PERMISSION,
            undo="unlock",
            applies=lambda u: not u.is_locked,
            description="The buyer cannot sign in until unlocked.",
        ),
        Action(
            "unlock",
            "Unlock",
            "h",
            permission=MANAGE_PERMISSION,
            undo="lock",
            applies=lambda u: bool(u.is_locked),
            description="The buyer can sign in again.",
        ),
        Action(
            "remove",
            "Remove",
            "d",
            destructive=True,
            permission=MANAGE_PERMISSION,
            typed=lambda u: _text(u.user_name or u.email_address or u.user_id),
            typed_masked=lambda u: _text(u.display_name or u.user_id),
            description="The user leaves the account and can no longer sign in to it or order "
            "for it. This cannot be undone here.",
        ),
        Action(
            "add_role",
            "Roles…",
            "R",
            permission=MANAGE_PERMISSION,
            undo="remove_role",
            applies=_missing_roles,
            options=lambda u: [
                (f"Give {name} ({rid})", str(rid))
                for rid, name in ROLE_NAMES.items()
                if rid not in u.role_ids
            ],
            argument="role_id",
            description="Give a role: Admin, Purchaser or Nonpurchaser",
        ),
        Action(
            "remove_role",
            "Roles…",
            "R",
            permission=MANAGE_PERMISSION,
            undo="add_role",
            applies=lambda u: bool(u.roles),
            options=lambda u: [
                (
                    f"Take away {r.role_name or ROLE_NAMES.get(r.role_id, '')} ({r.role_id})",
                    str(r.role_id),
                )
                for r in u.roles or []
            ],
            argument="role_id",
            description="Take a role away",
        ),
    ),
    apply=_apply,
    search_hint="name or e-mail",
    parent="account",
)
"""A user of a Kibo B2B account (found under its account)."""

KINDS: dict[str, RecordKind] = {ACCOUNT.name: ACCOUNT, USER.name: USER}
