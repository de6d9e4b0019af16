"""Ratings, review counts, sizes and sort orders, read straight from the text."""

from __future__ import annotations

import pytest

from assistant.parse.measures import find_rating, find_reviews, find_sort, find_specs, normalise_spec


@pytest.mark.parametrize("text, rating", [
    ("rated 4.2+ stars", 4.2), ("at least 4 stars", 4.0), ("3.6 plus rating", 3.6), ("a 6 star hotel", None),
    ("4.5 stars and up", 4.5), ("no rating here", None)])
def test_find_rating_keeps_ratings_between_zero_and_five(text, rating):
    assert find_rating(text)[0] == rating


def test_find_rating_gives_the_span_it_read():
    text = "phones rated 4.2+ stars"
    value, (start, end) = find_rating(text)
    assert value == 4.2 and text[start:end].startswith("rated 4.2")


@pytest.mark.parametrize("text, low, high", [
    ("from 250+ reviews", 250, None), ("fewer than 10,000 reviews", None, 10_000),
    ("between 1,000 and 4,000 reviews", 1000, 4000), ("good reviews (100+)", 100, None),
    ("with 2k reviews", 2000, None), ("a review of the phone", None, None)])
def test_find_reviews(text, low, high):
    assert find_reviews(text)[:2] == (low, high)


@pytest.mark.parametrize("text, specs", [
    ("a 17-inch laptop with 16GB RAM and a 1TB SSD", ["17 inch", "16 gb ram", "1 tb"]),
    ('a 27" monitor at 144Hz', ["27 inch", "144 hz"]),
    ("a 20000mAh power bank", ["20000 mah"]),
    ("a laptop", []),
])
def test_find_specs_normalises_number_and_unit(text, specs):
    assert [s for s, _ in find_specs(text)] == specs


def test_normalise_spec_drops_trailing_zeros_and_marks_memory():
    assert normalise_spec("15.60", "inches") == "15.6 inch"
    assert normalise_spec("8", "GB", "memory") == "8 gb ram"


@pytest.mark.parametrize("text, sort", [
    ("the cheapest laptop", "price_asc"), ("most expensive tv", "price_desc"), ("top rated headphones", "rating_desc"),
    ("best selling mouse", "popular"), ("the newest phones", "newest"), ("a laptop", "")])
def test_find_sort(text, sort):
    assert find_sort(text)[0] == sort


@pytest.mark.parametrize("text", [
    "the most reviewed phone cases", "chargers with plenty of user reviews", "a case with a significant number of reviews",
    "earbuds with a high review count", "bestsellers in cables", "top-selling power banks", "reviewed by many people",
    "a charger with a large number of customer ratings", "cables with loads of reviews"])
def test_a_count_of_reviews_without_a_number_asks_for_popular(text):
    assert find_sort(text)[0] == "popular"


@pytest.mark.parametrize("text, sort", [
    ("cases with good reviews", "rating_desc"), ("a phone with high ratings", "rating_desc"),
    ("at least 500 reviews", ""), ("a review of the laptop", "")])
def test_quality_of_reviews_is_no_count(text, sort):
    assert find_sort(text)[0] == sort


@pytest.mark.parametrize("text, sort", [
    ("headphones sorted by price, lowest first", "price_asc"), ("tvs by price, highest first", "price_desc"),
    ("tvs price high to low", "price_desc"), ("price low to high", "price_asc"), ("sort by price", "price_asc"),
    ("laptops, most expensive first", "price_desc"), ("show me tvs from cheapest to most expensive", "price_asc"),
])
def test_an_order_said_outright(text, sort):
    from assistant.parse.measures import find_sort

    assert find_sort(text)[0] == sort
