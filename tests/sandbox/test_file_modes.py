"""The sandbox's data file and everything next to it is private to the user who runs it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui.sandbox import SandboxConfig, create_app


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_file_is_0600_in_directories_created_0700(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the common default, under which SQLite alone makes 0644 files
    try:
        data = tmp_path / "made" / "by" / "sandbox" / "sandbox.sqlite3"
        app = create_app(SandboxConfig(customers=20, db_path=data))
        store = app.state.sandbox.store
        store.patch("10000001", {"lastName": "Written"})  # so the WAL file exists too
        try:
            files = [p for p in data.parent.iterdir() if p.name.startswith("sandbox.sqlite3")]
            assert {p.name for p in files} >= {"sandbox.sqlite3", "sandbox.sqlite3-wal"}
            for path in files:
                assert _mode(path) == 0o600, (path, oct(_mode(path)))
            for directory in (tmp_path / "made", tmp_path / "made" / "by", data.parent):
                assert _mode(directory) == 0o700, directory
            assert store.tightened == []
        finally:
            store.close()
    finally:
        os.umask(old)


def test_an_existing_looser_data_file_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "sandbox.sqlite3"
    first = create_app(SandboxConfig(customers=20, db_path=data)).state.sandbox.store
    first.close()
    os.chmod(data, 0o644)
    before = _mode(tmp_path)
    store = create_app(SandboxConfig(customers=20, db_path=data)).state.sandbox.store
    try:
        assert _mode(data) == 0o600
        assert data in store.tightened
        assert store.count() == 20  # the data survived
        assert _mode(tmp_path) == before
    finally:
        store.close()


def test_throwaway_data_is_private_too() -> None:
    store = create_app(SandboxConfig(customers=20)).state.sandbox.store
    try:
        scratch = store.file
        assert _mode(scratch.parent) == 0o700
        assert _mode(scratch) == 0o600
    finally:
        store.close()
