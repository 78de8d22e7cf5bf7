"""No traceback reaches the terminal: a bug is a line in the status line, or an exit with a crash report."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.binding import Binding, BindingType

from tests.support.waiting import settle
from tests.ui.changes_support import screen_is, until
from tests.ui.conftest import sandbox_connection
from tui.core.crash import crash_dir, crash_paragraph, redact_message
from tui.ui import app as app_module
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.activity import ActivityScreen

SIZE = (80, 24)
PII = "john.smith@example.com called +49 30 1234567 about 10000001"


class BuggyApp(CustomerTuiApp):
    """The app with two deliberate bugs: one in a key's action, one in a timer callback."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        *CustomerTuiApp.BINDINGS,
        Binding("f12", "broken", "Broken"),
        Binding("f11", "break_later", "Break later"),
    ]

    def action_broken(self) -> None:
        raise ValueError(PII)

    def action_break_later(self) -> None:
        def fail() -> None:
            secret_customer = {"email": "john.smith@example.com"}  # a local that must not leak
            raise KeyError(secret_customer["email"])

        self.set_timer(0.01, fail)


@pytest.fixture
def agent_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUSTOMER_TUI_DEBUG", raising=False)


async def test_activity_on_an_empty_journal_survives_up_and_page_down(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.scopes is not None, "sign-in")
        await pilot.press("down", "A")
        activity = await screen_is(pilot, ActivityScreen)
        await pilot.press("up", "pagedown", "pageup", "down", "enter")
        await pilot.pause()
        assert app.screen is activity and activity.entries == []
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActivityScreen)


async def test_a_bug_in_a_key_action_is_one_line_and_the_app_goes_on(
    make_service: Any, agent_view: None
) -> None:
    app = BuggyApp(sandbox_connection(), service=await make_service())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the first page's success would clear the status line
        await pilot.press("f12")
        await pilot.pause()
        assert app.last_error.startswith("Unexpected error: could not do “broken”: ValueError")
        assert app.last_error.endswith("(the app kept running)")
        assert app.is_running and app.crashed is None
        await pilot.press("f1")  # keys still work
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_bug_the_app_cannot_go_on_from_exits_with_a_private_crash_report(
    make_service: Any, agent_view: None
) -> None:
    app = BuggyApp(sandbox_connection(), service=await make_service())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.scopes is not None, "sign-in")
        await pilot.press("f11")
        await until(pilot, lambda: app.crashed is not None, "the crash")
    assert app.return_code == 1 and isinstance(app.crashed, KeyError)
    path = app.crash_report
    assert path is not None and path.parent == crash_dir()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    report = path.read_text(encoding="utf-8")
    assert "builtins.KeyError" in report and "in fail" in report
    assert "john.smith" not in report and "example.com" not in report
    assert "raise KeyError(secret_customer" in report  # the source line, which is code...
    assert "{'email'" not in report  # ...but never the value of a local
    paragraph = crash_paragraph(app.crashed, path)
    assert str(path) in paragraph and "CUSTOMER_TUI_DEBUG=1" in paragraph
    assert "\n" not in paragraph and "Traceback" not in paragraph


def test_crash_messages_lose_customer_data_and_tokens() -> None:
    said = redact_message(f"{PII}; 'Anna Schmidt' Bearer eyJhbGciOiJIUzI1NiJ9.abc")
    for leak in ("john", "example", "1234567", "10000001", "Anna", "eyJ"):
        assert leak not in said


async def test_ctrl_p_over_a_screen_that_hides_an_open_palette_opens_no_second_one(
    make_app: Any,
) -> None:
    from tui.ui.screens.help import HelpScreen

    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.scopes is not None, "sign-in")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.has_class("--textual-command-palette"), "palette")
        # What a change flow does when its form opens while the agent has the palette open.
        app.push_screen(HelpScreen.for_screen(app.screen))
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        palettes = [s for s in app.screen_stack if s.has_class("--textual-command-palette")]
        assert len(palettes) == 1 and app.is_running
