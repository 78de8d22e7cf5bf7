"""Why a Kibo B2B user cannot sign in or order: the checklist's rules, from the user and its accounts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tui.core.diagnosis import Diagnosis, Fix, Rule, Verdict
from tui.kibo.models import (
    ADMIN,
    PURCHASER,
    ROLE_NAMES,
    AccountSalesRep,
    B2BAccount,
    B2BUser,
)

__all__ = ["RULE_IDS", "diagnose_user"]

P, F, U = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN
APPROVED = "Approved"
PURCHASING = (ADMIN, PURCHASER)
# The user kind's action names (its binding ids on the record screen); the advice reads alone too.
ACTIVATE = Fix("activates the user", "active", otherwise="activate the user")
UNLOCK = Fix("unlocks the user", "unlock", otherwise="unlock the user")
ROLE = Fix("gives a role (Purchaser)", "add_role", otherwise="add the Purchaser role (role 2)")
RESTORE = Fix(
    "adds the user again",
    "new",
    otherwise="add the user to the account again (a removed user cannot be restored)",
)
REP = Fix("assigns a sales rep", "sales-rep", otherwise="assign a sales rep to the account")


def _status_fix(account: B2BAccount) -> Fix:
    status = account.approval_status
    if status == "Inactive" or (status == APPROVED and account.is_active is False):
        return Fix("enables it", "enable", otherwise=f"enable account {account.id}")
    return Fix("approves it", "approve", otherwise=f"approve account {account.id}")


def _rule(rid: str, title: str) -> Callable[[Verdict, str, Fix | None], Rule]:
    def make(verdict: Verdict, reason: str, fix: Fix | None) -> Rule:
        return Rule(f"kibo.{rid}", title, verdict, reason, fix if verdict is not P else None)

    return make


def _flag(
    rid: str, title: str, value: bool | None, bad: bool, says: tuple[str, str], fix: Fix
) -> Rule:
    r = _rule(rid, title)
    if value is None:
        return r(U, f"The user record does not say ({rid})", None)
    return r(F, says[1], fix) if value is bad else r(P, says[0], None)


def _roles(user: B2BUser) -> Rule:
    r = _rule("purchasing-role", "Purchasing role")
    if user.roles is None:
        return r(U, "The user's roles were not loaded", None)
    names = [ROLE_NAMES.get(i, f"role {i}") for i in user.role_ids]
    held = ", ".join(names) or "no role"
    if any(i in PURCHASING for i in user.role_ids):
        return r(P, f"Holds {held}", None)
    return r(F, f"Holds {held}: only Purchaser or Admin may order", ROLE)


def _describe(account: B2BAccount) -> str:
    return f"{account.id} {account.company_or_organization or ''}".strip()


def _approved(account: B2BAccount | None) -> Rule:
    r = _rule("account-approved", "Account approved")
    if account is None:
        return r(U, "The account was not loaded", None)
    status = account.approval_status
    if status is None:
        return r(U, f"Account {_describe(account)} has no approval status", None)
    if status == APPROVED:
        return r(P, f"Account {_describe(account)} is Approved", None)
    return r(F, f"Account {_describe(account)} is {status}", _status_fix(account))


def _enabled(account: B2BAccount | None) -> Rule:
    r = _rule("account-enabled", "Account enabled")
    if account is None or account.is_active is None:
        return r(U, "Whether the account is enabled is not known", None)
    if account.is_active:
        return r(P, f"Account {_describe(account)} is enabled", None)
    fix = Fix("enables it", "enable", otherwise=f"enable account {account.id}")
    if account.approval_status != APPROVED and account.approval_status != "Inactive":
        fix = _status_fix(account)
    return r(F, f"Account {_describe(account)} is disabled", fix)


def _parents(account: B2BAccount | None, ancestors: Sequence[B2BAccount] | None) -> Rule:
    r = _rule("parent-accounts", "Parent accounts approved and enabled")
    if account is None:
        return r(U, "The account was not loaded", None)
    if account.parent_account_id is None:
        return r(P, "A root account: no parent to inherit from", None)
    if ancestors is None:
        return r(U, f"Parent account {account.parent_account_id} was not loaded", None)
    by_id = {a.id: a for a in ancestors}
    parent_id: int | None = account.parent_account_id
    chain: list[str] = []
    seen: set[int] = set()
    # `seen` guards against a hierarchy that loops (bad data must not hang the screen).
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        parent = by_id.get(parent_id)
        if parent is None:
            return r(U, f"Parent account {parent_id} was not loaded", None)
        if parent.approval_status != APPROVED or parent.is_active is False:
            state = parent.approval_status or "of unknown status"
            if parent.is_active is False and state == APPROVED:
                state = "disabled"
            return r(
                F,
                f"Parent account {_describe(parent)} is {state}: its child accounts inherit it",
                _status_fix(parent),
            )
        chain.append(_describe(parent))
        parent_id = parent.parent_account_id
    return r(P, f"Every parent is Approved and enabled ({'; '.join(chain)})", None)


def _sales_rep(account: B2BAccount | None, reps: Sequence[AccountSalesRep] | None) -> Rule:
    r = _rule("sales-rep", "Sales rep")
    if reps is None:
        reps = None if account is None else account.sales_reps
    if reps is None:
        return r(U, "The account's sales reps were not loaded", None)
    ids = [rep.admin_user_id for rep in reps if rep.admin_user_id]
    if not ids:
        where = f"Account {_describe(account)}" if account else "The account"
        return r(F, f"{where} has no sales rep (approving it needs one)", REP)
    return r(P, f"{len(ids)} sales rep{'s' if len(ids) > 1 else ''}", None)


def _two_factor(user: B2BUser, required: bool | None) -> Rule:
    r = _rule("two-factor", "Two-factor sign-in")
    last = f"last on {user.last2fa_date:%Y-%m-%d}" if user.last2fa_date else "never completed"
    if required is None:
        return r(
            U, f"Two-factor sign-in {last}; whether this tenant requires it is not known", None
        )
    if not required:
        return r(P, f"Not required by this tenant ({last})", None)
    if user.last2fa_date is None:
        return r(
            F,
            "Required, and never completed: the user has not finished setting it up",
            Fix("", otherwise="ask the user to complete two-factor set-up at the next sign-in"),
        )
    return r(P, f"Required; {last}", None)


def diagnose_user(
    user: B2BUser,
    account: B2BAccount | None,
    *,
    ancestors: Sequence[B2BAccount] | None = None,
    sales_reps: Sequence[AccountSalesRep] | None = None,
    two_factor_required: bool | None = None,
) -> Diagnosis:
    """Every rule for one user of `account`.

    `ancestors` are the accounts above it (any order; `account_hierarchy(...).accounts` serves),
    `sales_reps` the account's reps when read apart (else the account's own `salesReps`), and
    `two_factor_required` what the profile says of the tenant (None: not known).
    """
    rules = [
        _flag(
            "user-active",
            "User active",
            user.is_active,
            False,
            ("The user is active", "The user is inactive: cannot sign in"),
            ACTIVATE,
        ),
        _flag(
            "user-not-locked",
            "User not locked",
            user.is_locked,
            True,
            ("Not locked", "Locked (too many failed sign-ins, or by an admin): cannot sign in"),
            UNLOCK,
        ),
        _flag(
            "user-not-removed",
            "User not removed",
            user.is_removed,
            True,
            ("Still a user of the account", "Removed from the account: cannot sign in"),
            RESTORE,
        ),
        _roles(user),
        _approved(account),
        _enabled(account),
        _parents(account, ancestors),
        _sales_rep(account, sales_reps),
        _two_factor(user, two_factor_required),
    ]
    where = f" of account {account.id}" if account else ""
    return Diagnosis.of("kibo", f"User {user.display_name}{where}", rules)


RULE_IDS = tuple(
    f"kibo.{name}"
    for name in (
        "user-active",
        "user-not-locked",
        "user-not-removed",
        "purchasing-role",
        "account-approved",
        "account-enabled",
        "parent-accounts",
        "sales-rep",
        "two-factor",
    )
)
"""Every rule's id, in the checklist's order."""
