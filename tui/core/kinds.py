"""Plain descriptions of a record kind (columns, filters, sorts, form fields, tabs, actions) for any screen to render.

A platform describes each kind of record it serves (Emporix: customers; Kibo: accounts and
users) with these frozen dataclasses; the UI renders a list, a detail view and a form from
them without knowing the platform. Nothing here imports Textual or httpx: values are read
from the platform's models with plain callables, and checks are plain functions from text to
a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "Action",
    "Check",
    "Column",
    "DetailTab",
    "FieldKind",
    "FieldSpec",
    "JsonPart",
    "QuickFilter",
    "RecordKind",
    "Related",
    "Sort",
    "all_of",
    "form_values",
    "get_path",
    "optional",
    "required",
]

Check = Callable[[str], "str | None"]
"""A check of one text value: None when fine, else one sentence saying what is wrong and how to
fix it (e.g. "Not an e-mail address: add the part after @, like name@example.com")."""

FieldKind = Literal["text", "bool", "choice"]


def required(label: str, fix: str = "type a value") -> Check:
    """A check that the value is not blank; `fix` says what to do about it."""

    def check(value: str) -> str | None:
        if value.strip():
            return None
        return f"{label} is required: {fix}."

    return check


def optional(check: Check) -> Check:
    """A check that lets a blank value through (the field may stay unset)."""

    def wrapped(value: str) -> str | None:
        return check(value) if value.strip() else None

    return wrapped


def all_of(*checks: Check | None) -> Check | None:
    """One check that reports the first problem of several."""
    real = [c for c in checks if c is not None]
    if not real:
        return None

    def check(value: str) -> str | None:
        for c in real:
            problem = c(value)
            if problem:
                return problem
        return None

    return check


def get_path(obj: Any, dotted: str) -> Any:
    """A (possibly nested) attribute of a model, None where a part is missing."""
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
    return obj


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: where its value lives, how it is labelled, edited and checked."""

    name: str
    """The model attribute, dotted for nested ones (`b2b.company_registration_id`)."""
    wire: str
    """The name on the wire, shown in reviews and used for the server's field errors."""
    label: str
    kind: FieldKind = "text"
    choices: tuple[tuple[str, str], ...] = ()
    """For kind "choice": (label, value) pairs; the value "" means not set."""
    check: Check | None = None
    placeholder: str = ""
    locked: str | None = None
    """Why this field cannot be changed here (shown instead of an editable control)."""


