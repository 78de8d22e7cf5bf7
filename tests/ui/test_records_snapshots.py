"""SVG snapshots of the Kibo account list at 80x24 and 120x40, from the sandbox's fixed demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion

from tests.support.waiting import settle
from tests.ui.test_records import kibo_app, on_accounts

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
async def test_account_list_snapshot(
    tmp_path: Path, snapshot: SnapshotAssertion, size: tuple[int, int]
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await on_accounts(pilot)
        await settle(pilot)
        assert snapshot.use_extension(SVGImageExtension) == app.export_screenshot()
