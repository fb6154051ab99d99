from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from config.amounts import eur, parse_amount

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)


@pytest.fixture(autouse=True)
def _english_messages():
    """The parser's messages are checked in English, the source language."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1.234,56", "nl", "1234.56"),
        ("1.234,56", "en", "1234.56"),
        ("1,234.56", "nl", "1234.56"),
        ("1,234.56", "en", "1234.56"),
        ("1234,56", "nl", "1234.56"),
        ("1234.56", "en", "1234.56"),
        ("1234", "nl", "1234.00"),
        ("€ 1.234", "nl", "1234.00"),
        ("1.234", "nl", "1234.00"),
        ("1,234", "en", "1234.00"),
        ("1.234.567,8", "nl", "1234567.80"),
        ("0,5", "nl", "0.50"),
        ("EUR 250", "en", "250.00"),
        ("10.000.000", "nl", "10000000.00"),
    ],
)
def test_it_reads_dutch_and_english_amounts(text, language, expected):
    assert parse_amount(text, language) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "more than zero"),
        ("0", "more than zero"),
        ("0,00", "more than zero"),
        ("12,345", "two decimals"),  # in Dutch the comma is the decimal separator
        ("10.000.000,01", "10.000.000"),
        ("99999999999", "10.000.000"),
        ("NaN", "Enter an amount"),
        ("inf", "Enter an amount"),
        ("twaalf", "Enter an amount"),
        ("1.23.4", "Enter an amount"),
        ("12,34,56", "Enter an amount"),
        ("", "Enter an amount"),
        ("1,234.5,6", "Enter an amount"),
    ],
)
def test_it_rejects_negative_absurd_and_garbage_amounts(text, message):
    with pytest.raises(ValidationError, match=message):
        parse_amount(text, "nl")


@given(amount=amounts, language=st.sampled_from(["nl", "en"]))
def test_an_amount_formatted_for_a_language_reads_back_the_same(amount, language):
    with translation.override(language):
        shown = eur(amount)
    assert parse_amount(shown, language) == amount


@given(amount=st.integers(min_value=1, max_value=10_000_000), language=st.sampled_from(["nl", "en"]))
def test_whole_euros_with_grouping_read_back_the_same(amount, language):
    with translation.override(language):
        shown = eur(amount, 0)
    assert parse_amount(shown, language) == amount


@given(text=st.text(max_size=30), language=st.sampled_from(["nl", "en"]))
def test_any_text_either_parses_to_a_sane_amount_or_raises_a_validation_error(text, language):
    try:
        amount = parse_amount(text, language)
    except ValidationError:
        return
    assert Decimal("0.01") <= amount <= Decimal("10000000")
    assert amount == amount.quantize(Decimal("0.01"))
