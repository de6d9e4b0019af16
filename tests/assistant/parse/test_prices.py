"""Prices in a shopper's words, read straight from the text (the parser tests read them in context)."""

from __future__ import annotations

import pytest

from assistant.parse.prices import PriceRange, find_price, numbers_in_words, parse_amount, price_span


@pytest.mark.parametrize("text, expected", [
    ("under $30", PriceRange(None, 30)),
    ("below 1.5k", PriceRange(None, 1500)),
    ("between $100 and $200", PriceRange(100, 200)),
    ("between 2000 and 1000 dollars", PriceRange(1000, 2000)),
    ("$50-$80", PriceRange(50, 80)),
    ("over 300 dollars", PriceRange(300, None)),
    ("around $50", PriceRange(40, 60)),
    ("no more than $15", PriceRange(None, 15)),
    ("at most 20 bucks", PriceRange(None, 20)),
])
def test_price_span_reads_the_range_asked_for(text, expected):
    found = price_span(text)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("text", ["17 inch laptop", "16gb ram", "4.5 stars", "250 reviews", "a 2 pack", "rtx 2060"])
def test_sizes_ratings_counts_and_model_numbers_are_no_price(text):
    assert price_span(text) is None


def test_the_span_covers_the_phrase_and_find_price_cuts_it_out():
    text = "a wireless mouse under $30 please"
    (price, (start, end)) = price_span(text)
    assert text[start:end] == "under $30" and price.high == 30
    price, rest = find_price(text)
    assert price.high == 30 and "30" not in rest and "mouse" in rest and "please" in rest


@pytest.mark.parametrize("text, thousands, amount", [
    ("1,299.99", None, 1299.99), ("$1.5", "k", 1500), ("12", None, 12), ("abc", None, None)])
def test_parse_amount(text, thousands, amount):
    assert parse_amount(text, thousands) == amount


@pytest.mark.parametrize("text, expected", [
    ("under five hundred dollars", "under 500 dollars"),
    ("a laptop for a grand", "a laptop for 1000"),
    ("between one hundred and two hundred dollars", "between 100 and 200 dollars"),
    ("one hundred and fifty bucks", "150 bucks"),
    ("compare the first two", "compare the first two"),
    ("a phone", "a phone"),
])
def test_amounts_in_words_become_digits_and_small_counts_stay(text, expected):
    assert numbers_in_words(text) == expected


@pytest.mark.parametrize("text, junk", [("mouse under $-5", ["$-5"]), ("mouse under $1e309", ["$1e309"]),
                                         ("mouse under $5", [])])
def test_amounts_no_price_can_be_are_found_and_read_as_no_price(text, junk):
    from assistant.parse.prices import unreadable_amounts

    assert [text[s:e] for s, e in unreadable_amounts(text)] == junk
    if junk:
        assert price_span(text) is None


@pytest.mark.parametrize("text, expected", [
    ("a monitor for 200 to 400 dollars", (200, 400)),  # the currency said once, after the range
    ("200-400 bucks", (200, 400)),
    ("a laptop $500 or less", (None, 500)),
    ("a mouse 50 bucks max", (None, 50)),
    ("earbuds $30 tops", (None, 30)),
    ("a tv $300 and up", (300, None)),
    ("a phone $200 or more", (200, None)),
    ("a $300+ monitor", (300, None)),
    ("a $1k or less laptop", (None, 1000)),
])
def test_a_bound_said_after_the_amount(text, expected):
    found = price_span(text)
    assert found is not None and (found[0].low, found[0].high) == expected


@pytest.mark.parametrize("text", ["300 reviews or more", "4.5 stars or higher", "2 pack or more", "a 27 inch or larger tv"])
def test_counts_and_sizes_with_a_bound_after_are_no_price(text):
    assert price_span(text) is None


def test_cents_are_hundredths_of_a_dollar():
    from assistant.parse.prices import price_span

    assert price_span("toner under 50 cents")[0].high == 0.5
    assert (price_span("between 10 and 20 cents")[0].low, price_span("between 10 and 20 cents")[0].high) == (0.1, 0.2)
    assert price_span("under 50")[0].high == 50.0
