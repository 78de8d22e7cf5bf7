"""Data shown as it is: a customer's name, a query or a server's message is never read as markup."""

from __future__ import annotations

from textual.content import Content


def literal(text: object) -> Content:
    """`text` (a customer's name, a query, a server's message) to show exactly as it is.

    Label, Static, Button, notify and table cells read a str as markup: `[/]` in a name
    crashes the screen and `[Europe]` vanishes. Escaping cannot be trusted for that
    (`markup.escape("a[/")` still fails to parse), so data goes in as Content, never as markup."""
    return Content(str(text))


def markup_safe(text: str) -> str:
    """`text` for the few places that only take markup (the palette's help line): every `[`
    escaped, which Textual's parser reads back as exactly `text`."""
    return text.replace("[", "\\[")
