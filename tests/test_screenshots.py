"""`customer-tui screenshots` renders real screens from the sandbox, and never a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import cli
from tui.screenshots import SHOTS


def test_screenshots_render_the_sandbox_screens(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    assert cli.main(["screenshots", "--out", str(out), "--only", "search", "detail-b2b"]) == 0
    search = (out / "search.svg").read_text(encoding="utf-8")
    b2b = (out / "detail-b2b.svg").read_text(encoding="utf-8")
    # Rich writes spaces as &#160; in SVG text.
    assert "SANDBOX" in search and "Smith" in search
    assert "DE-HRB-123456" in b2b
    for svg in (search, b2b):
        assert "demo-secret" not in svg


def test_every_readme_screenshot_is_a_known_shot() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    names = {shot.name for shot in SHOTS}
    embedded = {
        part.split(".svg")[0] for part in readme.split("(screenshots/")[1:] if ".svg" in part
    }
    assert embedded and embedded <= names


def test_unknown_screenshot_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["screenshots", "--only", "nope"]) == 2
    assert "unknown screenshot(s): nope" in capsys.readouterr().err
