"""What an agent types becomes safe `q` expressions."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.textfold import letter_variants
from tui.emporix.query import (
    escape_literal,
    is_raw_query,
    literal_regex,
    phone_digits,
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


def test_an_email_looks_up_the_whole_address_first_then_any_address_containing_it() -> None:
    plan = plan_search("John.Smith@Example.com")
    assert plan.kind == "email"
    assert plan.queries == (
        "contactEmail:~(?i)^John\\x2eSmith\\x40Example\\x2ecom$",
        "contactEmail:~(?i)John\\x2eSmith\\x40Example\\x2ecom",
    )
    assert plan_search("example.fr").queries[0] == "contactEmail:~(?i)example\\x2efr"


def test_a_number_looks_up_customer_numbers_it_starts_and_long_ones_phones_too() -> None:
    plan = plan_search("10000001")
    assert plan.kind == "number"
    assert plan.queries == ("customerNumber:~^10000001",)
    assert plan_search("036415552").queries == (
        "customerNumber:~^036415552",
        "contactPhone:~3\\D*6\\D*4\\D*1\\D*5\\D*5\\D*5\\D*2",
    )


def test_a_phone_number_is_its_digits_without_international_or_trunk_prefix() -> None:
    assert phone_digits("+49 30 1234") == phone_digits("0049-30-1234") == "49301234"
    assert phone_digits("030/1234") == "301234"
    plan = plan_search("030 1234")
    assert plan.kind == "phone"
    assert plan.queries == ("contactPhone:~3\\D*0\\D*1\\D*2\\D*3\\D*4",)
    assert (
        plan_search("123-456-789").queries[1]
        == "b2b.companyRegistrationId:~(?i)123\\x2d456\\x2d789"
    )


def test_one_word_searches_names_from_the_start_company_and_email_anywhere_folded() -> None:
    lea = "[lĺļľŀł][eèéêëēĕėęě][aàáâãäåāăą]e*"
    assert plan_search("Léa").queries == (
        f"lastName:~(?i)^{lea}",
        f"firstName:~(?i)^{lea}",
        f"company:~(?i){lea}",
        "contactEmail:~(?i)^lea",
    )


def cls(letter: str) -> str:
    return f"[{letter}{''.join(letter_variants(letter))}]"


def test_two_words_try_each_word_in_a_name_or_the_company_and_the_whole_text() -> None:
    queries = plan_search("Jo Smi").queries
    jo, smi = f"{cls('j')}{cls('o')}e*", f"{cls('s')}m{cls('i')}"
    assert f"firstName:~(?i)^{jo} lastName:~(?i)^{smi}" in queries
    assert f"lastName:~(?i)^{jo} firstName:~(?i)^{smi}" in queries
    assert f"company:~(?i){jo} company:~(?i){smi}" in queries
    assert f"lastName:~(?i)^{jo}\\x20{smi}" in queries
    assert len(queries) == 7


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


@pytest.mark.parametrize("text", ["0", "00"])
def test_a_bare_phone_prefix_searches_numbers_only_never_an_empty_phone_pattern(text: str) -> None:
    # "0" is a trunk prefix and "00" an international one: no digit is left to look for, and
    # `contactPhone:~` with nothing after it is a 400 (found by the property test).
    plan = plan_search(text)
    assert plan.queries == (f"customerNumber:~^{text}",)
