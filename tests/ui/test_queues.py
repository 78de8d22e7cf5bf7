"""Work queues against the sandbox: counts from the config file, switching, saving the search."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from tests.support.waiting import settle, until
from tests.ui.changes_support import flow_finished, open_detail, screen_is
from tests.ui.conftest import ServiceFactory, sandbox_connection
from tui.config.profiles import config_path, load_settings
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.queue_name import QueueNameScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.queue_row import QueueCount, QueueRow

SIZE = (80, 24)
CONFIG = """\
# The team's queues (this comment must survive a save).
theme = "textual-dark"

[queues]
"on hold, de" = "onHold:true restriction:de"   # German holds
"inactive B2B" = "active:false businessModel:B2B"
"""


def write_config(text: str = CONFIG) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


async def queue_app(make_service: ServiceFactory, text: str = CONFIG) -> CustomerTuiApp:
    path = write_config(text)
    return CustomerTuiApp(
        sandbox_connection(), service=await make_service("demo-agent"), settings=load_settings(path)
    )


async def sandbox_total(make_service: ServiceFactory, q: str) -> int:
    svc = await make_service("demo-viewer")
    page = await svc.search_customers(q, page_size=1)
    assert page.total is not None
    return page.total


async def search_for(pilot: Any, text: str) -> None:
    """Type `text` into the search box and press Enter, as an agent does."""
    box = pilot.app.screen.query_one("#search")
    box.focus()
    box.value = text
    await pilot.press("enter")
    await settle(pilot)


def row_of(app: Any) -> QueueRow:
    return app.screen.query_one(QueueRow)


async def counted(pilot: Any, row: QueueRow, name: str, value: str) -> None:
    await until(pilot, lambda: row.count_of(name) == value, f"{name} to count {value}")


async def test_queues_from_the_config_file_show_the_sandboxs_counts(
    make_service: ServiceFactory,
) -> None:
    on_hold_de = await sandbox_total(make_service, "onHold:true restriction:de")
    inactive_b2b = await sandbox_total(make_service, "active:false businessModel:B2B")
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = row_of(app)
        assert row.display and row.names == ["on hold, de", "inactive B2B"]
        await counted(pilot, row, "on hold, de", str(on_hold_de))
        await counted(pilot, row, "inactive B2B", str(inactive_b2b))
        drawn = str(row.render())
        assert f"on hold, de {on_hold_de} · inactive B2B {inactive_b2b}" in drawn
        assert "▶" not in drawn  # the list shows everyone: no queue is active


async def test_a_hold_the_agent_makes_counts_the_queue_again(
    make_service: ServiceFactory,
) -> None:
    before = await sandbox_total(make_service, "onHold:true restriction:de")
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = row_of(app)
        await counted(pilot, row, "on hold, de", str(before))
        await open_detail(pilot, "10000002")  # Anna Schmidt: restriction de, not on hold
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        await counted(pilot, row, "on hold, de", str(before + 1))


async def test_brackets_switch_queues_and_mark_the_one_shown(
    make_service: ServiceFactory,
) -> None:
    on_hold_de = await sandbox_total(make_service, "onHold:true restriction:de")
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search: SearchScreen = app.screen  # type: ignore[assignment]
        search.table.focus()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        row = row_of(app)
        assert row.active_queue == "on hold, de"
        assert search.query_one("#search").value == "onHold:true restriction:de"
        assert search.table.row_count == on_hold_de
        assert all(c.on_hold and c.restriction == "de" for c in search.table.customers)
        assert "▶ on hold, de" in str(row.render())
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert row.active_queue == "inactive B2B"
        assert all(c.business_model == "B2B" for c in search.table.customers)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert row.active_queue == "on hold, de"
        # Another search is no queue: the mark goes.
        await search_for(pilot, "smith")
        assert row.active_queue is None
        search.table.focus()
        # Command mode reaches one by name, whatever the case.
        await pilot.press("colon", *"queue INACTIVE b2b", "enter")
        await settle(pilot)
        assert row.active_queue == "inactive B2B"


async def test_the_active_queue_is_marked_in_reverse_so_it_reads_without_colour(
    make_service: ServiceFactory,
) -> None:
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        text = row_of(app).render()
        active = [span for span in text.spans if "on hold, de" in text.plain[span.start : span.end]]
        assert active and all(span.style.reverse for span in active)  # type: ignore[union-attr]


async def test_saving_the_search_as_a_queue_keeps_the_files_comments_and_makes_it_0600(
    make_service: ServiceFactory,
) -> None:
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search: SearchScreen = app.screen  # type: ignore[assignment]
        await search_for(pilot, "businessModel:B2B")
        search.table.focus()
        await pilot.press("f2")  # on hold: a quick filter joins the raw q
        await settle(pilot)
        config_path().chmod(0o644)
        await pilot.press("colon", *"queue save smiths on hold", "enter")
        await settle(pilot)
        row = row_of(app)
        assert row.names == ["on hold, de", "inactive B2B", "smiths on hold"]
        assert row.text_of("smiths on hold") == "businessModel:B2B onHold:true"
        await counted(pilot, row, "smiths on hold", str(search.table.row_count))
        # Saved as the list shows it now: the search with the filter folded in.
        search.action_filter("clear")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert row.active_queue == "smiths on hold"
        assert search.filters.words() == "none"
    text = config_path().read_text(encoding="utf-8")
    assert text.startswith("# The team's queues (this comment must survive a save).")
    assert '"on hold, de" = "onHold:true restriction:de"   # German holds' in text
    assert '"smiths on hold" = "businessModel:B2B onHold:true"' in text
    assert stat.S_IMODE(os.stat(config_path()).st_mode) == 0o600
    assert load_settings(config_path()).queues["smiths on hold"] == "businessModel:B2B onHold:true"


async def test_a_smart_search_with_quick_filters_is_refused_as_a_queue_in_words(
    make_service: ServiceFactory,
) -> None:
    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search: SearchScreen = app.screen  # type: ignore[assignment]
        await search_for(pilot, "smith")
        search.table.focus()
        await pilot.press("f4")  # B2B
        await settle(pilot)
        await pilot.press("colon", *"queue save nope", "enter")
        await settle(pilot)
        prompt = app.screen
        message = str(prompt.query_one("#candidates").render())
        assert "cannot be one search text" in message and "F7" in message
    assert "nope" not in config_path().read_text(encoding="utf-8")


async def test_save_from_the_palette_asks_for_a_name_and_creates_the_file(
    make_service: ServiceFactory,
) -> None:
    app = CustomerTuiApp(sandbox_connection(), service=await make_service("demo-agent"))
    assert not config_path().exists()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search: SearchScreen = app.screen  # type: ignore[assignment]
        assert not row_of(app).display  # no queues: no row
        await search_for(pilot, "dubois")
        search.action_save_queue()
        dialog = await screen_is(pilot, QueueNameScreen)
        dialog.query_one("#queue-name").value = "Dubois"
        await pilot.press("enter")
        await settle(pilot)
        row = row_of(app)
        assert row.display and row.names == ["Dubois"] and row.active_queue == "Dubois"
    assert stat.S_IMODE(os.stat(config_path()).st_mode) == 0o600
    assert load_settings(config_path()).queues == {"Dubois": "dubois"}


async def test_a_failing_count_shows_a_question_mark_and_says_why(
    make_service: ServiceFactory,
) -> None:
    app = await queue_app(make_service, '[queues]\nbroken = "foo:bar"\nall = ""\n')
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = row_of(app)
        await counted(pilot, row, "broken", "?")
        await counted(pilot, row, "all", "300")
        said = "\n".join(row.lines())
        assert "broken" in said and "'foo' is not a field" in said
        assert "'foo' is not a field" in str(row.tooltip)
        assert "[ and ] switch queues" in str(row.tooltip)


async def test_without_queues_the_keys_are_neither_offered_nor_in_help(
    make_service: ServiceFactory,
) -> None:
    app = CustomerTuiApp(sandbox_connection(), service=await make_service("demo-agent"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search: SearchScreen = app.screen  # type: ignore[assignment]
        search.table.focus()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert search.query_text == ""
        await pilot.press("question_mark")
        help_screen = await screen_is(pilot, HelpScreen)
        assert not [r for r in help_screen.rows if "queue" in r[1].lower()]


class _RowApp(App[None]):
    def __init__(self, row: QueueRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        yield self.row


async def test_a_queue_never_has_two_count_requests_in_flight() -> None:
    gate = asyncio.Event()
    running: list[str] = []
    most = 0
    calls = 0

    async def count(text: str) -> QueueCount:
        nonlocal most, calls
        calls += 1
        running.append(text)
        most = max(most, running.count(text))
        await gate.wait()
        running.remove(text)
        return QueueCount(calls)

    row = QueueRow({"a": "x"}, count, every=3600)
    app = _RowApp(row)
    async with app.run_test() as pilot:
        await until(pilot, lambda: calls == 1, "the first count")
        row.refresh_counts()
        row.refresh_counts()  # while one runs: counted once more afterwards, not twice at once
        assert calls == 1
        gate.set()
        await until(pilot, lambda: calls == 2 and not running, "the second count")
        await app.workers.wait_for_complete()
    assert most == 1 and calls == 2
    assert row.count_of("a") == "2"


async def test_queue_row_snapshot_at_80x24(make_service: ServiceFactory, snapshot: Any) -> None:
    from pytest_textual_snapshot import SVGImageExtension

    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        await pilot.press("right_square_bracket")
        row = row_of(app)
        await until(pilot, lambda: "…" not in str(row.render()), "the counts")
        await settle(pilot)
        assert snapshot.use_extension(SVGImageExtension) == app.export_screenshot()


async def test_a_queue_name_that_looks_like_markup_is_shown_as_written(
    make_service: ServiceFactory,
) -> None:
    app = await queue_app(make_service, '[queues]\n"[/]odd [b]" = "dubois"\n')
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = row_of(app)
        await until(pilot, lambda: row.count_of("[/]odd [b]") not in ("…", "?"), "the count")
        assert "[/]odd [b]" in str(row.render())
        assert "[/]odd [b]" in str(row.tooltip)


async def test_tab_completes_a_queue_name_word_by_word(make_service: ServiceFactory) -> None:
    from tui.ui.command_mode import complete

    app = await queue_app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert complete(app, "queue ")[1] == ["save", "on", "inactive"]
        assert complete(app, "queue o") == ("queue on ", ["on"])
        assert complete(app, "queue on ") == ("queue on hold, ", ["hold,"])
        assert complete(app, "queue on hold, ") == ("queue on hold, de ", ["de"])
