"""What an agent types becomes safe `q` expressions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.emporix.query import (
    contains,
    escape_literal,
    is_raw_query,
    literal_regex,
    plan_search,
    search_words,
)


def test_empty_text_lists_everyone_with_the_filters() -> None:
    assert plan_search("  ").queries == (None,)
    assert plan_search("", ["onHold:true"]).queries == ("onHold:true",)


def test_field_colon_text_passes_through_as_raw_q() -> None:
    plan = plan_search("lastName:Smith onHold:true", ["restriction:de"])
    assert plan.kind == "raw"
    assert plan.queries == ("lastName:Smith onHold:true restriction:de",)


def test_an_email_looks_up_the_contact_email_as_a_whole() -> None:
    plan = plan_search("John.Smith@Example.com")
    assert plan.kind == "email"
    (q,) = plan.queries
    assert q == "contactEmail:~(?i)^John\\x2eSmith\\x40Example\\x2ecom$"


def test_a_number_looks_up_the_customer_number_first() -> None:
    plan = plan_search("10000001")
    assert plan.kind == "number"
    assert plan.queries[0] == "customerNumber:10000001"


def test_one_word_searches_names_and_email_from_the_start_and_company_anywhere() -> None:
    assert plan_search("smith").queries == (
        "lastName:~(?i)^smith",
        "firstName:~(?i)^smith",
        "company:~(?i)smith",
        "contactEmail:~(?i)^smith",
    )


def test_two_words_try_first_last_both_ways_and_the_whole_text() -> None:
    queries = plan_search("John Smith").queries
    assert "firstName:~(?i)^John lastName:~(?i)^Smith" in queries
    assert "lastName:~(?i)^John firstName:~(?i)^Smith" in queries
    assert "company:~(?i)John\\x20Smith" in queries
    assert contains("company", "John Smith") in queries


def test_words_lose_surrounding_punctuation() -> None:
    assert search_words('Smith, "John"') == ["Smith", "John"]


def test_raw_detection_needs_a_field_name_before_the_colon() -> None:
    assert is_raw_query("b2b.companyRegistrationId:DE-1")
    assert not is_raw_query("Smith: John")
    assert not is_raw_query(":x")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_escaped_text_holds_nothing_a_q_parser_could_split_on(text: str) -> None:
    regex = literal_regex(text)
    assert regex.startswith("(?i)")
    assert not any(c.isspace() or c in ',()":~' for c in regex.removeprefix("(?i)"))
    assert escape_literal(text) == regex.removeprefix("(?i)")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_escaped_text_matches_exactly_where_the_text_occurs_ignoring_case(
    text: str, before: str, after: str
) -> None:
    pattern = re.compile(literal_regex(text))
    assert pattern.search(before + text + after) is not None
    assert pattern.search(before + text.swapcase() + after) is not None or any(
        len(c.swapcase()) != 1 or c.swapcase().swapcase() != c for c in text
    )
    # Whatever it matches is the text itself, up to the case of its letters.
    for candidate in (before, after, before + after):
        match = pattern.search(candidate)
        if match:
            assert (
                match.group(0).casefold() == text.casefold()
                or match.group(0).lower() == text.lower()
            )


def test_text_too_long_to_search_is_refused_not_cut() -> None:
    import pytest

    from tui.emporix.errors import ValidationFailed

    assert plan_search("a" * 190).kind == "words"
    with pytest.raises(ValidationFailed) as caught:
        plan_search("!" * 60)
    assert caught.value.for_field("search")


def test_a_long_raw_query_passes_through_whole() -> None:
    raw = "lastName:Smith " + " ".join(f"company:~x{i}" for i in range(60))
    assert plan_search(raw).queries == (raw,)
