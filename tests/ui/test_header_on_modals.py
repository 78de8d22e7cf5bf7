"""The status line (profile label, colour, READ-ONLY) stays in view on every screen, dialogs too."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from tests.ui.changes_support import open_detail, until
from tests.ui.conftest import AppFactory
from tui.ui.widgets.status_line import StatusLine


@pytest.mark.parametrize("key", ["e", "h", "d", "A", "m", "question_mark", "ctrl+o"])
async def test_every_dialog_at_80x24_keeps_the_status_line_on_top(
    make_app: AppFactory, key: str
) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot, "10000002")
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not detail and isinstance(app.screen, ModalScreen))
        await pilot.pause()
        widget, _region = app.screen.get_widget_at(2, 0)
        assert isinstance(widget, StatusLine), f"{type(app.screen).__name__} covers the header"
        assert widget.parts["where"] == "SANDBOX"
        assert "SANDBOX" in widget.render().plain
