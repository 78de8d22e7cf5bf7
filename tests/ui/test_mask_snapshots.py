"""SVG snapshots of mask mode at 80x24: the list, a customer's profile and addresses, the reveal."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from tests.support.waiting import settle
from tests.ui.changes_support import open_detail, screen_is
from tests.ui.conftest import AppFactory
from tui.ui.screens.reveal import RevealScreen


def svg(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(SVGImageExtension)


async def test_masked_list_snapshot(make_app: AppFactory, snapshot: SnapshotAssertion) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()


@pytest.mark.parametrize("tab", ["profile", "addresses"])
async def test_masked_detail_snapshot(
    make_app: AppFactory, snapshot: SnapshotAssertion, tab: str
) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen: Any = await open_detail(pilot, "10000001")
        screen.action_tab(tab)
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()


async def test_reveal_chooser_snapshot(make_app: AppFactory, snapshot: SnapshotAssertion) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("v")
        await screen_is(pilot, RevealScreen)
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()
