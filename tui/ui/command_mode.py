"""Command mode (`:` as in k9s): what each command means, its completion, and running it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tui.config.profiles import queues_for
from tui.config.resolve import Settings, profile_choices
from tui.core.session_policy import clean_ticket
from tui.emporix import names
from tui.ui.screens.records import RecordListScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.search_options import SORTS, QuickFilters
from tui.ui.switch_profile import sandbox_side_problem, switch_profile, switch_sandbox_side

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.core.kinds import RecordKind
    from tui.ui.protocol import TuiApp


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    what: str


COMMANDS: tuple[Command, ...] = (
    Command("open", "open NUMBER  (or just :NUMBER)", "Open a customer by number"),
    Command("hold", "hold", "Put the highlighted or open customer on hold (asks first)"),
    Command("release", "release", "Release the highlighted or open customer (asks first)"),
    Command("sort", "sort FIELD [asc|desc]", "Sort the list on the server"),
    Command("filter", "filter onhold|inactive|b2b|b2c|restriction X|clear", "Filter the list"),
    Command("profile", "profile NAME", "Switch to another profile"),
    Command("queue", "queue [NAME | save NAME]", "Show a work queue; alone: list them"),
    Command("ticket", "ticket T-1  (no argument: clear)", "The ticket changes are journalled with"),
    Command("mask", "mask [on|off]  (no argument: switch)", "Mask contact data for screen sharing"),
    Command("emporix", "emporix", "The embedded sandbox's Emporix side (customers)"),
    Command("kibo", "kibo", "The embedded sandbox's Kibo side (B2B accounts)"),
    Command("help", "help", "List the commands"),
    Command("q", "q", "Quit"),
)
ALIASES = {"quit": "q", "o": "open", "f": "filter", "s": "sort", "p": "profile"}

SORT_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(value.rpartition(":")[0] for value, _ in SORTS if value is not None)
)
"""The fields the search screen can sort on (names.SORTS), plus `best` for best match."""
DIRECTIONS = ("asc", "desc")
FILTERS = ("onhold", "inactive", "b2b", "b2c", "restriction", "clear")
RESTRICTION_WORDS = (*names.RESTRICTIONS, "any")


def profile_names(app: TuiApp) -> list[str]:
    """The profiles this agent may switch to (the palette's list)."""
    settings = app.settings
    if not isinstance(settings, Settings):
        return []
    return [
        name
        for name, _ in profile_choices(settings)
        if name != app.connection.name and app.policy.allows_profile(name)
    ]


def _list_kind(app: TuiApp) -> RecordKind | None:
    """The kind of the record list open on another platform (None on Emporix's search)."""
    found = [s for s in app.screen_stack if isinstance(s, RecordListScreen)]
    return found[-1].kind if found else None


def _sort_words(kind: RecordKind) -> list[tuple[str, str]]:
    """(field, direction) of each of the kind's sorts by field."""
    words = []
    for sort in kind.sorts:
        if sort.value is not None:
            field, _, direction = sort.value.replace(":", " ").rpartition(" ")
            words.append((field, direction) if field else (direction, ""))
    return words


def _record_arguments(kind: RecordKind, command: str, done: list[str]) -> list[str]:
    if command == "sort":
        pairs = _sort_words(kind)
        if not done:
            return [*dict.fromkeys(f for f, _ in pairs), "best"]
        return [d for f, d in pairs if f.lower() == done[0] and d] if len(done) == 1 else []
    if command == "filter":
        if not done:
            return [*(q.name for q in kind.quick_filters), "clear"]
        quick = next((q for q in kind.quick_filters if q.name == done[0]), None)
        return list(quick.choices) if quick is not None and len(done) == 1 else []
    return []


def _arguments(app: TuiApp, command: str, done: list[str]) -> list[str]:
    """The words that may come next after `command` and the arguments `done` already typed."""
    kind = _list_kind(app) if app.platform != "emporix" else None
    if kind is not None and command in ("sort", "filter"):
        return _record_arguments(kind, command, done)
    if command == "sort":
        return [*SORT_FIELDS, "best"] if not done else list(DIRECTIONS) if len(done) == 1 else []
    if command == "filter":
        if not done:
            return list(FILTERS)
        return list(RESTRICTION_WORDS) if done == ["restriction"] else []
    if command == "mask" and not done:
        return ["on", "off"]
    if command == "profile" and not done:
        return profile_names(app)
    if command == "queue":
        return _queue_words(app, done)
    if command == "open" and not done and app.platform == "emporix":
        return [item.number for item in app.recent.items(app.connection.tenant)]
    return []


def queue_names(app: TuiApp) -> list[str]:
    settings = app.settings if isinstance(app.settings, Settings) else None
    return list(queues_for(settings, app.connection.name, app.connection.platform))


def _queue_words(app: TuiApp, done: list[str]) -> list[str]:
    """A queue name may have several words ("on hold, de"): the next word of each name that
    starts with the words typed so far; `save` first."""
    words = ["save"] if not done else []
    for name in queue_names(app):
        parts = name.split()
        if [p.lower() for p in parts[: len(done)]] == done and len(parts) > len(done):
            words.append(parts[len(done)])
    return list(dict.fromkeys(words))


def candidates(app: TuiApp, text: str) -> tuple[str, list[str]]:
    """What the word being typed may become: (the text before that word, the candidates)."""
    words = text.split()
    ended = text.endswith(" ") or not text
    current = "" if ended else words[-1]
    before = words if ended else words[:-1]
    prefix = " ".join(before) + (" " if before else "")
    if not before:
        options = [c.name for c in COMMANDS]
    else:
        command = ALIASES.get(before[0].lower(), before[0].lower())
        options = _arguments(app, command, [w.lower() for w in before[1:]])
    lowered = current.lower()
    return prefix, [o for o in options if o.lower().startswith(lowered)]


def complete(app: TuiApp, text: str) -> tuple[str, list[str]]:
    """Tab: the text with its last word completed as far as the candidates agree (a space after
    a single candidate), and the candidates to show."""
    prefix, found = candidates(app, text)
    if not found:
        return text, []
    if len(found) == 1:
        return prefix + found[0] + " ", found
    common = _common_prefix(found)
    current = text[len(prefix) :]
    return (prefix + common if len(common) > len(current) else text), found


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), None)
    return first[: len(first) if size is None else size]


