"""Files the app writes are the user's alone: 0600 in directories created 0700, looser ones tightened."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700

_tightened: list[Path] = []
"""Files found readable by others and tightened, not yet told to the agent."""


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents 0700 (mkdir's mode covers only the last one)."""
    missing = []
    for parent in (path, *path.parents):
        if parent.exists():
            break
        missing.append(parent)
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):
            directory.mkdir(mode=DIR_MODE)
    return path


def tighten(path: Path) -> bool:
    """Make an existing file 0600 if group or others may read or write it; True when changed."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if mode & 0o077 == 0 or os.name != "posix":
        return False
    os.chmod(path, mode & 0o700 | FILE_MODE)
    _tightened.append(path)
    return True


def open_private(path: Path, flags: int) -> int:
    """`os.open` for a file of ours: parents created 0700, a new file 0600, an old one tightened."""
    private_dir(path.parent)
    tighten(path)
    return os.open(path, flags, FILE_MODE)


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically (a temporary file beside it, then rename), 0600."""
    tmp = path.with_name(path.name + ".tmp")
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.fchmod(fd, FILE_MODE) if hasattr(os, "fchmod") else None
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    os.replace(tmp, path)


def take_tightened() -> list[Path]:
    """The files tightened since the last call, once each, for a one-time notice."""
    found = list(dict.fromkeys(_tightened))
    _tightened.clear()
    return found
