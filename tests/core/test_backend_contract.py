"""One contract suite for every Backend (Harlequin-style): each test runs against Emporix and Kibo alike.

A backend joins the suite with one `Case`: how to open it (and a colleague's) on the in-process
sandbox, a record kind to exercise, and one edit and one action on it. Nothing is mocked: the
real clients talk to the real sandbox through httpx.ASGITransport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.services import kibo_client, sandbox_service
from tui.core import errors
from tui.core.backend import Access, Backend
from tui.core.kinds import form_values, get_path
from tui.core.paging import Pager
from tui.emporix.backend import EmporixBackend
from tui.kibo.backend import KiboBackend


@dataclass
class Case:
    """What the suite needs to know of one backend to exercise it."""

    open: Callable[[Any], Backend]
    """A new backend on the given sandbox app (the suite closes it)."""
    kind: str
    parent: str | None
    key: str
    """A record that exists in the demo data."""
    missing_key: str
    search: Callable[[Any], str]
    """Text the agent could type to find that record."""
    field: str
    values: tuple[Any, Any]
    """Two different values for `field`: mine and a colleague's."""
    action: str
    done: Callable[[Any, Any], bool]
    """done(before, after): whether `action` did what it says."""
    failing_key: str
    """A demo record that fails exactly one diagnosis rule: `failing_rule`."""
    failing_rule: str
    no_diagnosis: str | None
    """A kind this backend serves without a diagnosis (None: every kind has one)."""


CASES = {
    "emporix": Case(
        open=lambda app: EmporixBackend(sandbox_service(app)),
        kind="customer",
        parent=None,
        key="10000001",
        missing_key="99999999",
        search=lambda c: c.contact_email,
        field="first_name",
        values=("Contractia", "Colleaguina"),
        action="hold",
        done=lambda before, after: bool(after.on_hold) != bool(before.on_hold),
        failing_key="19000001",
        failing_rule="emporix.login-account",
        no_diagnosis=None,
    ),
    "kibo": Case(
        open=lambda app: KiboBackend(kibo_client(app)),
        kind="user",
        parent="1001",
        key="1001/1783439705ba76c8c7908d9326797ede",
        missing_key="1001/no-such-user",
        search=lambda u: u.last_name,
        field="first_name",
        values=("Contractia", "Colleaguina"),
        action="lock",
        done=lambda before, after: after.is_locked is True and not before.is_locked,
        # Lara, the admin of 1005 Contoso Labs: her own account is fine, its parent 1004 is not.
        failing_key="1005/",
        failing_rule="kibo.parent-accounts",
        no_diagnosis="account",
    ),
}


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> Case:
    return CASES[request.param]


@pytest.fixture
async def opened(case: Case, sandbox_app: Any) -> AsyncIterator[Callable[[], Backend]]:
    """Open backends on one sandbox (mine, a colleague's); all closed at the end."""
    backends: list[Backend] = []

    def make() -> Backend:
        backends.append(case.open(sandbox_app))
        return backends[-1]

    yield make
    for backend in backends:
        await backend.close()


@pytest.fixture
async def backend(opened: Callable[[], Backend]) -> Backend:
    signed_in = opened()
    await signed_in.sign_in()
    return signed_in


async def test_it_is_a_backend_and_signing_in_says_what_it_may_do(
    opened: Callable[[], Backend],
) -> None:
    fresh = opened()
    assert isinstance(fresh, Backend)
    assert fresh.access is None, "nothing is known before signing in"
    access = await fresh.sign_in()
    assert isinstance(access, Access) and fresh.access == access
    assert access.can_change and access.read_only_reason is None


async def test_every_kind_describes_itself_completely_and_reads_a_real_record(
    backend: Backend, case: Case
) -> None:
    assert list(backend.kinds) and all(name == k.name for name, k in backend.kinds.items())
    for kind in backend.kinds.values():
        assert kind.columns and kind.sorts and kind.tabs and kind.actions
        assert None in {s.value for s in kind.sorts}, "a best-match order is always offered"
        keys = list({a.key for a in kind.actions}) + [t.key for t in kind.tabs]
        assert len(keys) == len(set(keys)), f"{kind.name}: two things on one key"
        for key in {a.key for a in kind.actions}:
            sharing = [a for a in kind.actions if a.key == key]
            # Actions on one key (lock and unlock) each say when they apply, so the key
            # always does the one that fits the record.
            assert len(sharing) == 1 or all(a.applies for a in sharing), f"{kind.name}: {key}"
    kind = backend.kinds[case.kind]
    record = await backend.get(case.kind, case.key)
    assert kind.key(record) == case.key
    assert kind.label(record) and isinstance(kind.wire(record), dict)
    assert all(isinstance(c.value(record), str) for c in kind.columns)
    assert set(form_values(record, kind.fields)) == {f.name for f in kind.fields}
    for tab in kind.tabs:
        if tab.rows:
            assert all(isinstance(label, str) for label, _ in tab.rows(record))
        for item in tab.items(record) if tab.items else []:
            assert all(isinstance(c.value(item), str) for c in tab.columns)


