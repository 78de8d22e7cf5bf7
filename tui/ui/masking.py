"""Mask mode on screen: every customer value a screen shows goes through `shown` (or a `Mask`).

`app.masked` (CustomerTuiApp) says whether contact data is masked; `tui.core.mask` says how.
Widgets built with `MaskedStatic` draw themselves again whenever the mode changes, on every
screen of the stack at once, so no unmasked text is left on a screen below the one in front;
`MaskableInput` is a form's contact field, masked while the cursor is elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Input, Label, Static

from tui.core.mask import mask_emails_in, mask_value
from tui.ui.literal import literal
from tui.ui.screen_lifetime import watch_app

if TYPE_CHECKING:
    from tui.ui.protocol import TuiApp

__all__ = [
    "Mask",
    "MaskableInput",
    "MaskedLabel",
    "MaskedStatic",
    "field_words",
    "is_masked",
    "key_of",
    "mask_of",
    "masked_fields",
    "shown",
    "shown_text",
]


def is_masked(app: App[Any] | TuiApp | None) -> bool:
    """Whether mask mode is on for `app` (False for an app without one, e.g. a test harness)."""
    return bool(getattr(app, "masked", False))


def key_of(path: str) -> str:
    """The field name a value sits under: "addresses.0.zipCode" -> "zipCode", "accounts.0" ->
    "accounts" (a list's items are masked by the list's name)."""
    for part in reversed(path.split(".")):
        if part and not part.isdigit():
            return part
    return ""


@dataclass(frozen=True)
class Mask:
    """How one screen shows values right now: `on` is mask mode, `revealed` the one path (a
    dotted wire path such as "contactEmail" or "addresses.0.street") shown as it is."""

    on: bool = False
    revealed: str | None = None

    def __call__(self, path: str, value: Any) -> Any:
        """The value under the wire `path` as the screen shows it."""
        if not self.on or (self.revealed is not None and path == self.revealed):
            return value
        return mask_value(key_of(path) or None, value)

    def text(self, text: str) -> str:
        """Free text (a name that may be an e-mail, a title, a server's message): its e-mails."""
        return mask_emails_in(text) if self.on else text

    def record(self, data: Any, path: str = "") -> Any:
        """A copy of a JSON-like value with every contact field masked but the revealed one."""
        if not self.on:
            return data
        if isinstance(data, Mapping):
            return {k: self.record(v, f"{path}.{k}" if path else str(k)) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.record(v, f"{path}.{i}") for i, v in enumerate(data)]
        return self(path, data)


_FIELD_WORDS = {
    "contactEmail": "Contact e-mail",
    "contactPhone": "Contact phone",
    "email": "Login e-mail",
}
_ADDRESS_WORDS = {
    "street": "street",
    "streetNumber": "number",
    "streetAppendix": "street appendix",
    "zipCode": "ZIP code",
    "contactPhone": "phone",
}


def field_words(path: str) -> str:
    """A masked field's name for the agent: "addresses.0.zipCode" -> "Address 1: ZIP code"."""
    if path in _FIELD_WORDS:
        return _FIELD_WORDS[path]
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "addresses" and parts[1].isdigit():
        return f"Address {int(parts[1]) + 1}: {_address_words(parts[2])}"
    if len(parts) == 2 and parts[0] == "defaultAddress":
        return f"Default address: {_address_words(parts[1])}"
    if len(parts) == 3 and parts[0] == "accounts" and parts[1].isdigit():
        return f"Login account {int(parts[1]) + 1}"
    return path


def _address_words(name: str) -> str:
    return _ADDRESS_WORDS.get(name) or name.replace("extraLine", "extra line ")


def masked_fields(data: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every (path, value) of a JSON-like record that mask mode hides, in the record's order."""
    found: list[tuple[str, Any]] = []
    if isinstance(data, Mapping):
        for k, v in data.items():
            found += masked_fields(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list | tuple):
        for i, v in enumerate(data):
            found += masked_fields(v, f"{path}.{i}")
    elif data is not None and Mask(on=True)(path, data) != data:
        found.append((path, data))
    return found


def mask_of(app: App[Any] | None, revealed: str | None = None) -> Mask:
    return Mask(is_masked(app), revealed)


def shown(app: App[Any] | TuiApp | None, key: str | None, value: Any) -> Any:
    """`value` of the field `key` ("contactEmail", "phone", "zipCode"…) as the screen shows it:
    masked while mask mode is on. Strings not named as contact data have their e-mails masked."""
    return mask_value(key, value) if is_masked(app) else value


def shown_text(app: App[Any] | TuiApp | None, text: str) -> str:
    """Free text with its e-mail addresses masked while mask mode is on."""
    return mask_emails_in(text) if is_masked(app) else text


class MaskedStatic(Static):
    """A Static whose content is built by `build(mask)` now and again whenever mask mode is
    switched, wherever its screen is in the stack. A str is shown literally, never as markup."""

    def __init__(self, build: Callable[[Mask], VisualType], **kwargs: Any) -> None:
        self._build = build
        super().__init__(self._content(), **kwargs)

    def _content(self) -> VisualType:
        try:
            app: App[Any] | None = self.app
        except Exception:  # built outside a running app (a renderable test): nothing is masked
            app = None
        built = self._build(mask_of(app))
        return literal(built) if isinstance(built, str) else built

    def on_mount(self) -> None:
        if hasattr(type(self.app), "masked"):
            watch_app(self, "masked", self._remask, init=False)

    def _remask(self, _value: bool = False) -> None:
        self.update(self._content())


class MaskedLabel(MaskedStatic, Label):
    """A MaskedStatic that is a Label (a title others query as one)."""


class MaskableInput(Input):
    """A form field holding contact data: in mask mode it shows the value masked while the
    cursor is elsewhere, and as it is (to be read and edited) while the cursor is in it. The
    value itself never changes, so checks, the review and the save see what was typed."""

    def __init__(self, *args: Any, mask_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mask_key = mask_key

    def on_mount(self) -> None:
        if hasattr(type(self.app), "masked"):
            watch_app(self, "masked", self._redraw, init=False)

    def _redraw(self, _masked: bool = False) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if y != 0 or self.has_focus or not self.value or not is_masked(self.app):
            return super().render_line(y)
        shown = Text(str(mask_value(self.mask_key, self.value)), no_wrap=True, end="")
        width = self.scrollable_content_region.width + 1
        options = self.app.console_options.update_width(width)
        strip = Strip(self.app.console.render(shown, options)).crop(0, width)
        return strip.extend_cell_length(width).apply_style(self.rich_style)
