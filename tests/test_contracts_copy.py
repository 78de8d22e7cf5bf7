"""The project's copy of the API contracts is the one the team shares, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SPECS

# The shared folder beside the project, where the contracts come from; absent in a lone clone.
UPSTREAM = ROOT.parent.joinpath("shared", "specs")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_project_keeps_every_contract_the_tests_read() -> None:
    names = set(_files(SPECS))
    assert {
        "README.md",
        "emporix-customer-service.yml",
        "emporix-oauth-service.yml",
        "kibo-b2b-accounts.json",
    } <= names


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="no shared specs beside this clone")
def test_contracts_are_identical_to_the_shared_specs() -> None:
    ours, theirs = _files(SPECS), _files(UPSTREAM)
    assert sorted(ours) == sorted(theirs), "tests/contracts/ and the shared specs list other files"
    changed = [name for name in theirs if ours[name] != theirs[name]]
    assert not changed, (
        f"tests/contracts/ differs from the shared specs in {changed}: copy them again"
    )
