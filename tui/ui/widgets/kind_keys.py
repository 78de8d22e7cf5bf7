"""A record kind's own keys (tabs, actions) bound on the body of the screen that shows it."""

from __future__ import annotations

from functools import cache
from typing import Protocol, cast

from textual.binding import Binding, BindingType
from textual.containers import Vertical

from tui.core.kinds import RecordKind


class KindKeysHost(Protocol):
    """The screen that hosts the keys: it switches tabs and runs or checks the kind's actions."""

    def action_tab(self, name: str) -> None: ...

    def kind_key(self, name: str) -> None: ...

    def check_kind_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...


class KindKeys(Vertical):
    """A screen's body; its subclass per kind (`keys_for`) binds that kind's tab and action
    keys, so a kind brings its own keys without the screen knowing them. They work while the
    focus is inside the body (the tabs, a table), which is where it always is."""

    @property
    def host(self) -> KindKeysHost:
        return cast(KindKeysHost, self.screen)

    def action_tab(self, name: str) -> None:
        self.host.action_tab(name)

    def action_kind_change(self, name: str) -> None:
        self.host.kind_key(name)

    def action_kind_read(self, name: str) -> None:
        self.host.kind_key(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.host.check_kind_action(action, parameters)


@cache
def keys_for(kind: RecordKind) -> type[KindKeys]:
    """A KindKeys subclass binding `kind`'s tab keys and action keys. Actions sharing a key
    (lock, unlock) each get a binding, and the host lets only the one that applies run.
    `kind_change` actions dim while read-only (tui.ui.change_keys.CHANGE_ACTIONS)."""
    bindings: list[BindingType] = [
        Binding(t.key, f"tab('{t.name}')", t.label, show=False) for t in kind.tabs
    ]
    for action in kind.actions:
        verb = "kind_change" if action.changes else "kind_read"
        bindings.append(
            Binding(
                action.key,
                f"{verb}('{action.name}')",
                action.label,
                id=action.name,  # what a diagnosis names as a fix (`w`), and `[keymap]`
                tooltip=action.description or action.label,
                show=action.key_bar,
            )
        )
    name = f"{kind.name.title()}Keys"
    return type(name, (KindKeys,), {"BINDINGS": bindings, "__module__": __name__})
