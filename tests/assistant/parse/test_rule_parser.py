"""The rules-only parser and the rules every parser shares: intents, prices, ratings, review
counts, specs, sort order, types, brands, colours, references, odd input."""

from __future__ import annotations

import pytest

from assistant.core.types import DialogueState, Intent
from assistant.parse import prices
from assistant.parse.brands import BrandVocabulary
from assistant.parse.rule_parser import RuleParser

parser = RuleParser(BrandVocabulary.from_brands(["HP", "DELL", "Logitech", "Kingston Technology", "Apple", "ACT", "Sony"]))


def parse(text, state=None):
    return parser.parse(text, state or DialogueState())


@pytest.mark.parametrize("text, low, high", [
    ("a wireless mouse under $30", None, 30),
    ("gaming laptop under $1,500", None, 1500),
    ("laptops below 1.5k", None, 1500),
    ("phones between $100 and $200 rated 4.2+ stars", 100, 200),
    ("speaker $50-$80", 50, 80),
    ("monitor over 300 dollars", 300, None),
    ("keyboard around $50", 40, 60),
    ("between 2000 and 1000 dollars", 1000, 2000),
    ("a laptop under five hundred dollars", None, 500),
    ("Huawei P30 Pro unlocked. Maximum price: $300.", None, 300),
    ("a dual charger that does not cost more than $15", None, 15),
    ("headphones for under €80", None, 80),
])
def test_price_phrases(text, low, high):
    f = parse(text).constraints.filters
    assert (f.price_min, f.price_max) == (low, high)


@pytest.mark.parametrize("text", ["17 inch laptop", "16GB RAM laptop", "rated over 4 stars", "more than 150 reviews",
                                  "cases with ratings of at least 4.6 but fewer than 10,000 reviews", "iphone 11 case"])
def test_specs_ratings_and_counts_are_not_prices(text):
    f = parse(text).constraints.filters
    assert (f.price_min, f.price_max) == (None, None)


@pytest.mark.parametrize("text, rating, low, high", [
    ("Show me 6-inch screen phones between $100 and $200 and rated 4.2+ stars from 250+ reviews.", 4.2, 250, None),
    ("Rating should be above 4 stars and number of reviews should be greater than 400.", 4.0, 400, None),
    ("flip phones that have 3.6 plus rating", 3.6, None, None),
    ("cases rated 4.3 stars or higher with between 1,000 and 4,000 reviews", 4.3, 1000, 4000),
    ("OtterBox cases with ratings of at least 4.6 but fewer than 10,000 reviews", 4.6, None, 10000),
    ("bags for men with good reviews (100+)", None, 100, None),
    ("iPhone 11 Pro with 12,000 reviews or higher", None, 12000, None),
])
def test_ratings_and_review_counts(text, rating, low, high):
    c = parse(text).constraints
    assert (c.rating_min, c.reviews_min, c.reviews_max) == (rating, low, high)


@pytest.mark.parametrize("text, specs", [
    ("17-inch laptop with 1TB SSD and 16GB RAM", ("17 inch", "1 tb", "16 gb ram")),
    ('a 27" monitor', ("27 inch",)),
    ("Find me 3.5mm charging cable", ("3.5 mm",)),
    ("Anker 4-port USB charger", ("4 port",)),
    ("a 3-in-1 charging station", ()),
])
def test_size_and_capacity_specs(text, specs):
    assert parse(text).constraints.specs == specs


@pytest.mark.parametrize("text, sort", [
    ("cheapest toner", "price_asc"), ("cheap apple 18W charger", "price_asc"), ("most expensive laptop", "price_desc"),
    ("top rated phone cases", "rating_desc"), ("magnetic holders with strong customer ratings", "rating_desc"),
    ("the most popular cases", "popular"), ("huawei phones with a lot of reviews", "popular"),
    ("latest blackberry phones", "newest"), ("a new unlocked phone", ""),
])
def test_sort_order(text, sort):
    assert parse(text).constraints.sort == sort


@pytest.mark.parametrize("text, product_type", [
    ("gaming laptops", "laptop"), ("I'm looking for an OtterBox Galaxy A20 case with 4+ stars", "case"),
    ("portable charger for Gear S3", "power bank"), ("cell phone bags for men", "bag"), ("head phones", "headphones"),
    ("screen protector for the iPhone 11", "screen protector"), ("something nice", ""),
])
def test_product_type_is_read_but_not_a_hard_filter(text, product_type):
    c = parse(text).constraints
    assert c.product_type == product_type
    assert c.filters.product_types == ()


def test_brands_negation_and_aliases():
    f = parse("kingston usb stick but not HP or Sony").constraints.filters
    assert f.brands == ("kingston technology",)
    assert set(f.exclude_brands) == {"hp", "sony"}


def test_everyday_words_are_not_brands_unless_capitalised():
    assert parse("I want to act fast, an apple pie dish").constraints.filters.brands == ()
    assert parse("Apple iphone").constraints.filters.brands == ("apple",)


def test_colour_and_query_words():
    q = parse("show me a black logitech keyboard please")
    assert q.constraints.filters.colours == ("black",)
    assert q.constraints.filters.brands == ("logitech",)
    assert q.constraints.query == "keyboard"


@pytest.mark.parametrize("text, intent", [
    ("hi there!", Intent.SMALL_TALK), ("help", Intent.HELP), ("start over", Intent.START_OVER),
    ("compare the first two", Intent.COMPARE), ("tell me more about the second one", Intent.ASK_PRODUCT),
    ("show me more", Intent.SHOW_MORE), ("cheaper", Intent.CHEAPER), ("I want a real person", Intent.HUMAN_AGENT),
    ("gaming laptop", Intent.SEARCH),
])
def test_intents(text, intent):
    assert parse(text).intent is intent


def test_references():
    assert parse("compare the first two").references == (0, 1)
    assert parse("tell me about the second one").references == (1,)
    assert parse("what about #3").references == (2,)


def test_numbers_in_words():
    assert prices.numbers_in_words("between one hundred and two hundred dollars") == "between 100 and 200 dollars"
    assert prices.numbers_in_words("a laptop for a grand") == "a laptop for 1000"
    assert prices.numbers_in_words("compare the first two") == "compare the first two"


def test_feedback_state_is_copied_for_the_ranker():
    state = DialogueState(liked=["a"], disliked=["b"])
    q = parse("gaming laptop", state)
    assert (q.liked, q.disliked) == (("a",), ("b",))


@pytest.mark.parametrize("text", ["", "   ", "🙂🛒", "x" * 10_000, "ordinateur portable pas cher 笔记本电脑",
                                  "laptop " * 3000, "$$$ ??? 4.5.6 -- ''", "under $ and over $"])
def test_odd_input_never_raises(text):
    q = parse(text)
    assert len(q.text) <= 2000