async def test_find_returns_a_lazy_pager_that_finds_the_record(
    backend: Backend, case: Case
) -> None:
    record = await backend.get(case.kind, case.key)
    pager = backend.find(case.kind, case.search(record), parent=case.parent)
    assert isinstance(pager, Pager)
    assert pager.total is None, "nothing is read before the first page is asked for"
    found = list(await pager.next_page())
    kind = backend.kinds[case.kind]
    assert case.key in [kind.key(r) for r in found]
    assert pager.total is not None and pager.total >= 1


async def test_find_pages_through_everything_once(backend: Backend, case: Case) -> None:
    pager = backend.find(case.kind, page_size=2, parent=case.parent)
    kind = backend.kinds[case.kind]
    keys = [kind.key(r) async for r in pager]
    assert len(keys) == len(set(keys)) > 2
    assert pager.exhausted and await pager.next_page() == []


async def test_an_unknown_kind_or_sort_is_refused_before_any_request(
    backend: Backend, case: Case
) -> None:
    with pytest.raises(ValueError):
        backend.find("no-such-kind")
    with pytest.raises(ValueError):
        backend.find(case.kind, sort="no-such-field:asc", parent=case.parent)


async def test_a_missing_record_is_the_neutral_not_found(backend: Backend, case: Case) -> None:
    with pytest.raises(errors.NotFound):
        await backend.get(case.kind, case.missing_key)


async def test_save_sends_the_change_and_returns_the_record_as_saved(
    backend: Backend, case: Case
) -> None:
    kind = backend.kinds[case.kind]
    before = await backend.get(case.kind, case.key)
    mine = case.values[0]
    saved = await backend.save(case.kind, before, kind.apply(before, {case.field: mine}))
    assert get_path(saved, case.field) == mine
    again = await backend.get(case.kind, case.key)
    assert get_path(again, case.field) == mine
    assert kind.wire(again) == kind.wire(saved)


async def test_a_change_made_meanwhile_is_a_version_conflict_carrying_the_current_record(
    opened: Callable[[], Backend], case: Case
) -> None:
    me, colleague = opened(), opened()
    kind = me.kinds[case.kind]
    seen = await me.get(case.kind, case.key)
    theirs = await colleague.get(case.kind, case.key)
    mine, their_value = case.values
    await colleague.save(case.kind, theirs, kind.apply(theirs, {case.field: their_value}))
    with pytest.raises(errors.VersionConflict) as conflict:
        await me.save(case.kind, seen, kind.apply(seen, {case.field: mine}))
    assert conflict.value.current is not None
    assert get_path(conflict.value.current, case.field) == their_value
    now = await me.get(case.kind, case.key)
    assert get_path(now, case.field) == their_value, "nothing of mine was saved"


async def test_an_action_runs_by_name_and_returns_the_record_after_it(
    backend: Backend, case: Case
) -> None:
    kind = backend.kinds[case.kind]
    assert kind.action(case.action).changes
    before = await backend.get(case.kind, case.key)
    after = await backend.act(case.kind, case.action, before)
    assert after is not None and case.done(before, after)
    assert case.done(before, await backend.get(case.kind, case.key))
    with pytest.raises(KeyError):
        await backend.act(case.kind, "no-such-action", before)


async def _failing_record(backend: Backend, case: Case) -> Any:
    if not case.failing_key.endswith("/"):
        return await backend.get(case.kind, case.failing_key)
    # A user found under its account (its id is generated): the first of that account.
    pager = backend.find(case.kind, parent=case.failing_key.rstrip("/"))
    return (await pager.next_page())[0]


async def test_diagnose_answers_every_rule_and_fails_the_one_the_demo_record_breaks(
    backend: Backend, case: Case
) -> None:
    kind = backend.kinds[case.kind]
    good = await backend.diagnose(case.kind, await backend.get(case.kind, case.key))
    assert good.platform == backend.platform and good.rules
    assert kind.label(await backend.get(case.kind, case.key)).split(" ")[0] in good.subject
    assert not good.failed, good.text()
    failing = await backend.diagnose(case.kind, await _failing_record(backend, case))
    assert [r.id for r in failing.failed] == [case.failing_rule], failing.text()
    assert all(r.reason for r in failing.rules), "every line says why"


async def test_diagnose_refuses_a_kind_without_one_before_any_request(
    backend: Backend, case: Case
) -> None:
    with pytest.raises(ValueError):
        await backend.diagnose("no-such-kind", None)
    if case.no_diagnosis is not None:
        with pytest.raises(ValueError, match="diagnoses"):
            await backend.diagnose(case.no_diagnosis, None)
