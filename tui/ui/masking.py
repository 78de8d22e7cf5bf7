"""The one function every record value passes through on its way to the screen: masked in mask mode."""

from __future__ import annotations

from typing import Any

from tui.core.mask import mask_record, mask_value


def shown(app: Any, key: str | None, value: Any) -> Any:
    """`value` as the agent may see it: masked by its field name (`key`, a wire or column name
    such as "emailAddress", or a label such as "E-mail") when the app is in mask mode."""
    if not getattr(app, "masked", False):
        return value
    if isinstance(value, dict | list):
        return mask_record(value, _key=key)
    return mask_value(key, value)
