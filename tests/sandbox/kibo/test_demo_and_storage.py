"""The Kibo demo data (fixed accounts and users the README names, generated hierarchies) and its file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tui.sandbox import SandboxConfig, create_app
from tui.sandbox.kibo import demo
from tui.sandbox.kibo.config import APPROVED, DENIED, INACTIVE, PENDING


def test_the_fixed_demo_accounts_and_users_are_as_the_readme_says() -> None:
    accounts, users = demo.fixed()
    by_id = {a["id"]: a for a in accounts}
    assert by_id[1003]["approvalStatus"] == PENDING
    assert by_id[1004]["approvalStatus"] == INACTIVE and by_id[1005]["parentAccountId"] == 1004
    assert by_id[1006]["approvalStatus"] == DENIED
    assert by_id[1007]["salesReps"] == [] and by_id[1007]["approvalStatus"] == APPROVED
    people = {u["emailAddress"]: u for _, u in users}
    assert people["lars.locked@northwind.example"]["isLocked"] is True
    assert people["ingrid.inactive@northwind.example"]["isActive"] is False
    assert people["rita.removed@northwind.example"]["isRemoved"] is True
    assert [r["roleId"] for r in people["nina.nonpurchaser@northwind.example"]["roles"]] == [3]
    assert people["paul.purchaser@northwind.example"]["last2FaDate"]
    assert "federatedIdentity" in people["yuki.future@northwind.example"]


def test_generated_data_has_hierarchies_states_roles_and_locales() -> None:
    accounts, users = demo.generated(7)
    assert len(accounts) == demo.ACCOUNTS
    by_id = {a["id"]: a for a in accounts}
    assert Counter(a["approvalStatus"] for a in accounts).keys() == {
        PENDING,
        APPROVED,
        DENIED,
        INACTIVE,
    }
    children = [a for a in accounts if a["parentAccountId"]]
    assert len(children) > 50 and any(
        by_id[c["parentAccountId"]]["parentAccountId"] for c in children
    )
    assert any(not a["salesReps"] for a in accounts)
    per_account = Counter(acc for acc, _ in users)
    assert min(per_account.values()) >= 2 and max(per_account.values()) <= 20
    assert {r["roleId"] for _, u in users for r in u["roles"]} == {1, 2, 3}
    assert len({u["localeCode"] for _, u in users}) >= 6
    for flag in ("isLocked", "isRemoved"):
        assert any(u[flag] for _, u in users)
    assert any(not u["isActive"] for _, u in users)
    assert len({u["userId"] for _, u in users}) == len(users)


def test_the_same_seed_gives_the_same_data() -> None:
    assert demo.generated(7) == demo.generated(7)
    assert demo.generated(7) != demo.generated(8)


def test_kibo_data_lives_in_the_sandbox_file_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    first = create_app(SandboxConfig(customers=20, db_path=path))
    store = first.state.kibo.store
    uid = store.users_of(1001)[0]["userId"]
    store.patch_user(1001, uid, {"firstName": "Edited"})
    first.state.sandbox.store.close()
    again = create_app(SandboxConfig(customers=20, db_path=path))
    assert again.state.kibo.store.user(1001, uid)["firstName"] == "Edited"
    again.state.sandbox.store.close()
    reset = create_app(SandboxConfig(customers=20, db_path=path, reset=True))
    assert reset.state.kibo.store.user(1001, uid)["firstName"] == "Alice"
    reset.state.sandbox.store.close()


def test_the_readme_names_the_fixed_accounts_and_users_as_they_are() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Kibo sandbox", 1)[1].split("\n## ", 1)[0]
    accounts, users = demo.fixed()
    for acc in accounts:
        row = f"| {acc['id']} {acc['companyOrOrganization']} | {acc['approvalStatus']} |"
        assert row in section, row
    ids = {u["emailAddress"]: u["userId"] for _, u in users}
    rows = re.findall(r"^\| (\S+@\S+) \| `([0-9a-f]{32})` \|", section, re.M)
    assert len(rows) == 7
    for email, user_id in rows:
        assert ids[email] == user_id, email


def test_a_large_kibo_tenant_has_about_the_users_asked_for_and_begins_as_the_default() -> None:
    default_accounts, _ = demo.generated(7)
    accounts, users = demo.generated(7, users_wanted=9000)
    assert 9000 <= len(users) < 9020  # the last account's users are made whole
    assert accounts[: len(default_accounts)] == default_accounts
    assert 600 < len(accounts) < 1100  # accounts in proportion: about 11 users each
    app = create_app(SandboxConfig(customers=50, kibo_users=2000))
    store = app.state.kibo.store
    with store.store.read() as db:
        [(count,)] = db.execute("SELECT count(*) FROM kibo_users").fetchall()
    assert 2000 <= count < 2020
    store.store.close()
