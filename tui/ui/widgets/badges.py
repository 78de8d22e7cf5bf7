"""Customer status said in words with a colour: Active, On hold, Inactive, B2B/B2C, restriction."""

from __future__ import annotations

from typing import Any

from rich.text import Text

STATUS_STYLES = {"Active": "green", "On hold": "bold yellow", "Inactive": "red"}


def customer_status(customer: Any) -> str:
    """Active / On hold / Inactive; on hold wins because it is what blocks ordering."""
    status = getattr(customer, "status", None)
    if isinstance(status, str) and status:
        return status
    if getattr(customer, "on_hold", False):
        return "On hold"
    if getattr(customer, "active", True) is False:
        return "Inactive"
    return "Active"


def status_text(customer: Any) -> Text:
    status = customer_status(customer)
    return Text(status, style=STATUS_STYLES.get(status, ""))


def badge_line(customer: Any) -> Text:
    """Badges for the detail header, each a word in brackets so they read without colour."""
    status = customer_status(customer)
    parts: list[tuple[str, str]] = [(status, STATUS_STYLES.get(status, ""))]
    model = getattr(customer, "business_model", None)
    if model:
        parts.append((str(model), "cyan"))
    restriction = getattr(customer, "restriction", None)
    parts.append((f"restriction {restriction}" if restriction else "no restriction", "magenta"))
    text = Text()
    for word, style in parts:
        text.append(f"[{word}]", style=f"bold {style}".strip())
        text.append(" ")
    text.rstrip()
    return text
