"""Private files for the sandbox's data: created 0600 in directories it creates 0700."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# SQLite's companions of a database file; it creates them with the database file's mode.
COMPANIONS = ("-wal", "-shm", "-journal")


def private_dirs(directory: Path) -> None:
    """Create the missing directories of `directory`, each 0700 (existing ones are left alone:
    they may be shared, such as ~/.local/share)."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        # mkdir's mode is cut by the umask; 0700 is what is wanted whatever the umask.
        os.chmod(path, 0o700)


def tighten(path: Path) -> bool:
    """Make an existing file 0600 when others may read it; True when its mode was changed."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if mode & 0o077 == 0:
        return False
    os.chmod(path, mode & 0o700 | 0o600)
    return True


def private_database(path: Path) -> list[Path]:
    """Prepare `path` for SQLite: directories 0700, the file created 0600 before SQLite opens it
    (SQLite would create it 0644), existing looser files tightened. Returns the tightened ones."""
    private_dirs(path.parent)
    tightened = [p for p in (path, *(Path(f"{path}{s}") for s in COMPANIONS)) if tighten(p)]
    if not path.exists():
        # An empty file is a valid empty database for SQLite.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    return tightened
