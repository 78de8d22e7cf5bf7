"""The agents file: `serve add-agent` writes it (keeping a lead's comments), the server reads it."""

from __future__ import annotations

from pathlib import Path

import asyncssh
import pytest

from tests.serve.conftest import public_line
from tui.cli import main
from tui.serve.agents import AgentsError, load_agents


def test_add_agent_writes_a_private_file_that_keeps_the_leads_comments(
    tmp_path: Path, keys: dict[str, asyncssh.SSHKey], capsys: pytest.CaptureFixture[str]
) -> None:
    agents = tmp_path / "agents.toml"
    agents.write_text("# night shift, ask Dana\n[agents.dana]\nkeys = []  # her laptop died\n")
    agents.chmod(0o600)
    pub = tmp_path / "alice.pub"
    pub.write_text(public_line(keys["alice"]) + "\n")
    argv = ["serve", "add-agent", "alice", "--key", str(pub), "--agents", str(agents)]
    assert main([*argv, "--profile", "prod", "--profile", "staging", "--read-only"]) == 0
    assert main(argv) == 0  # again: the same key is not added twice, the rest stays
    text = agents.read_text()
    assert "# night shift, ask Dana" in text and "# her laptop died" in text
    assert agents.stat().st_mode & 0o777 == 0o600
    alice = load_agents(agents).agents["alice"]
    assert alice.profiles == ("prod", "staging") and alice.read_only and len(alice.keys) == 1
    assert load_agents(agents).by_key(keys["alice"]).name == "alice"  # type: ignore[union-attr]
    assert load_agents(agents).by_key(keys["stranger"]) is None
    assert "Agent alice" in capsys.readouterr().out


def test_a_web_token_is_shown_once_and_only_its_hash_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agents = tmp_path / "agents.toml"
    assert main(["serve", "add-agent", "bob", "--web-token", "--agents", str(agents)]) == 0
    token = capsys.readouterr().out.split("password): ")[1].split()[0]
    assert token not in agents.read_text()
    assert load_agents(agents).by_token(token).name == "bob"  # type: ignore[union-attr]
    assert load_agents(agents).by_token(token + "x") is None


def test_add_agent_refuses_a_private_key(tmp_path: Path, keys: dict[str, asyncssh.SSHKey]) -> None:
    private = tmp_path / "id_alice"
    keys["alice"].write_private_key(str(private))
    argv = ["serve", "add-agent", "alice", "--key", str(private), "--agents", str(tmp_path / "a")]
    assert main(argv) == 2
    assert not (tmp_path / "a").exists()


def test_an_agents_file_others_may_write_is_refused_in_words(tmp_path: Path) -> None:
    agents = tmp_path / "agents.toml"
    agents.write_text("[agents.x]\n")
    agents.chmod(0o666)
    with pytest.raises(AgentsError, match="chmod 600"):
        load_agents(agents)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('[agents.a]\nkeys = ["not a key"]\n', "not an SSH public key"),
        ('[agents.a]\nrole = "boss"\n', 'role is "agent" or "lead"'),
        ("[agents.a]\nread_only = 1\n", "read_only is true or false"),
        ("[agents.a]\nkey = []\n", "unknown key 'key'"),
        ("[agents.a\n", "not valid TOML"),
    ],
)
def test_a_broken_agents_file_says_what_to_fix(tmp_path: Path, body: str, says: str) -> None:
    agents = tmp_path / "agents.toml"
    agents.write_text(body)
    agents.chmod(0o600)
    with pytest.raises(AgentsError, match=says):
        load_agents(agents)


def test_a_ticket_on_the_command_line_must_be_one_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--ticket", "two words"]) == 2
    assert "ticket reference is one word" in capsys.readouterr().err
