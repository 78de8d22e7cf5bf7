"""Saving a work queue (a named search) into the config file, its comments and layout kept."""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from tui.config.errors import ConfigError
from tui.config.profiles import Settings, check_queues, load_settings
from tui.core.private_files import write_private

HEADER = "# customer-tui configuration (see the README's Config file section).\n"


def save_queue(
    path: Path, name: str, text: str, table: str = "queues"
) -> tuple[Settings, str | None]:
    """Add or replace `[queues] name = text` (or in `table`, e.g. "kibo_queues") in the file at
    `path` (created if missing), written 0600 through a temporary file; returns the settings as
    read back and the text the queue had before (None when it is new). Raises ConfigError, in
    words, and leaves the file as it was, when the name or text cannot be a queue or the file
    cannot be read or written."""
    name, text = name.strip(), text.strip()
    try:
        check_queues({name: text})
    except ValueError as exc:
        raise ConfigError(f"Not saved: {exc}.") from None
    try:
        original: bytes | None = path.read_bytes()
    except FileNotFoundError:
        original = None
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}.") from None
    try:
        doc = tomlkit.parse(original.decode("utf-8") if original is not None else HEADER)
    except (UnicodeDecodeError, TOMLKitError) as exc:
        raise ConfigError(f"Not saved: the config file {path} cannot be read ({exc}).") from None
    queues = doc.get(table)
    if queues is None:
        queues = tomlkit.table()
        doc[table] = queues
    elif not isinstance(queues, dict):
        raise ConfigError(f"Not saved: {table} in {path} is not a [{table}] table.")
    previous = queues.get(name)
    queues[name] = text
    try:
        write_private(path, tomlkit.dumps(doc).encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"Not saved: cannot write {path} ({exc.strerror or exc}).") from None
    try:
        settings = load_settings(path)
    except ConfigError:
        # What we wrote must load (it did before): put the file back as it was.
        if original is None:
            path.unlink(missing_ok=True)
        else:
            write_private(path, original)
        raise
    return settings, None if previous is None else str(previous)
