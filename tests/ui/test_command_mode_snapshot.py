"""SVG snapshot of command mode at 80x24, with the completion candidates for `:sort ` shown."""

from __future__ import annotations

from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.command_prompt import CommandPrompt


async def test_command_mode_snapshot_shows_the_prompt_and_its_candidates(
    make_app: AppFactory, snapshot: SnapshotAssertion
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        await pilot.press("colon", *"sort", "tab", "tab")
        await settle(pilot)
        assert isinstance(app.screen, CommandPrompt)
        assert snapshot.use_extension(SVGImageExtension) == app.export_screenshot()
