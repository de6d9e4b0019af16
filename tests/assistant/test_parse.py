"""The rules-only parser: intents, prices, brands, colours, references."""

from __future__ import annotations

import pytest

from assistant.parse import BrandVocabulary, RuleParser
from assistant.types import DialogueState, Intent

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
])
def test_price_phrases(text, low, high):
    f = parse(text).constraints.filters
    assert (f.price_min, f.price_max) == (low, high)


@pytest.mark.parametrize("text", ["17 inch laptop", "16GB RAM laptop", "rated over 4 stars", "more than 150 reviews"])
def test_specs_and_ratings_are_not_prices(text):
    f = parse(text).constraints.filters
    assert (f.price_min, f.price_max) == (None, None)


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


@pytest.mark.parametrize("text", ["", "   ", "🙂🛒", "x" * 10_000, "ordinateur portable pas cher 笔记本电脑"])
def test_odd_input_never_raises(text):
    parse(text)
