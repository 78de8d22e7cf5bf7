"""SVG snapshots of a Kibo account's detail (its users) and a user's, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from tests.support.waiting import settle
from tests.ui.record_support import LARS, kibo_app, open_record

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def svg(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(SVGImageExtension)


@pytest.mark.parametrize("size", SIZES)
async def test_account_detail_snapshot(
    tmp_path: Path, snapshot: SnapshotAssertion, size: tuple[int, int]
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_record(pilot, "account", "1001")
        await pilot.press("2")
        await settle(pilot)
        assert svg(snapshot) == app.export_screenshot()


@pytest.mark.parametrize("size", SIZES)
async def test_user_detail_snapshot(
    tmp_path: Path, snapshot: SnapshotAssertion, size: tuple[int, int]
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_record(pilot, "user", LARS)
        assert svg(snapshot) == app.export_screenshot()
