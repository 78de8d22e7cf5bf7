"""SVG snapshots of the list and every detail tab at 80x24 and 120x40, from fixed sandbox data."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.detail import DetailScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def svg(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(SVGImageExtension)


@pytest.mark.parametrize("size", SIZES)
async def test_list_snapshot(
    make_app: AppFactory, snapshot: SnapshotAssertion, size: tuple[int, int]
) -> None:
    app = await make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("tab", "number"),
    [
        ("profile", "10000002"),
        ("addresses", "10000001"),
        ("accounts", "10000005"),
        ("b2b", "10000002"),
        ("raw", "10000005"),
    ],
)
async def test_detail_tab_snapshot(
    make_app: AppFactory, snapshot: SnapshotAssertion, size: tuple[int, int], tab: str, number: str
) -> None:
    app = await make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_customer(number)
        await settle(pilot)
        screen: Any = app.screen
        assert isinstance(screen, DetailScreen) and screen.customer is not None
        screen.action_tab(tab)
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()


async def test_help_snapshot(make_app: AppFactory, snapshot: SnapshotAssertion) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        await pilot.press("question_mark")
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()
