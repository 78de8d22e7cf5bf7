"""Every Kibo diagnosis rule passes and fails for the sandbox's fixed demo users, read through the
real client in-process (every exchange contract-checked)."""

from __future__ import annotations

import pytest

from tests.kibo.contract import Recorder
from tui.core.diagnosis import Diagnosis, Verdict
from tui.kibo.client import KiboClient
from tui.kibo.diagnosis import RULE_IDS, diagnose_user
from tui.kibo.models import AccountSalesRep

Kibo = tuple[KiboClient, Recorder]
P, F, U = Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN

USERS = {
    "alice": (1001, "e920715f4e1ecaa2f3cdc375f937d256"),
    "paul": (1001, "1783439705ba76c8c7908d9326797ede"),
    "lars": (1001, "7b2dcc027097feabb6a13b8b0e2fff2d"),
    "nina": (1001, "b992cc9a9b12c389334adc41f43fe0d9"),
    "ingrid": (1001, "8bf9d0b0028373d2ae271893ec7b39cf"),
    "rita": (1001, "e9073a488df880ea3e387fd0b4ec9134"),
    "yuki": (1001, "86d755c4a019ac81c3453697b8d7358d"),
}
# Users of the other fixed accounts, found by e-mail.
OTHERS = {
    "walt": (1002, "walt.west@northwind.example"),
    "eva": (1003, "eva.europa@northwind.example"),
    "carl": (1004, "carl@contoso.example"),
    "lara": (1005, "lara@contoso-labs.example"),
    "fred": (1006, "fred@fabrikam.example"),
    "tina": (1007, "tina@tailspin.example"),
}


async def _diagnose(client: KiboClient, who: str, two_factor: bool | None = None) -> Diagnosis:
    if who in USERS:
        account_id, user_id = USERS[who]
        user = await client.find_user(account_id, user_id)
    else:
        account_id, email = OTHERS[who]
        page = await client.list_users(
            account_id, filter=f"emailAddress eq '{email}'", include_removed=True
        )
        assert page.items
        user = page.items[0]
    account = await client.get_account(account_id)
    hierarchy = await client.account_hierarchy(account_id)
    ancestors = [a for a in hierarchy.accounts or [] if a.id != account_id]
    return diagnose_user(user, account, ancestors=ancestors, two_factor_required=two_factor)


CASES = [
    ("user-active", "alice", P, "is active"),
    ("user-active", "ingrid", F, "inactive"),
    ("user-not-locked", "alice", P, "Not locked"),
    ("user-not-locked", "lars", F, "Locked"),
    ("user-not-removed", "alice", P, "Still a user"),
    ("user-not-removed", "rita", F, "Removed from the account"),
    ("purchasing-role", "alice", P, "Holds Admin"),
    ("purchasing-role", "paul", P, "Holds Purchaser"),
    ("purchasing-role", "yuki", P, "Holds Purchaser, Nonpurchaser"),
    ("purchasing-role", "nina", F, "Holds Nonpurchaser: only Purchaser or Admin may order"),
    ("account-approved", "alice", P, "1001 Northwind Traders is Approved"),
    ("account-approved", "eva", F, "1003 Northwind Traders Europe is PendingApproval"),
    ("account-approved", "fred", F, "1006 Fabrikam Tools is Denied"),
    ("account-enabled", "alice", P, "is enabled"),
    ("account-enabled", "carl", F, "1004 Contoso Pharmaceuticals is disabled"),
    ("parent-accounts", "alice", P, "A root account"),
    ("parent-accounts", "walt", P, "Every parent is Approved and enabled (1001 Northwind Traders)"),
    ("parent-accounts", "lara", F, "Parent account 1004 Contoso Pharmaceuticals is Inactive"),
    ("sales-rep", "alice", P, "1 sales rep"),
    ("sales-rep", "tina", F, "1007 Tailspin Toys has no sales rep"),
]


@pytest.mark.parametrize(("rule", "who", "verdict", "words"), CASES)
async def test_rule_verdict_for_a_demo_user(
    kibo: Kibo, rule: str, who: str, verdict: Verdict, words: str
) -> None:
    client, _ = kibo
    found = (await _diagnose(client, who)).rule(rule)
    assert (found.id, found.verdict) == (f"kibo.{rule}", verdict)
    assert words in found.reason
    if verdict is F:
        assert found.fix is not None and found.fix.text()
    else:
        assert found.fix is None


