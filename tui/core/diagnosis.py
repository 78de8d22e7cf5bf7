"""A diagnosis: the checklist that answers "why can't this customer sign in or order?", in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Diagnosis", "Fix", "Rule", "Verdict"]


class Verdict(StrEnum):
    """A rule's outcome; the value is the word shown, so no colour is needed to read it."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    """The data cannot tell (not loaded, not in the API, not known for this tenant)."""


@dataclass(frozen=True)
class Fix:
    """What fixes a failing rule: a binding id (as in the `[keymap]`), its default key, and words.

    The UI renders it with the agent's own key for `binding` (`line(keys=...)`), so a remapped
    key is the one shown; `binding=None` means there is no key, only words (e.g. "ask your
    Emporix administrator").
    """

    words: str
    """What pressing the key does, e.g. "releases"; or the whole advice when there is no key."""
    binding: str | None = None
    key: str | None = None
    """The default key of `binding`, used when the UI gives none."""
    otherwise: str | None = None
    """The advice when no key is known (e.g. a screen that has no such key yet); else `words`."""

    def text(self, keys: Mapping[str, str] | None = None) -> str:
        key = (keys or {}).get(self.binding, self.key) if self.binding else None
        return f"`{key}` {self.words}" if key else (self.otherwise or self.words)


@dataclass(frozen=True)
class Rule:
    """One line of the checklist."""

    id: str
    """Stable, e.g. "emporix.on-hold": tests, the journal and the UI refer to it."""
    title: str
    """What is checked, in words: "Not on hold"."""
    verdict: Verdict
    reason: str
    """Why, in words, with the facts: "On hold since 2026-11-02"."""
    fix: Fix | None = None
    """Only for a failing (or unknown) rule that something in the app can fix."""

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASS

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAIL

    def line(self, keys: Mapping[str, str] | None = None) -> str:
        """`FAIL  Not on hold: On hold since 2026-11-02 — `h` releases` (plain text)."""
        text = f"{self.verdict.value.upper():<7} {self.title}: {self.reason}"
        return f"{text} — {self.fix.text(keys)}" if self.fix else text


@dataclass(frozen=True)
class Diagnosis:
    """Every rule for one customer or user, in a stable order (most decisive first)."""

    platform: str
    """"emporix" or "kibo"."""
    subject: str
    """Who was diagnosed, in words: "Customer 10000003 Marie Dubois"."""
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, platform: str, subject: str, rules: Iterable[Rule]) -> Diagnosis:
        return cls(platform, subject, tuple(rules))

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (its short form without the platform prefix works too)."""
        for rule in self.rules:
            if rule.id == rule_id or rule.id == f"{self.platform}.{rule_id}":
                return rule
        raise KeyError(rule_id)

    @property
    def failed(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.failed)

    @property
    def unknown(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.verdict is Verdict.UNKNOWN)

    @property
    def summary(self) -> str:
        """One line: "2 of 15 checks fail: Not on hold, Login account" or "All 15 checks pass"."""
        total = len(self.rules)
        failed, unknown = self.failed, self.unknown
        open_ = f"; {len(unknown)} unknown" if unknown else ""
        if not failed:
            return f"No check fails ({total - len(unknown)} of {total} pass{open_})"
        names = ", ".join(r.title for r in failed)
        return f"{len(failed)} of {total} checks fail: {names}{open_}"

    def lines(self, keys: Mapping[str, str] | None = None) -> list[str]:
        return [r.line(keys) for r in self.rules]

    def text(self, keys: Mapping[str, str] | None = None) -> str:
        """The whole checklist as plain text, for a case note or the clipboard."""
        return "\n".join([f"{self.subject}: {self.summary}", *self.lines(keys)])
