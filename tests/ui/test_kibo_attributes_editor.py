"""`M` on a Kibo account: its attributes in $EDITOR (a script stands in for it) on the embedded
sandbox, through the same checks, review, safe save, conflict view, journal and undo as the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from tests.support.waiting import settle, until
from tests.ui.changes_support import flow_finished, journal, screen_is, type_into
from tests.ui.editor_support import TerminalApp, calls, gone, notices, script
from tests.ui.record_support import kibo_connection, open_record, stored_account
from tui.core.journal import CONFLICT, DONE
from tui.core.session_policy import SessionPolicy
from tui.kibo.attributes import named
from tui.sandbox import SandboxConfig, create_app
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.ticket import TicketScreen

SIZE = (80, 24)
NORTHWIND = "1001"  # tier gold, payment terms NET30, regions US-East/US-West (with crmRef)
TERMS = "attributes.tenant~payment-terms"


@pytest.fixture(autouse=True)
def no_visual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)


def app_on(tmp_path: Path, **kwargs: Any) -> TerminalApp:
    return TerminalApp(kibo_connection(tmp_path, **kwargs.pop("conn", {})), **kwargs)


def change_behind_the_back(tmp_path: Path, **values: list[Any]) -> None:
    """Another agent changes attributes of 1001 in the sandbox file (bypassing every client)."""
    store = create_app(SandboxConfig(db_path=tmp_path / "s.db")).state.kibo.store

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        for attribute in doc["attributes"]:
            if attribute["fullyQualifiedName"] in values:
                attribute["values"] = values[attribute["fullyQualifiedName"]]
        return doc

    store.change_account(1001, change)


def net60(tmp_path: Path) -> str:
    return script(tmp_path, "ed", 'sed -i \'s/"NET30"/"NET60"/\' "$1"')


async def test_an_edited_attribute_is_reviewed_and_saved_alone_keeping_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", net60(tmp_path))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = stored_account(tmp_path, 1001)
        detail = await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            (TERMS, ["NET30"], ["NET60"])
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        await until(
            pilot,
            lambda: named(detail.record.attributes)["tenant~payment-terms"] == ["NET60"],
            "the detail to show the saved account",
        )
    after = stored_account(tmp_path, 1001)
    assert named(after["attributes"]) == {
        "tenant~customer-tier": ["gold"],
        "tenant~payment-terms": ["NET60"],
        "tenant~regions": ["US-East", "US-West"],
    }
    assert after["attributes"][2] == before["attributes"][2], "crmRef and its audit kept"
    assert after["attributes"][1]["attributeDefinitionId"] == 12
    untouched = {k: v for k, v in before.items() if k not in ("attributes", "auditInfo")}
    assert {k: after.get(k) for k in untouched} == untouched
    entry = journal()[0]
    assert (entry.action, entry.outcome, entry.platform, entry.kind, entry.key) == (
        "edit attributes",
        DONE,
        "kibo",
        "account",
        NORTHWIND,
    )
    assert {k: (c.before, c.after) for k, c in entry.changes.items()} == {
        TERMS: (["NET30"], ["NET60"])
    }
    [(edited, mode)] = calls(tmp_path)  # a private temporary file, gone afterwards
    assert mode == "600" and gone(edited)


async def test_bad_json_says_where_and_how_and_a_wrong_shape_names_the_attribute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # First: a trailing comma. Second (the broken text came back): values not a list. Third:
    # a value that is an object.
    body = (
        f"n=$(cat {tmp_path}/n 2>/dev/null || echo 0); echo $((n+1)) > {tmp_path}/n; "
        'case $n in 0) printf \'{\\n  "tenant~customer-tier": ["gold"],\\n}\\n\' > "$1";; '
        f'1) grep -q \'\\["gold"\\],\' "$1" && touch {tmp_path}/kept; '
        'printf \'{"tenant~customer-tier": "platinum"}\' > "$1";; '
        '*) printf \'{"tenant~customer-tier": [{"tier": "x"}]}\' > "$1";; esac'
    )
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", body))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = stored_account(tmp_path, 1001)
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        refused = await screen_is(pilot, ConfirmScreen)
        text = str(refused.body)
        assert "Not valid JSON: line 3, column 1" in text and "missing comma" in text
        await pilot.press("enter")  # edit again: the agent's text comes back
        refused = await screen_is(pilot, ConfirmScreen)
        assert (tmp_path / "kept").exists()
        assert "Attribute “tenant~customer-tier”: its values must be a list" in str(refused.body)
        assert '["platinum"]' in str(refused.body), "the fix, in the agent's own value"
        await pilot.press("enter")
        refused = await screen_is(pilot, ConfirmScreen)
        assert "value 1 is an object" in str(refused.body)
        await pilot.press("n")
        await flow_finished(pilot)
        assert "Attributes not changed: nothing was sent." in notices(app)
    assert stored_account(tmp_path, 1001) == before
    assert journal() == []


async def test_an_unchanged_file_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", "true"))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = stored_account(tmp_path, 1001)
        detail = await open_record(pilot, "account", NORTHWIND)
        await pilot.press("5")
        note = str(detail.query_one("#attributes-note", Static).content)
        assert note == "3 attributes · M edits them in your editor", "the key is not on the bar"
        await pilot.press("M")
        await flow_finished(pilot)
        assert "The attributes are unchanged: nothing was sent." in notices(app)
        assert not isinstance(app.screen, ReviewScreen)
    assert stored_account(tmp_path, 1001) == before
    assert journal() == []


async def test_a_colleagues_change_in_between_is_a_conflict_and_reapplying_keeps_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", net60(tmp_path))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        await screen_is(pilot, ReviewScreen)
        change_behind_the_back(tmp_path, **{"tenant~customer-tier": ["platinum"]})
        await pilot.press("ctrl+s")
        conflict = await screen_is(pilot, ConflictScreen)
        assert [(r.label, r.was, r.server, r.yours) for r in conflict.rows] == [
            (TERMS, ["NET30"], ["NET30"], ["NET60"])
        ]
        assert conflict.others == ["attributes.tenant~customer-tier"]
        assert named(stored_account(tmp_path, 1001)["attributes"])["tenant~payment-terms"] == [
            "NET30"
        ], "nothing was sent"
        await pilot.press("r")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            (TERMS, ["NET30"], ["NET60"])
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    saved = named(stored_account(tmp_path, 1001)["attributes"])
    assert saved["tenant~customer-tier"] == ["platinum"] and saved["tenant~payment-terms"] == [
        "NET60"
    ]
    assert [e.outcome for e in journal()][:2] == [DONE, CONFLICT]


async def test_undo_puts_the_attribute_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An added attribute and a changed one: undo removes the one and restores the other.
    body = (
        'python3 -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); '
        "d['tenant~payment-terms']=['NET60']; d['tenant~po-required']=[True]; "
        'json.dump(d, open(p,\'w\'))" "$1"'
    )
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", body))
    app = app_on(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        before = named(stored_account(tmp_path, 1001)["attributes"])
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            (TERMS, ["NET30"], ["NET60"]),
            ("attributes.tenant~po-required", None, [True]),
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert named(stored_account(tmp_path, 1001)["attributes"])["tenant~po-required"] == [True]
        await pilot.press("u")
        review = await screen_is(pilot, ReviewScreen)
        assert "Undo your edit" in review.title_text
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            (TERMS, ["NET60"], ["NET30"]),
            ("attributes.tenant~po-required", [True], None),
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    assert named(stored_account(tmp_path, 1001)["attributes"]) == before
    assert journal()[0].action == "undo"


async def test_read_only_refuses_with_the_reason_and_runs_no_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", net60(tmp_path))
    app = app_on(tmp_path, conn={"read_only": True})
    async with app.run_test(size=SIZE) as pilot:
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        await flow_finished(pilot)
        assert any("Editing attributes" in n and "read-only" in n.lower() for n in notices(app))
    assert calls(tmp_path) == []


async def test_a_required_ticket_comes_first_and_none_runs_no_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", net60(tmp_path))
    app = app_on(tmp_path, policy=SessionPolicy(require_ticket=True))
    async with app.run_test(size=SIZE) as pilot:
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        await screen_is(pilot, TicketScreen)
        await pilot.press("escape")
        await flow_finished(pilot)
        assert calls(tmp_path) == []
        await pilot.press("M")
        await screen_is(pilot, TicketScreen)
        await type_into(pilot, "Input", "T-15")
        await pilot.press("enter")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    assert journal()[0].ticket == "T-15"


async def test_in_mask_mode_the_editor_gets_masked_values_and_they_go_back_unmasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.json"
    monkeypatch.setenv(
        "EDITOR", script(tmp_path, "ed", f'cp "$1" {seen}; sed -i \'s/"NET30"/"NET60"/\' "$1"')
    )
    app = app_on(tmp_path)
    app.masked = True
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the app's sandbox has its data before another writes to it
        change_behind_the_back(tmp_path, **{"tenant~regions": ["ap@northwind.example"]})
        await open_record(pilot, "account", NORTHWIND)
        await pilot.press("M")
        review = await screen_is(pilot, ReviewScreen)
        shown = json.loads(seen.read_text(encoding="utf-8"))
        assert shown["tenant~regions"] != ["ap@northwind.example"]
        assert "northwind.example" in shown["tenant~regions"][0], "masked, still recognisable"
        assert [d.label for d in review.diffs] == [TERMS]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    saved = named(stored_account(tmp_path, 1001)["attributes"])
    assert saved["tenant~regions"] == ["ap@northwind.example"], "the real value went back"
    assert saved["tenant~payment-terms"] == ["NET60"]