def form_values(record: Any, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """Field name -> the record's value, as the form shows it (yes/no fields as bools)."""
    values = {s.name: get_path(record, s.name) for s in specs}
    for s in specs:
        if s.kind == "bool":
            values[s.name] = bool(values[s.name])
    return values


@dataclass(frozen=True)
class Column:
    """One column of the list: its heading, its width, and how to read its text from a record."""

    name: str
    label: str
    width: int
    """Cells the column takes."""
    min_terminal: int
    """Shown only when the terminal is at least this wide: less important columns go first."""
    value: Callable[[Any], str]
    """The cell's text for one record ("" when there is nothing to show)."""
    max_width: int = 0
    """Grows up to this many cells with spare room (0: never grows)."""
    natural: bool = False
    """Gets the width of its longest value in the rows first (an e-mail, which an agent cannot
    guess when cut), up to `max_width`, before any other column grows; the columns shown only
    from some width on (`min_terminal`) are left out to make room, the last first."""


@dataclass(frozen=True)
class QuickFilter:
    """A filter one key switches on and off (or cycles through `choices`).

    `query(choice)` is the platform's filter text for the chosen value (`choice` is "" for an
    on/off filter); `find(filters=...)` takes these texts and ANDs them to the search.
    """

    name: str
    label: str
    key: str
    """The key that toggles (or cycles) it, e.g. "f2"."""
    query: Callable[[str], str]
    choices: tuple[str, ...] = ()
    """For a cycling filter: the values in key order; empty for an on/off filter."""


@dataclass(frozen=True)
class Sort:
    """A server-side sort order: the value `find(sort=...)` takes (None: the platform's best
    match) and how the agent reads it."""

    value: str | None
    label: str


@dataclass(frozen=True)
class Related:
    """Records of another kind that a table tab lists, read with `Backend.find` (an account's
    users, its parent and children): `parent(record)` is the `parent=` key, `filters(record)`
    the `filters=` texts. Each row opens that record's own detail."""

    kind: str
    parent: Callable[[Any], str | None] | None = None
    filters: Callable[[Any], Sequence[str]] | None = None


@dataclass(frozen=True)
class DetailTab:
    """One tab of the detail view, reached by `key`.

    layout "fields": `rows(record)` gives (label, value) pairs.
    layout "table": `items(record)` gives the rows, shown with `columns`; or, with `related`,
    the rows are records of another kind found through the backend, shown with `columns` or,
    when there are none, that kind's own columns. `rows` may add fields above the table.
    layout "raw": the record as the platform sends it (`RecordKind.wire`).
    """

    name: str
    label: str
    key: str
    layout: Literal["fields", "table", "raw"]
    rows: Callable[[Any], Sequence[tuple[str, Any]]] | None = None
    items: Callable[[Any], Sequence[Any]] | None = None
    columns: tuple[Column, ...] = ()
    related: Related | None = None


@dataclass(frozen=True)
class Action:
    """Something the agent can do to a record, on a key.

    `changes` actions are disabled while read-only; `needs_record` ones act on the highlighted
    (or open) record; `destructive` ones are confirmed in words that say what they mean
    (`description`), and with `typed` the agent types that text of the record to confirm;
    `permission` is what the credentials must grant (None: nothing beyond reading).

    `applies(record)` says whether the action makes sense for the record as it is now (unlock
    only a locked user); actions that share a key each have one, and the key does the one that
    applies (lock and unlock on one key: a toggle).
    """

    name: str
    label: str
    key: str
    changes: bool = True
    needs_record: bool = True
    destructive: bool = False
    permission: str | None = None
    description: str = ""
    applies: Callable[[Any], bool] | None = None
    typed: Callable[[Any], str] | None = None
    """For a destructive action: the text of the record the agent types to confirm."""
    typed_masked: Callable[[Any], str] | None = None
    """What to type instead while mask mode hides `typed` (contact data such as an e-mail):
    a text the masked screen still shows, such as the name."""
    options: Callable[[Any], Sequence[tuple[str, str]]] | None = None
    """For an action that takes an argument: what the agent may pick for this record, as
    (words, value) pairs (the roles a user lacks); the value goes to `act` as `argument`."""
    argument: str | None = None
    undo: str | None = None
    """The action that puts the record back as it was before this one (lock: unlock), called
    with the same arguments; None when the platform has no way back."""
    key_bar: bool = True
    """Shown on the key bar (False: only in help and the palette, as Emporix's M)."""

    def applies_to(self, record: Any) -> bool:
        """Whether the action may be offered for `record` (always, without `applies`)."""
        return self.applies is None or record is None or bool(self.applies(record))


@dataclass(frozen=True)
class JsonPart:
    """A part of a record the agent edits as one JSON object in $EDITOR (Kibo: an account's
    attributes), on the key of the kind's action named `action`.

    `value(record)` is the object shown; `parse(text)` the edited text as such an object, or
    `error` saying what is wrong and how to fix it; each top-level key is one field for the
    review, the conflict view and undo (`label(key)` names it, `of(record, key)` reads it, None
    when absent), and `apply(record, {key: value or None})` is the record with those set (None
    removes one), every other field kept as loaded.
    """

    action: str
    noun: str
    """What it is called in messages: "attributes"."""
    wire: str
    """The record's wire field that holds it: "attributes"."""
    value: Callable[[Any], dict[str, Any]]
    parse: Callable[[str], dict[str, Any]]
    error: type[Exception]
    label: Callable[[str], str]
    apply: Callable[[Any, dict[str, Any]], Any]
    note: str = ""
    """Said in the review: what is sent, and what stays."""
    unrelated: tuple[str, ...] = ()
    """Wire fields whose changes are nobody's edit of this record (its users, the audit): not
    named as someone else's change in the conflict view."""

    def of(self, record: Any, key: str) -> Any:
        return self.value(record).get(key)


@dataclass(frozen=True)
class RecordKind:
    """Everything a screen needs to list, show, edit and act on one kind of record."""

    name: str
    """The kind's id, as `Backend.find(kind=...)` takes it: "customer", "account", "user"."""
    title: str
    """One record in words: "Customer"."""
    plural: str
    """Several in words: "customers"."""
    key: Callable[[Any], str]
    """The record's key for `Backend.get` (the customer number, the account id)."""
    label: Callable[[Any], str]
    """One line naming a record in dialogs and the journal, e.g. "Ada Lovelace (#10000001)"."""
    wire: Callable[[Any], dict[str, Any]]
    """The record as the platform sends it (the raw tab, the journal's snapshot)."""
    columns: tuple[Column, ...]
    sorts: tuple[Sort, ...]
    quick_filters: tuple[QuickFilter, ...]
    fields: tuple[FieldSpec, ...]
    """The edit form, in the order an agent reads the record."""
    tabs: tuple[DetailTab, ...]
    actions: tuple[Action, ...]
    apply: Callable[[Any, dict[str, Any]], Any]
    """`apply(record, {field name: value})`: a copy with only those form fields set; every other
    field, unknown ones included, stays exactly as loaded (what `Backend.save` takes as after)."""
    search_hint: str = ""
    """What the search box understands, for its placeholder and help."""
    parent: str | None = None
    """The kind this one lives under (Kibo: a user belongs to an account), or None."""
    json_parts: tuple[JsonPart, ...] = ()
    """Parts edited as JSON in $EDITOR, each on its action's key."""

    def action(self, name: str) -> Action:
        """The action of that name; KeyError if the kind has none."""
        for action in self.actions:
            if action.name == name:
                return action
        raise KeyError(f"{self.name} has no action {name!r}")

    def field(self, name: str) -> FieldSpec:
        """The form field of that name; KeyError if the kind has none."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no field {name!r}")