def closest(word: str) -> str | None:
    """The command an unknown word was most likely meant to be."""
    known = [c.name for c in COMMANDS] + list(ALIASES)
    found = difflib.get_close_matches(word.lower(), known, n=1, cutoff=0.5)
    return ALIASES.get(found[0], found[0]) if found else None


OPENABLE = re.compile(r"^#?[A-Za-z0-9._@-]+$")
"""A customer number or custom id, as the Open customer dialog takes it."""


class CommandError(ValueError):
    """A command that cannot run, in words the prompt shows."""


def run(app: TuiApp, screen: Screen[Any], text: str) -> None:
    """Run one command line on `screen` (the screen the prompt was opened over)."""
    words = text.split()
    if not words:
        return
    head, args = words[0].lower(), words[1:]
    if head.lstrip("#").isdigit() and not args:
        head, args = "open", [head.lstrip("#")]
    head = ALIASES.get(head, head)
    handler = _HANDLERS.get(head)
    if handler is None:
        guess = closest(head)
        hint = f" Did you mean :{guess}?" if guess else ""
        raise CommandError(f"Unknown command “{words[0]}”.{hint} :help lists them all.")
    handler(app, screen, args)


def _open(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    if app.platform != "emporix":
        kind = next(iter(app.backend.kinds.values()))
        if len(args) != 1 or not OPENABLE.match(args[0]):
            raise CommandError(f"Open needs one {kind.title.lower()} id, e.g. :open 1001.")
        app.open_record(kind.name, args[0].lstrip("#"))
        return
    if len(args) != 1 or not OPENABLE.match(args[0]):
        raise CommandError("Open needs one customer number, e.g. :open 10000001 or :10000001.")
    app.open_customer(args[0].lstrip("#"))


def _hold(want_hold: bool) -> Callable[[TuiApp, Screen[Any], list[str]], None]:
    def hold(app: TuiApp, screen: Screen[Any], args: list[str]) -> None:
        word = "hold" if want_hold else "release"
        if app.platform != "emporix":
            raise CommandError(
                f":{word} holds Emporix customers; here, open the record and use its keys "
                "(? lists them)."
            )
        if args:
            raise CommandError(f":{word} takes no argument: it acts on the highlighted customer.")
        targets = getattr(screen, "hold_targets", None)
        if targets is None:
            raise CommandError(f":{word} works on the list or a customer's detail screen.")
        found = targets()
        if not found:
            raise CommandError("Highlight or mark a customer first.")
        if len(found) == 1 and bool(getattr(found[0], "on_hold", False)) == want_hold:
            state = "on hold already" if want_hold else "not on hold"
            raise CommandError(f"{found[0].customer_number} is {state}: nothing to {word}.")
        # Through the `h` flow: it reads the customer again and asks before it changes anything.
        screen.action_hold()  # type: ignore[attr-defined]

    return hold


def _search_screen(app: TuiApp) -> SearchScreen:
    """The list, brought back to the top (sort and filter from a detail screen act on it)."""
    found = [s for s in app.screen_stack if isinstance(s, SearchScreen)]
    if not found:
        raise CommandError("Sort and filter work on the customer list, which is not open.")
    while app.screen is not found[-1]:
        app.pop_screen()
    return found[-1]


def _queue_screen(app: TuiApp) -> SearchScreen | RecordListScreen:
    """The list that shows this platform's queues (the customer list, or the top record list)."""
    if app.platform == "emporix":
        return _search_screen(app)
    return _record_list(app)


def _record_list(app: TuiApp) -> RecordListScreen:
    """The record list, brought back to the top."""
    found = [s for s in app.screen_stack if isinstance(s, RecordListScreen)]
    if not found:
        raise CommandError("Sort and filter work on a list, and none is open.")
    while app.screen is not found[-1]:
        app.pop_screen()
    return found[-1]


def _sort_records(app: TuiApp, args: list[str]) -> None:
    kind = _list_kind(app)
    assert kind is not None
    wanted = " ".join(args).lower()
    offered = ", ".join(s.value or "best" for s in kind.sorts)
    for index, sort in enumerate(kind.sorts):
        value = (sort.value or "best").replace(":", " ").lower()
        if wanted and wanted in (value, value.removesuffix(" asc")):
            screen = _record_list(app)
            screen.set_choice(screen.chosen.sorted_by(index))
            return
    raise CommandError(
        f"Sort {kind.plural} by one of: {offered} (e.g. :sort {offered.split(',')[0]})."
    )


def _filter_records(app: TuiApp, args: list[str]) -> None:
    kind = _list_kind(app)
    assert kind is not None
    names = ", ".join([*(q.name for q in kind.quick_filters), "clear"])
    what = args[0].lower() if args else ""
    screen = _record_list(app) if what else None
    if screen is not None and what == "clear" and len(args) == 1:
        screen.set_choice(screen.chosen.cleared())
        return
    quick = next((q for q in kind.quick_filters if q.name == what), None)
    if screen is None or quick is None:
        raise CommandError(
            f"Filter {kind.plural} with one of: {names} (e.g. :filter {names.split(',')[0]})."
        )
    value = args[1] if len(args) == 2 else ""
    if (quick.choices and value not in quick.choices) or (not quick.choices and len(args) > 1):
        hint = f" {' | '.join(quick.choices)}" if quick.choices else ""
        raise CommandError(f"Usage: :filter {quick.name}{hint}.")
    filters = {**screen.chosen.filters, quick.name: value}
    screen.set_choice(type(screen.chosen)(kind, filters, screen.chosen.sort_index))


def _sort(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    if app.platform != "emporix":
        _sort_records(app, args)
        return
    fields = {f.lower(): f for f in SORT_FIELDS}
    if not args or len(args) > 2 or (args[0].lower() not in fields and args[0].lower() != "best"):
        raise CommandError(
            f"Sort on one of: {', '.join(SORT_FIELDS)} or best, then asc or desc "
            "(e.g. :sort lastName desc)."
        )
    direction = args[1].lower() if len(args) == 2 else "asc"
    if direction not in DIRECTIONS:
        raise CommandError(f"“{args[1]}” is no direction: asc or desc.")
    value = None if args[0].lower() == "best" else f"{fields[args[0].lower()]}:{direction}"
    index = next((i for i, (v, _) in enumerate(SORTS) if v == value), None)
    if index is None:
        offered = ", ".join(v for v, _ in SORTS if v)
        raise CommandError(f"The server offers no sort {value}; these it does: {offered}.")
    _search_screen(app).set_sort(index)


def _filter(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    if app.platform != "emporix":
        _filter_records(app, args)
        return
    what = args[0].lower() if args else ""
    usage = "Filter with onhold, inactive, b2b, b2c, restriction X or clear (e.g. :filter onhold)."
    if what not in FILTERS or (what != "restriction" and len(args) > 1):
        raise CommandError(usage)
    screen = _search_screen(app)
    f = screen.filters
    if what == "clear":
        f = QuickFilters()
    elif what == "onhold":
        f = replace(f, on_hold=True)
    elif what == "inactive":
        f = replace(f, inactive=True)
    elif what in ("b2b", "b2c"):
        model = what.upper()
        f = replace(f, model=model)
    else:
        value = args[1].lower() if len(args) == 2 else ""
        if value not in RESTRICTION_WORDS:
            raise CommandError(f"Restriction is one of {', '.join(RESTRICTION_WORDS)}.")
        restriction = None if value == "any" else value
        f = replace(f, restriction=restriction)
    screen.set_filters(f)


def _profile(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    allowed = profile_names(app)
    if len(args) != 1:
        raise CommandError(f"Profile needs a name: {', '.join(allowed) or 'no other profile'}.")
    if args[0] == app.connection.name:
        raise CommandError(f"You are on profile {args[0]} already.")
    if args[0] not in allowed:
        guess = difflib.get_close_matches(args[0], allowed, n=1)
        hint = f" Did you mean {guess[0]}?" if guess else ""
        raise CommandError(
            f"No profile “{args[0]}” you may switch to.{hint} "
            f"These you may: {', '.join(allowed) or 'none'}."
        )
    switch_profile(app, args[0])


def _queue(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    names = queue_names(app)
    if args and args[0].lower() == "save":
        name = " ".join(args[1:])
        if not name:
            raise CommandError("Save needs a name: :queue save on hold, de")
        screen = _queue_screen(app)
        try:
            said = screen.save_as_queue(name)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        app.notify(said, title="Queue saved", timeout=6)
        return
    if not names:
        raise CommandError(
            "No queues yet: search, then :queue save NAME (or add [queues] to the config file)."
        )
    if not args:
        screen = _queue_screen(app)
        app.notify("\n".join(screen.queue_row.lines()), title="Queues", timeout=12)
        return
    wanted = " ".join(args)
    found = next((n for n in names if n.lower() == wanted.lower()), None)
    if found is None:
        guess = difflib.get_close_matches(wanted, names, n=1)
        hint = f" Did you mean {guess[0]}?" if guess else ""
        raise CommandError(f"No queue “{wanted}”.{hint} Queues: {', '.join(names)}.")
    _queue_screen(app).open_queue(found)


def _ticket(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    try:
        ticket = clean_ticket(" ".join(args))
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if ticket is None and app.require_ticket:
        raise CommandError("Changes need a ticket reference here: :ticket T-1234.")
    app.ticket = ticket
    app.notify(
        f"Changes are journalled with ticket {ticket}." if ticket else "Ticket cleared.",
        title="Ticket",
    )


def _mask(app: TuiApp, _screen: Screen[Any], args: list[str]) -> None:
    want = args[0].lower() if len(args) == 1 else None
    if len(args) > 1 or (args and want not in ("on", "off")):
        raise CommandError("Mask takes on, off or nothing (switch): e.g. :mask on.")
    if want is None or (want == "on") != app.masked:
        app.action_toggle_mask()
    else:
        app.notify(f"Mask mode is {want} already.", title="Mask mode")


def _platform(name: str) -> Callable[[TuiApp, Screen[Any], list[str]], None]:
    def platform(app: TuiApp, _screen: Screen[Any], _args: list[str]) -> None:
        problem = sandbox_side_problem(app, name)
        if problem is not None:
            raise CommandError(problem)
        switch_sandbox_side(app, name)

    return platform


def _help(app: TuiApp, _screen: Screen[Any], _args: list[str]) -> None:
    app.notify("\n".join(f":{c.usage}" for c in COMMANDS), title="Commands", timeout=12)


def _quit(app: TuiApp, _screen: Screen[Any], _args: list[str]) -> None:
    app.exit()


_HANDLERS: dict[str, Callable[[TuiApp, Screen[Any], list[str]], None]] = {
    "open": _open,
    "hold": _hold(True),
    "release": _hold(False),
    "sort": _sort,
    "filter": _filter,
    "profile": _profile,
    "queue": _queue,
    "ticket": _ticket,
    "mask": _mask,
    "emporix": _platform("emporix"),
    "kibo": _platform("kibo"),
    "help": _help,
    "q": _quit,
}
