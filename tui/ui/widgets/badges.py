"""Customer status said in words with a colour: Active, On hold, Inactive, B2B/B2C, restriction."""

from __future__ import annotations

from typing import Any

from rich.text import Text

STATUS_STYLES = {
    "Active": "green",
    "On hold": "bold yellow",
    "Inactive": "red",
    "On hold, inactive": "bold yellow",
}
# Under NO_COLOR colours turn into greys of their brightness (red becomes nearly invisible), so the
# words carry the status and weight marks the ones that need attention.
NO_COLOR_STATUS_STYLES = {
    "Active": "",
    "On hold": "bold",
    "Inactive": "bold",
    "On hold, inactive": "bold",
}
SHORT_STATUS = {"On hold, inactive": "Hold+Inact"}
"""For a list column too narrow for the whole status: both words stay recognisable."""


def status_style(status: str, no_color: bool = False) -> str:
    return (NO_COLOR_STATUS_STYLES if no_color else STATUS_STYLES).get(status, "")


def customer_status(customer: Any) -> str:
    """Active / On hold / Inactive / On hold, inactive (a hold first: it is what blocks ordering)."""
    status = getattr(customer, "status", None)
    if isinstance(status, str) and status:
        return status
    if getattr(customer, "on_hold", False):
        return "On hold, inactive" if getattr(customer, "active", True) is False else "On hold"
    if getattr(customer, "active", True) is False:
        return "Inactive"
    return "Active"


def status_text(customer: Any) -> Text:
    status = customer_status(customer)
    return Text(status, style=STATUS_STYLES.get(status, ""))


def badge_line(customer: Any, *, no_color: bool = False) -> Text:
    """Badges for the detail header, each a word in brackets so they read without colour."""
    status = customer_status(customer)
    # One badge per state, so "[On hold] [Inactive]" reads as two things to fix.
    words = ["On hold", "Inactive"] if status == "On hold, inactive" else [status]
    parts: list[tuple[str, str]] = [(word, status_style(word, no_color)) for word in words]
    model = getattr(customer, "business_model", None)
    if model:
        parts.append((str(model), "" if no_color else "cyan"))
    restriction = getattr(customer, "restriction", None)
    where = f"restriction {restriction}" if restriction else "no restriction"
    parts.append((where, "" if no_color else "magenta"))
    text = Text()
    for word, style in parts:
        text.append(f"[{word}]", style=f"bold {style}".strip())
        text.append(" ")
    text.rstrip()
    return text
