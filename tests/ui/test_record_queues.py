"""Work queues on the Kibo account list, against the embedded sandbox's Kibo side."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.support.waiting import settle, until
from tests.ui.record_support import colleague, kibo_connection
from tests.ui.test_queues import counted, write_config
from tui.config.profiles import config_path, load_settings
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.records import RecordListScreen
from tui.ui.widgets.queue_row import QueueRow

SIZE = (80, 24)
CONFIG = """\
# Kibo queues (this comment must survive a save).
[queues]
"on hold, de" = "onHold:true restriction:de"

[kibo_queues]
"pending" = "approvalStatus:PendingApproval"
"denied" = "approvalStatus:Denied"
"""


async def accounts_where(tmp_path: Path, filter: str) -> int:
    async with colleague(tmp_path) as client:
        page = await client.list_accounts(filter=filter, page_size=1)
    return page.total_count


def kibo_queue_app(tmp_path: Path) -> CustomerTuiApp:
    path = write_config(CONFIG)
    return CustomerTuiApp(kibo_connection(tmp_path), settings=load_settings(path))


async def test_the_kibo_list_shows_the_kibo_queues_with_the_sandboxs_counts(
    tmp_path: Path,
) -> None:
    app = kibo_queue_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecordListScreen)
        row = app.screen.query_one(QueueRow)
        # The Emporix [queues] are in Emporix's words: not offered on Kibo.
        assert row.names == ["pending", "denied"]
        pending = await accounts_where(tmp_path, "approvalStatus eq 'PendingApproval'")
        denied = await accounts_where(tmp_path, "approvalStatus eq 'Denied'")
        assert pending > 0 and denied > 0 and pending != denied
        await counted(pilot, row, "pending", f"{pending:,}")
        await counted(pilot, row, "denied", f"{denied:,}")
        assert "accounts" in "\n".join(row.lines())


async def test_brackets_show_a_kibo_queue_and_mark_it(tmp_path: Path) -> None:
    app = kibo_queue_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen: RecordListScreen = app.screen  # type: ignore[assignment]
        screen.table.focus()
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.table.row_count > 0, "the queue's accounts")
        await settle(pilot)
        row = screen.queue_row
        assert row.active_queue == "pending"
        assert screen.query_one("#search").value == "approvalStatus:PendingApproval"
        assert {r.approval_status for r in screen.table.records} == {"PendingApproval"}
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert row.active_queue == "denied"
        assert {r.approval_status for r in screen.table.records} == {"Denied"}
        # A quick filter on top is another search: the mark goes.
        await pilot.press("f3")
        await settle(pilot)
        assert row.active_queue is None


async def test_saving_the_kibo_search_as_a_queue_writes_kibo_queues_0600(tmp_path: Path) -> None:
    app = kibo_queue_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen: RecordListScreen = app.screen  # type: ignore[assignment]
        box = screen.query_one("#search")
        box.focus()
        box.value = "approvalStatus:Approved"
        await pilot.press("enter")
        await settle(pilot)
        config_path().chmod(0o644)
        await pilot.press("colon", *"queue save approved", "enter")
        await settle(pilot)
        row = screen.queue_row
        assert row.names == ["pending", "denied", "approved"]
        assert row.active_queue == "approved"
        approved = await accounts_where(tmp_path, "approvalStatus eq 'Approved'")
        await counted(pilot, row, "approved", f"{approved:,}")
        # With a quick filter on, the search is not what a queue can hold: refused in words.
        await pilot.press("left_square_bracket", "left_square_bracket")  # pending
        await settle(pilot)
        screen.table.focus()
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("colon", *"queue save more", "enter")
        await settle(pilot)
        said = str(app.screen.query_one("#candidates").render())
        assert "quick filters" in said and "approvalStatus:PendingApproval" in said
    settings = load_settings(config_path())
    assert settings.kibo_queues["approved"] == "approvalStatus:Approved"
    assert "approved" not in settings.queues and "more" not in settings.kibo_queues
    assert config_path().read_text().startswith("# Kibo queues (this comment must survive")
    assert stat.S_IMODE(os.stat(config_path()).st_mode) == 0o600


async def test_a_list_under_an_account_has_no_queue_row_and_offers_no_brackets(
    tmp_path: Path,
) -> None:
    app = kibo_queue_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(RecordListScreen("user", parent="1001"))
        await settle(pilot)
        screen: RecordListScreen = app.screen  # type: ignore[assignment]
        assert screen.parent_key == "1001"
        assert not screen.queue_row.display and screen.queue_row.names == []
        assert screen.check_action("queue_step", (1,)) is False