def test_every_rule_but_two_factor_has_a_passing_and_a_failing_case() -> None:
    covered = {(f"kibo.{rule}", verdict) for rule, _, verdict, _ in CASES}
    missing = [(r, v.value) for r in RULE_IDS for v in (P, F) if (r, v) not in covered]
    assert missing == [("kibo.two-factor", "pass"), ("kibo.two-factor", "fail")]


async def test_two_factor_fails_for_a_user_who_never_completed_it_where_it_is_required(
    kibo: Kibo,
) -> None:
    client, _ = kibo
    alice = (await _diagnose(client, "alice", two_factor=True)).rule("two-factor")
    assert alice.verdict is F and "never completed" in alice.reason
    assert alice.fix is not None and "two-factor" in alice.fix.text()
    paul = (await _diagnose(client, "paul", two_factor=True)).rule("two-factor")
    assert paul.verdict is P and paul.reason.startswith("Required; last on 20")
    relaxed = (await _diagnose(client, "alice", two_factor=False)).rule("two-factor")
    assert relaxed.verdict is P and "Not required" in relaxed.reason


async def test_two_factor_is_unknown_when_the_tenant_policy_is_not_known(kibo: Kibo) -> None:
    client, _ = kibo
    rule = (await _diagnose(client, "paul")).rule("two-factor")
    assert rule.verdict is U
    assert "whether this tenant requires it is not known" in rule.reason
    assert "last on 20" in rule.reason


async def test_the_admin_passes_every_rule_and_each_failing_user_fails_only_its_own(
    kibo: Kibo,
) -> None:
    client, _ = kibo
    alice = await _diagnose(client, "alice", two_factor=False)
    assert [r.id for r in alice.rules] == list(RULE_IDS)
    assert not alice.failed and not alice.unknown
    only = {"ingrid": ["user-active"], "lars": ["user-not-locked"], "rita": ["user-not-removed"],
            "nina": ["purchasing-role"], "lara": ["parent-accounts"], "tina": ["sales-rep"],
            "fred": ["account-approved", "account-enabled"]}  # fmt: skip
    for who, rules in only.items():
        failed = (await _diagnose(client, who, two_factor=False)).failed
        assert [r.id for r in failed] == [f"kibo.{r}" for r in rules], who


async def test_a_parent_that_was_not_loaded_and_reps_read_apart(kibo: Kibo) -> None:
    client, _ = kibo
    lara = (
        await client.list_users(1005, filter="emailAddress eq 'lara@contoso-labs.example'")
    ).items
    assert lara
    account = await client.get_account(1005)
    diagnosis = diagnose_user(lara[0], account)
    assert diagnosis.rule("parent-accounts").verdict is U
    assert diagnosis.rule("parent-accounts").reason == "Parent account 1004 was not loaded"
    # Reps given apart win over the account's own list.
    none = diagnose_user(lara[0], account, sales_reps=[]).rule("sales-rep")
    assert none.verdict is F
    reps = await client.sales_reps(1005)
    assert diagnose_user(lara[0], account, sales_reps=reps).rule("sales-rep").verdict is P
    assert all(isinstance(r, AccountSalesRep) for r in reps)


async def test_without_the_account_its_rules_are_unknown(kibo: Kibo) -> None:
    client, _ = kibo
    user = await client.find_user(*USERS["paul"])
    diagnosis = diagnose_user(user, None)
    assert {r.id for r in diagnosis.unknown} >= {
        "kibo.account-approved",
        "kibo.account-enabled",
        "kibo.parent-accounts",
        "kibo.sales-rep",
    }
    assert diagnosis.subject == "User Paul Purchaser"


async def test_an_approved_but_disabled_account_fails_enabled_and_enable_fixes_it(
    kibo: Kibo,
) -> None:
    client, _ = kibo
    await client.change_account_status(1001, "disable")
    diagnosis = await _diagnose(client, "alice")
    enabled = diagnosis.rule("account-enabled")
    assert enabled.verdict is F and "1001 Northwind Traders is disabled" in enabled.reason
    assert enabled.fix is not None and enabled.fix.text() == "enable account 1001"
    assert enabled.fix.text({"enable": "E"}) == "`E` enables it"
