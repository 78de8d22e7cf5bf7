"""`M` (mixins in $EDITOR) and `o` ($PAGER) against the sandbox, with scripts standing in for them.

Under the test driver Textual cannot hand the terminal over (`suspend` raises), so the app here
is the real one whose `suspend` hands over nothing: the scripts need no terminal. Everything
after the editor or pager (checks, review, the safe save, conflicts) is the app's own code.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.support.waiting import settle
from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, stored
from tests.ui.conftest import ServiceFactory, sandbox_connection
from tests.ui.editor_support import TerminalApp, calls, gone, notices, script
from tui.core.session_policy import SessionPolicy
from tui.ui.app import CustomerTuiApp
from tui.ui.editor import editor_command
from tui.ui.pager import pager_command
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.review import ReviewScreen

SIZE = (80, 24)
YUKI = "10000005"  # mixins loyalty {tier gold, points 1280} and preferences, with schema URLs


async def terminal_app(make_service: ServiceFactory) -> TerminalApp:
    return TerminalApp(sandbox_connection(), service=await make_service("demo-agent"))


@pytest.fixture(autouse=True)
def no_visual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)


async def test_an_edited_mixin_field_is_reviewed_and_saved_alone_with_the_version(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", 'sed -i \'s/"gold"/"platinum"/\' "$1"'))
    before = stored(sandbox_app, YUKI)
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, YUKI)
        await pilot.press("M")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            ("mixins.loyalty.tier", "gold", "platinum")
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert detail.customer.mixins["loyalty"]["tier"] == "platinum"
    after = stored(sandbox_app, YUKI)
    assert after["mixins"] == {
        "loyalty": {"tier": "platinum", "points": 1280},
        "preferences": before["mixins"]["preferences"],
    }
    assert after["metadata"]["mixins"] == before["metadata"]["mixins"]  # schema URLs kept
    assert after["metadata"]["version"] == before["metadata"]["version"] + 1
    untouched = {k: v for k, v in before.items() if k not in ("mixins", "metadata")}
    assert {k: after.get(k) for k in untouched} == untouched
    entry = journal()[0]
    assert (entry.action, entry.outcome) == ("edit mixins", "done")
    assert list(entry.changes) == ["mixins"]
    # The editor got a private temporary file, gone afterwards.
    [(edited, mode)] = calls(tmp_path)
    assert mode == "600" and gone(edited)


async def test_invalid_json_is_refused_with_its_position_and_the_text_comes_back(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # First call: a trailing comma. Second call: the broken text came back; fix it.
    body = (
        f"if [ ! -e {tmp_path}/once ]; then touch {tmp_path}/once; "
        'printf \'{\\n  "loyalty": {"tier": "gold",}\\n}\\n\' > "$1"; '
        f'else grep -q \'"gold",}}\' "$1" && cp "$1" {tmp_path}/second && '
        'printf \'{"loyalty": {"tier": "silver"}}\' > "$1"; fi'
    )
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", body))
    version = stored(sandbox_app, YUKI)["metadata"]["version"]
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        refused = await screen_is(pilot, ConfirmScreen)
        assert "Not valid JSON: line 2, column 30" in str(refused.body)
        assert stored(sandbox_app, YUKI)["metadata"]["version"] == version
        await pilot.press("enter")  # edit again
        review = await screen_is(pilot, ReviewScreen)
        assert (tmp_path / "second").exists()  # the editor was given the agent's broken text
        labels = {d.label: (d.before, d.after) for d in review.diffs}
        assert labels["mixins.loyalty.tier"] == ("gold", "silver")
        assert labels["mixins.loyalty.points"] == (1280, None)
        assert labels["mixins.preferences.newsletter"] == (True, None)
        await pilot.press("escape")  # cancel: nothing is sent
        await flow_finished(pilot)
    assert stored(sandbox_app, YUKI)["metadata"]["version"] == version
    assert journal() == []


async def test_an_object_is_required_and_a_mixin_without_schema_is_refused(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", script(tmp_path, "ed", 'printf \'{"loyalty": {}, "vip": {"x": 1}}\' > "$1"')
    )
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        refused = await screen_is(pilot, ConfirmScreen)
        assert "No schema URL for “vip”" in str(refused.body)
        await pilot.press("n")
        await flow_finished(pilot)
        assert "Mixins not changed: nothing was sent." in notices(app)
    assert journal() == []


async def test_an_unchanged_file_sends_nothing(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", "true"))
    version = stored(sandbox_app, YUKI)["metadata"]["version"]
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        await flow_finished(pilot)
        assert "The mixins are unchanged: nothing was sent." in notices(app)
        assert not isinstance(app.screen, ReviewScreen)
    assert stored(sandbox_app, YUKI)["metadata"]["version"] == version
    assert journal() == []


async def test_a_colleagues_change_in_between_is_a_conflict_and_reapplying_keeps_theirs(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", 'sed -i \'s/"gold"/"platinum"/\' "$1"'))
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        await screen_is(pilot, ReviewScreen)
        colleague = await make_service("demo-agent")
        seen = await colleague.get_customer(YUKI)
        mixins = json.loads(json.dumps(seen.mixins))
        mixins["loyalty"]["points"] = 2000
        await colleague.update_customer(seen, seen.edited(mixins=mixins))
        await pilot.press("ctrl+s")
        conflict = await screen_is(pilot, ConflictScreen)
        assert [(r.label, r.was, r.server, r.yours) for r in conflict.rows] == [
            ("mixins.loyalty.tier", "gold", "gold", "platinum")
        ]
        assert conflict.others == ["mixins.loyalty.points"]
        await pilot.press("r")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [
            ("mixins.loyalty.tier", "gold", "platinum")
        ]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    assert stored(sandbox_app, YUKI)["mixins"]["loyalty"] == {"tier": "platinum", "points": 2000}
    assert [e.outcome for e in journal()][:2] == ["done", "conflict"]


async def test_a_failing_or_missing_editor_says_so_and_sends_nothing(
    make_service: ServiceFactory, sandbox_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = stored(sandbox_app, YUKI)["metadata"]["version"]
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", "exit 3"))
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        await flow_finished(pilot)
        assert any("ended with status 3, so its text is not used" in n for n in notices(app))
        monkeypatch.setenv("EDITOR", "no-such-editor --wait")
        monkeypatch.setenv("PATH", str(tmp_path / "empty"))
        await pilot.press("M")
        await flow_finished(pilot)
        said = [n for n in notices(app) if n.startswith("No editor found")]
        assert said and "$EDITOR (no-such-editor --wait) not found" in said[0]
    assert stored(sandbox_app, YUKI)["metadata"]["version"] == version
    assert journal() == []


async def test_where_the_terminal_cannot_be_handed_over_it_says_so(
    make_service: ServiceFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", "true"))
    app = CustomerTuiApp(sandbox_connection(), service=await make_service("demo-agent"))
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        await flow_finished(pilot)
        assert any("cannot be handed to an editor" in n for n in notices(app))
    assert calls(tmp_path) == []


def test_visual_comes_before_editor_and_a_missing_one_is_skipped(tmp_path: Path) -> None:
    vis, ed = script(tmp_path, "vis", "true"), script(tmp_path, "ed", "true")
    assert editor_command({"VISUAL": f"{vis} -f", "EDITOR": ed}) == [vis, "-f"]
    assert editor_command({"VISUAL": "/no/such", "EDITOR": ed}) == [ed]


async def test_o_pages_the_whole_customer_through_pager(
    make_service: ServiceFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged = tmp_path / "paged.json"
    pager = tmp_path / "pager"
    pager.write_text(f"#!/bin/sh\ncat > {paged}\n", encoding="utf-8")
    pager.chmod(0o700)
    monkeypatch.setenv("PAGER", str(pager))
    app = await terminal_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, YUKI)
        await pilot.press("o")
        await settle(pilot)
        assert json.loads(paged.read_text(encoding="utf-8")) == detail.customer.to_wire()
        assert not [n for n in notices(app) if "Could not page" in n]
    assert stat.S_IMODE(os.stat(pager).st_mode) == 0o700


async def test_a_served_session_runs_no_editor_and_no_pager_but_a_secured_less(
    make_service: ServiceFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Served (serve ssh), the programs run on the host: vi's :!sh or less's !sh would be a shell
    # there. No editor at all; as pager only less, with LESSSECURE (here none is on PATH).
    monkeypatch.setenv("EDITOR", script(tmp_path, "ed", "true"))
    monkeypatch.setenv("PAGER", script(tmp_path, "pager", "cat > /dev/null"))
    monkeypatch.setenv("PATH", f"{tmp_path / 'empty'}")
    policy = SessionPolicy(agent="dana", served=True)
    app = TerminalApp(sandbox_connection(), service=await make_service("demo-agent"), policy=policy)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, YUKI)
        await pilot.press("M")
        await flow_finished(pilot)
        assert any("Not in a served session" in n for n in notices(app))
        await pilot.press("o")
        await settle(pilot)
        assert any("Could not page it (no pager here)" in n for n in notices(app))
    assert calls(tmp_path) == []
    less = script(tmp_path, "less", "true")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pager_command(served=True) == [less]
    assert pager_command() == [os.environ["PAGER"]]
