"""Work queues in the config file: shared and per profile, checked, saved with comments kept."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui.config.errors import ConfigError
from tui.config.profiles import load_settings, queues_for
from tui.config.queues import save_queue

FILE = """\
# top comment
[queues]
"on hold, de" = "onHold:true restriction:de"  # kept
shared = "active:false"

[profiles.prod]
tenant = "acme"
client_id = "x"
secret_env = "S"

[profiles.prod.queues]
shared = "onHold:true"
"prod only" = "restriction:us"
"""


def test_a_profiles_own_queues_follow_the_shared_ones_and_replace_one_of_the_same_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FILE, encoding="utf-8")
    settings = load_settings(path)
    assert queues_for(settings, "prod") == {
        "on hold, de": "onHold:true restriction:de",
        "shared": "onHold:true",
        "prod only": "restriction:us",
    }
    assert queues_for(settings, "sandbox") == {
        "on hold, de": "onHold:true restriction:de",
        "shared": "active:false",
    }
    assert queues_for(None, "sandbox") == {}


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('"" = "x"', "queue name ''"),
        ('"a" = "x\\ny"', "one line"),
        (f'"{"n" * 41}" = "x"', "1 to 40"),
    ],
)
def test_a_queue_that_cannot_be_shown_is_a_config_error_naming_it(
    tmp_path: Path, line: str, words: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[queues]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert "line 1: queues:" in str(caught.value) and words in str(caught.value)


def test_saving_keeps_comments_profiles_and_the_secret_and_writes_0600(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FILE + 'client_secret = "keep-me"\n'.replace("client_secret", "# secret"))
    path.chmod(0o644)
    settings, previous = save_queue(path, "  new one ", "lastName:Smith")
    assert previous is None
    text = path.read_text(encoding="utf-8")
    assert text.startswith(FILE.split("\n\n[profiles.prod]")[0])
    assert '"on hold, de" = "onHold:true restriction:de"  # kept' in text
    assert '"new one" = "lastName:Smith"' in text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert settings.queues["new one"] == "lastName:Smith"
    assert settings.profiles["prod"].queues["prod only"] == "restriction:us"
    _settings, previous = save_queue(path, "shared", "onHold:false")
    assert previous == "active:false"
    assert load_settings(path).queues["shared"] == "onHold:false"


def test_a_bad_name_is_refused_and_the_file_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FILE, encoding="utf-8")
    with pytest.raises(ConfigError, match="Not saved"):
        save_queue(path, "x" * 41, "onHold:true")
    assert path.read_text(encoding="utf-8") == FILE


def test_saving_into_a_missing_file_creates_it_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    settings, _ = save_queue(path, "holds", "onHold:true")
    assert settings.queues == {"holds": "onHold:true"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
