"""After a run every file the app wrote is 0600 in directories it created 0700; looser ones are tightened, once told."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from pathlib import Path
from typing import Any

from tests.ui.changes_support import flow_finished, open_detail, screen_is, until
from tui.core.crash import write_crash_report
from tui.core.journal import journal_path
from tui.emporix.logs import configure_logging, default_log_path
from tui.paths import state_dir
from tui.ui.recent import recent_path
from tui.ui.screens.confirm import ConfirmScreen

SIZE = (80, 24)


async def _hold_with_reason(pilot: Any, reason: str) -> None:
    """Hold or release the customer shown, confirmed with a reason (a journal line)."""
    await pilot.press("h")
    await screen_is(pilot, ConfirmScreen)
    await pilot.press("tab")
    pilot.app.screen.query_one("#reason").value = reason
    await pilot.press("enter")
    await flow_finished(pilot)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def tightened_notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications if n.title == "File made private"]


async def test_log_journal_recent_list_and_crash_reports_are_private_after_a_run(
    make_app: Any, isolated_dirs: Path
) -> None:
    log = configure_logging()
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")  # the recent list
        await _hold_with_reason(pilot, "private files")  # the journal
    logging.getLogger("tui").debug("one more line")
    report = write_crash_report(ValueError("x"))
    assert log == default_log_path()
    for path in (log, journal_path(), recent_path(), report):
        assert path is not None and path.exists()
        assert mode(path) == 0o600, path
    for directory in (log.parent, state_dir(), state_dir() / "crash"):
        assert mode(directory) == 0o700, directory
    assert not tightened_notices(app)


async def test_a_file_others_could_read_is_tightened_and_the_app_says_so_once(
    make_app: Any,
) -> None:
    state_dir().mkdir(parents=True)
    recent_path().write_text("[]", encoding="utf-8")
    journal_path().write_text("", encoding="utf-8")
    os.chmod(recent_path(), 0o644)
    os.chmod(journal_path(), 0o664)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await _hold_with_reason(pilot, "tighten")
        await until(pilot, lambda: len(tightened_notices(app)) > 0, "the notice")
        await _hold_with_reason(pilot, "again")  # a release: the journal is written again
        await pilot.pause()
        notices = tightened_notices(app)
    assert mode(recent_path()) == 0o600 and mode(journal_path()) == 0o600
    said = " ".join(notices)
    assert str(recent_path()) in said and str(journal_path()) in said
    assert said.count(str(journal_path())) == 1  # told once, not at every write


def test_a_rotated_log_starts_private(isolated_dirs: Path) -> None:
    log = configure_logging()
    handler = next(h for h in logging.getLogger("tui").handlers if h.get_name())
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.doRollover()
    assert mode(log) == 0o600 and mode(log.with_name(log.name + ".1")) == 0o600
